// Start-up, memory and throughput of one-shot commands (issue 6), every figure
// a median over interleaved runs, every comparison a ratio measured in this run.
//
//   npm run bench            (builds the bundle and the single executable first)
//   node src/bench/startup.mjs [--runs N]
//
// Rows: one-shot `airsign sign` (bundle, executable) for a legacy and an
// EIP-1559 transaction, next to `node -e 0`, an ethers v6 script and a viem
// script doing the same (mnemonic -> m/44'/60'/0'/0/0 -> signTransaction);
// peak resident memory of each; `airsign address --count 1000` next to ethers
// HDNodeWallet.deriveChild; BIP-39 seeds per second, node:crypto vs @noble/hashes.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pbkdf2Sync } from 'node:crypto'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15
const MNEMONIC = 'test test test test test test test test test test test junk'
const LEGACY = '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080'
const EIP1559 = JSON.stringify({ type: 2, chainId: 1, nonce: 9, maxPriorityFeePerGas: '1000000000', maxFeePerGas: '20000000000', gas: 21000, to: '0x3535353535353535353535353535353535353535', value: '1000000000000000000' })
const exe = join(root, 'dist/airsign')
const bundle = join(root, 'bin/airsign')
const haveTime = existsSync('/usr/bin/time')
const tmp = mkdtempSync(join(tmpdir(), 'airsign-bench-'))

