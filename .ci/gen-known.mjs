// Generate the shipped address tables in src/clear/known/ from the npm packages they come from,
// and their manifest (source package, version, file, sha256 of the source file and of the output).
//
//   mkdir -p /tmp/pkgs && cd /tmp/pkgs && npm pack @safe-global/safe-deployments@1.37.62 \
//     micro-eth-signer@0.20.1 @metamask/delegation-deployments@2.0.0 \
//     && for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
//   node .ci/gen-known.mjs /tmp/pkgs
//
// viem (a devDependency, pinned in package-lock.json) is read from node_modules.
// Run by hand when a source is updated; the output is committed. `src/clear/known.test.ts`
// checks every output file against the manifest.
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const pkgs = process.argv[2]
if (!pkgs) throw new Error('usage: node .ci/gen-known.mjs DIR-WITH-UNPACKED-PACKAGES')
const out = join(root, 'src/clear/known')
const sha = (b) => createHash('sha256').update(b).digest('hex')
const sources = []
const read = (pkg, version, path, base) => {
  const text = readFileSync(join(base, path))
  sources.push({ package: pkg, version, path, sha256: sha(text) })
  return text.toString('utf8')
}

// Safe: every contract of every version in safe-deployments (MIT), with its deployment variants.
const safeBase = join(pkgs, 'safe-global-safe-deployments-1.37.62/package')
const safe = []
for (const v of readdirSync(join(safeBase, 'src/assets')).sort()) {
  for (const f of readdirSync(join(safeBase, 'src/assets', v)).sort()) {
    const j = JSON.parse(read('@safe-global/safe-deployments', '1.37.62', `src/assets/${v}/${f}`, safeBase))
    for (const [variant, d] of Object.entries(j.deployments)) safe.push({ contract: j.contractName, version: j.version, variant, address: d.address })
  }
}

// Tokens: micro-eth-signer's DEFAULT_TOKENS (MIT, (c) 2021 Paul Miller), Ethereum mainnet.
const tokText = read('micro-eth-signer', '0.20.1', 'src/abi/tokens.ts', join(pkgs, 'micro-eth-signer-0.20.1/package'))
const tokens = []
for (const m of tokText.matchAll(/'(0x[0-9a-f]{40})': \{\s*symbol: '([^']+)',\s*decimals: (\d+)/g)) tokens.push({ chainId: 1, address: m[1], symbol: m[2], decimals: Number(m[3]) })
if (tokens.length < 50) throw new Error(`expected ~54 tokens, found ${tokens.length}`)

// EIP-7702 delegates with a published deployment: MetaMask's EIP7702StatelessDeleGator
// (delegation-deployments, MIT-0 OR Apache-2.0) and the Simple7702Account implementations viem uses.
const delegates = []
const mmBase = join(pkgs, 'metamask-delegation-deployments-2.0.0/package')
read('@metamask/delegation-deployments', '2.0.0', 'dist/index.cjs', mmBase)
const mm = createRequire(join(mmBase, 'x.js'))('./dist/index.cjs')
const seen = new Map()
for (const [version, chains] of Object.entries(mm.DELEGATOR_CONTRACTS)) {
  for (const [chainId, contracts] of Object.entries(chains)) {
    const a = contracts.EIP7702StatelessDeleGatorImpl
    if (!a) continue
    const key = `${version} ${a.toLowerCase()}`
    if (!seen.has(key)) seen.set(key, { name: `MetaMask EIP7702StatelessDeleGator ${version}`, address: a, chains: [] })
    seen.get(key).chains.push(Number(chainId))
  }
}
for (const d of seen.values()) delegates.push({ ...d, chains: d.chains.sort((x, y) => x - y), source: '@metamask/delegation-deployments@2.0.0 dist/index.cjs DELEGATOR_CONTRACTS' })
const viemRoot = join(root, 'node_modules/viem')
const viemVersion = JSON.parse(readFileSync(join(viemRoot, 'package.json'), 'utf8')).version
const simple = read('viem', viemVersion, '_esm/account-abstraction/accounts/implementations/toSimple7702SmartAccount.js', viemRoot)
const m08 = /entryPoint === '0\.9'\)\s*return '(0x[0-9a-fA-F]{40})';\s*return '(0x[0-9a-fA-F]{40})'/.exec(simple)
if (!m08) throw new Error('viem Simple7702Account addresses not found')
delegates.push({ name: 'Simple7702Account (EntryPoint 0.8)', address: m08[2], chains: null, source: `viem@${viemVersion} toSimple7702SmartAccount` })
delegates.push({ name: 'Simple7702Account (EntryPoint 0.9)', address: m08[1], chains: null, source: `viem@${viemVersion} toSimple7702SmartAccount` })

const files = { 'safe-deployments.json': safe, 'tokens.json': tokens, 'delegates.json': delegates }
const manifest = { generator: '.ci/gen-known.mjs', sources, files: [] }
for (const [name, data] of Object.entries(files)) {
  const text = JSON.stringify(data, null, 1) + '\n'
  writeFileSync(join(out, name), text)
  manifest.files.push({ path: name, sha256: sha(text), entries: data.length })
}
manifest.licences = {
  'safe-deployments.json': 'MIT (safe-global/safe-deployments)',
  'tokens.json': 'MIT, (c) 2021 Paul Miller (micro-eth-signer)',
  'delegates.json': 'MIT-0 OR Apache-2.0 (MetaMask delegation-framework deployments); MIT (viem, (c) 2023-present weth, LLC)',
}
writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 1) + '\n')
console.error(`safe ${safe.length}, tokens ${tokens.length}, delegates ${delegates.length}`)