// Peer scripts, written to a temp dir and resolved against this project's node_modules.
const peer = (name, body) => {
  const f = join(tmp, name)
  writeFileSync(f, `import { createRequire } from 'node:module'\nconst require = createRequire(${JSON.stringify(join(root, 'package.json'))})\n${body}`)
  return f
}
const ethersSign = peer('ethers-sign.mjs', `
const { HDNodeWallet } = require('ethers')
const legacy = { type: 0, chainId: 1, nonce: 9, gasPrice: 20000000000n, gasLimit: 21000n, to: '0x3535353535353535353535353535353535353535', value: 10n ** 18n }
const t1559 = { type: 2, chainId: 1, nonce: 9, maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 2n * 10n ** 10n, gasLimit: 21000n, to: legacy.to, value: legacy.value }
const w = HDNodeWallet.fromPhrase(process.env.AIRSIGN_MNEMONIC)
process.stdout.write(await w.signTransaction(process.argv[2] === '1559' ? t1559 : legacy) + '\\n')`)
let viemOk = true
try {
  await import(join(root, 'node_modules/viem/_esm/index.js'))
} catch {
  viemOk = false
}
const viemSign = peer('viem-sign.mjs', `
const { mnemonicToAccount } = await import(${JSON.stringify(join(root, 'node_modules/viem/_esm/accounts/index.js'))})
const a = mnemonicToAccount(process.env.AIRSIGN_MNEMONIC)
const legacy = { type: 'legacy', chainId: 1, nonce: 9, gasPrice: 20000000000n, gas: 21000n, to: '0x3535353535353535353535353535353535353535', value: 10n ** 18n }
const t1559 = { type: 'eip1559', chainId: 1, nonce: 9, maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 2n * 10n ** 10n, gas: 21000n, to: legacy.to, value: legacy.value }
process.stdout.write(await a.signTransaction(process.argv[2] === '1559' ? t1559 : legacy) + '\\n')`)
// The floor of any Node signer: the legacy example signed with node:crypto alone (keccak from
// @noble/hashes), no argument parser, no input checks, no self-check. It prints r, s and v, which
// must occur in airsign's output.
// CommonJS, as the bundle is (an .mjs would add Node's ES module loader to the floor).
const floorSign = join(tmp, 'floor-sign.cjs')
writeFileSync(floorSign, `'use strict'
const c = require('node:crypto')
const { keccak_256 } = require(${JSON.stringify(join(root, 'node_modules/@noble/hashes/sha3.js'))})
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const b2i = (b) => BigInt('0x' + Buffer.from(b).toString('hex'))
const i2b = (i) => Buffer.from(i.toString(16).padStart(64, '0'), 'hex')
const seed = c.pbkdf2Sync(process.env.AIRSIGN_MNEMONIC.normalize('NFKD'), 'mnemonic', 2048, 64, 'sha512')
const e = c.createECDH('secp256k1')
let I = c.createHmac('sha512', 'Bitcoin seed').update(seed).digest()
let k = I.subarray(0, 32)
for (const idx of [0x8000002c, 0x8000003c, 0x80000000, 0, 0]) {
  const ser = Buffer.alloc(4)
  ser.writeUInt32BE(idx)
  let data
  if (idx >= 0x80000000) data = Buffer.concat([Buffer.alloc(1), k, ser])
  else { e.setPrivateKey(k); data = Buffer.concat([e.getPublicKey(null, 'compressed'), ser]) }
  I = c.createHmac('sha512', I.subarray(32)).update(data).digest()
  k = i2b((b2i(I.subarray(0, 32)) + b2i(k)) % N)
}
const z = keccak_256(Buffer.from('${LEGACY.slice(2)}', 'hex'))
const h = (K, ...d) => { const m = c.createHmac('sha256', K); for (const x of d) m.update(x); return m.digest() }
let V = Buffer.alloc(32, 1), K = Buffer.alloc(32)
const h1 = i2b(b2i(z) % N)
K = h(K, V, Buffer.of(0), k, h1); V = h(K, V); K = h(K, V, Buffer.of(1), k, h1); V = h(K, V); V = h(K, V)
const kk = b2i(V)
e.setPrivateKey(V)
const R = e.getPublicKey()
const r = b2i(R.subarray(1, 33)) % N
const pow = (b, x) => { let y = 1n; b %= N; while (x) { if (x & 1n) y = (y * b) % N; b = (b * b) % N; x >>= 1n } return y }
let s = (pow(kk, N - 2n) * ((b2i(z) + r * b2i(k)) % N)) % N
if (s > N / 2n) s = N - s
process.stdout.write(r.toString(16).padStart(64, '0') + ' ' + s.toString(16).padStart(64, '0') + '\\n')
`)
// The floor executable: that signer packed as a single executable the way airsign's is (one bundle,
// a code cache, the stripped node binary): what a Node executable cannot go below.
const { packExecutable } = await import('./lib/sea.mjs')
const floorExe = await packExecutable(root, floorSign, tmp, 'floor-exe')
const ethersAddresses = peer('ethers-addresses.mjs', `
const { HDNodeWallet } = require('ethers')
const parent = HDNodeWallet.fromPhrase(process.env.AIRSIGN_MNEMONIC, undefined, "m/44'/60'/0'/0")
let out = ''
for (let i = 0; i < 1000; i++) out += parent.deriveChild(i).address + '\\n'
process.stdout.write(out)`)

// Every process runs in a clean environment (PATH and the mnemonic), as on an
// air-gapped machine. The start-up table is printed a second time with the
// environment of the shell that runs the bench, when that sets variables Node
// acts on at start (this workplace sets NODE_EXTRA_CA_CERTS, and then every
// Node process reads and parses the system's CA bundle: node -e 0 takes ~2.5×
// as long).
const cleanEnv = { PATH: process.env.PATH, AIRSIGN_MNEMONIC: MNEMONIC }
const nodeVars = Object.keys(process.env).filter((k) => k.startsWith('NODE_') || k === 'SSL_CERT_FILE' || k === 'SSL_CERT_DIR' || k === 'OPENSSL_CONF')
const shellEnv = { ...process.env, AIRSIGN_MNEMONIC: MNEMONIC }
let env = cleanEnv
function once(cmd, args) {
  const full = haveTime ? ['/usr/bin/time', ['-f', '%M', cmd, ...args]] : [cmd, args]
  const t0 = process.hrtime.bigint()
  const r = spawnSync(full[0], full[1], { env, encoding: 'utf8' })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) return { ms, kib: NaN, ok: false, out: r.stdout, err: r.stderr }
  const kib = haveTime ? Number(r.stderr.trim().split('\n').pop()) : NaN
  return { ms, kib, ok: true, out: r.stdout }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const node = process.execPath
const variants = [
  ['node -e 0', node, ['-e', '0']],
  ['airsign bundle, legacy', node, [bundle, 'sign', '--tx', LEGACY]],
  ['airsign bundle, EIP-1559', node, [bundle, 'sign', '--tx', EIP1559]],
  ['airsign executable, legacy', exe, ['sign', '--tx', LEGACY]],
  ['airsign executable, EIP-1559', exe, ['sign', '--tx', EIP1559]],
  ['ethers v6 script, legacy', node, [ethersSign, 'legacy']],
  ['ethers v6 script, EIP-1559', node, [ethersSign, '1559']],
  ...(viemOk ? [['viem script, legacy', node, [viemSign, 'legacy']], ['viem script, EIP-1559', node, [viemSign, '1559']]] : []),
  ['floor: bare node:crypto signer, legacy', node, [floorSign]],
  ['floor executable: the same signer packed as airsign is, legacy', floorExe, []],
]
function startupTable(title) {
  // One warm-up each (page cache), then interleaved runs so that machine noise hits all alike.
  // The warm-up also checks that every signer printed the same signed transaction.
  const outputs = new Map()
  const usable = variants.filter(([name, cmd, args]) => {
    if (cmd === exe && !existsSync(exe)) return console.error(`skip ${name}: dist/airsign missing (npm run build:binary)`), false
    const r = once(cmd, args)
    if (!r.ok) console.error(`skip ${name}: exit failed: ${(r.err ?? '').trim().split('\n').at(-2) ?? ''}`)
    if (r.ok && name.startsWith('floor')) {
      const [rHex, sHex] = r.out.trim().split(' ')
      if (!outputs.get('legacy')?.includes(`a0${rHex}a0${sHex}`)) throw new Error(`the floor signer's r, s are not airsign's: ${r.out}`)
    } else if (r.ok && name !== 'node -e 0') {
      const kind = name.includes('1559') ? 'EIP-1559' : 'legacy'
      if (outputs.has(kind) && outputs.get(kind) !== r.out) throw new Error(`${name} signed differently: ${r.out} vs ${outputs.get(kind)}`)
      outputs.set(kind, r.out)
    }
    return r.ok
  })
  const samples = new Map(usable.map(([n]) => [n, { ms: [], kib: [] }]))
  for (let i = 0; i < RUNS; i++) {
    for (const [name, cmd, args] of usable) {
      const r = once(cmd, args)
      samples.get(name).ms.push(r.ms)
      samples.get(name).kib.push(r.kib)
    }
  }
  const base = median(samples.get('node -e 0').ms)
  const floorBase = median(samples.get('floor executable: the same signer packed as airsign is, legacy')?.ms ?? [NaN])
  const ethersBase = (kind) => median(samples.get(`ethers v6 script, ${kind}`)?.ms ?? [NaN])
  const viemBase = (kind) => median(samples.get(`viem script, ${kind}`)?.ms ?? [NaN])
  console.log(`\nOne-shot start-up, ${title} (median of ${RUNS} interleaved runs; Node ${process.version}; same signed output checked)\n`)
  console.log('| command | median ms | × node -e 0 | × floor executable | × ethers script | × viem script | peak RSS MiB |')
  console.log('|---|---:|---:|---:|---:|---:|---:|')
  const verdicts = []
  for (const [name] of usable) {
    const s = samples.get(name)
    const m = median(s.ms)
    const mib = median(s.kib) / 1024
    const kind = name.includes('1559') ? 'EIP-1559' : 'legacy'
    const peer = name === 'node -e 0' ? ['', ''] : [(m / ethersBase(kind)).toFixed(2), (m / viemBase(kind)).toFixed(2)]
    console.log(`| ${name} | ${m.toFixed(1)} | ${(m / base).toFixed(2)} | ${(m / floorBase).toFixed(2)} | ${peer[0]} | ${peer[1]} | ${mib.toFixed(1)} |`)
    if (name.startsWith('airsign executable')) verdicts.push(`${name}: ${(m / floorBase).toFixed(2)}× the floor executable (target ≤ 1.25: ${m / floorBase <= 1.25 ? 'met' : 'NOT met'}), ${(m / base).toFixed(2)}× node -e 0, ${mib.toFixed(1)} MiB peak RSS (target ≤ 55: ${mib <= 55 ? 'met' : 'NOT met'})`)
  }
  console.log('\n' + verdicts.map((v) => `- ${v}`).join('\n'))
  if (existsSync(exe)) console.log(`- the executable dist/airsign: ${(statSync(exe).size / 2 ** 20).toFixed(1)} MiB (stripped); the floor executable: ${(statSync(floorExe).size / 2 ** 20).toFixed(1)} MiB`)
}
startupTable('clean environment (PATH and AIRSIGN_MNEMONIC only)')
if (nodeVars.length > 0) {
  env = shellEnv
  startupTable(`this shell's environment (it sets ${nodeVars.join(', ')})`)
  env = cleanEnv
}

// Addresses: one process each, 1000 addresses, interleaved.
const addr = [
  ['airsign address --count 1000 (bundle)', node, [bundle, 'address', '--count', '1000']],
  ...(existsSync(exe) ? [['airsign address --count 1000 (executable)', exe, ['address', '--count', '1000']]] : []),
  ['ethers deriveChild ×1000', node, [ethersAddresses]],
]
const a0 = addr.map(([, c, a]) => once(c, a))
if (a0[0].out !== a0[a0.length - 1].out) throw new Error('airsign and ethers disagree on the 1000 addresses')
const aSamples = addr.map(() => [])
for (let i = 0; i < Math.max(5, Math.floor(RUNS / 3)); i++) addr.forEach(([, c, a], j) => aSamples[j].push(once(c, a).ms))
const ethersMs = median(aSamples[aSamples.length - 1])
console.log('\nAddresses (whole process, 1000 addresses; equal output checked)\n')
console.log('| command | median ms | addresses/s | × ethers rate |')
console.log('|---|---:|---:|---:|')
addr.forEach(([name], j) => {
  const m = median(aSamples[j])
  console.log(`| ${name} | ${m.toFixed(1)} | ${(1000 / (m / 1000)).toFixed(0)} | ${(ethersMs / m).toFixed(2)} |`)
})

// Seeds per second, in this process.
const { pbkdf2 } = await import(join(root, 'node_modules/@noble/hashes/pbkdf2.js'))
const { sha512 } = await import(join(root, 'node_modules/@noble/hashes/sha2.js'))
const seedRate = (f) => {
  f()
  const t0 = performance.now()
  let n = 0
  while (performance.now() - t0 < 1000) {
    f()
    n++
  }
  return n / ((performance.now() - t0) / 1000)
}
const phrase = Buffer.from(MNEMONIC)
const nativeRate = seedRate(() => pbkdf2Sync(phrase, 'mnemonic', 2048, 64, 'sha512'))
const nobleRate = seedRate(() => pbkdf2(sha512, phrase, 'mnemonic', { c: 2048, dkLen: 64 }))
console.log('\nBIP-39 seeds (PBKDF2-HMAC-SHA512, 2048 rounds), warm, in-process\n')
console.log('| implementation | seeds/s | × noble |')
console.log('|---|---:|---:|')
console.log(`| node:crypto pbkdf2Sync | ${nativeRate.toFixed(0)} | ${(nativeRate / nobleRate).toFixed(2)} |`)
console.log(`| @noble/hashes pbkdf2 | ${nobleRate.toFixed(0)} | 1.00 |`)
rmSync(tmp, { recursive: true, force: true })
