/**
 * Foundry's `cast` (1.7.1, the devDependency) as a third oracle (issue 16, item 3).
 * Seeded differential cases, every one through both built programs as subprocesses:
 *
 * - `cast mktx` (legacy, EIP-2930, EIP-1559 with and without access list, contract
 *   creation, EIP-7702 with signed authorizations and with `--auth ADDRESS`, EIP-4844
 *   blobs in both wrappers) and `airsign sign`: byte-identical signed transactions,
 *   from a mnemonic (index, path, passphrase) or a raw private key;
 * - `cast decode-transaction` of each signed transaction and `airsign inspect`: the
 *   same fields, the same sender, the same hash;
 * - `cast wallet sign` (text, 0x-hex, --no-hash, EIP-712 `--data --from-file` with
 *   nested structs and arrays) and `airsign sign-message`/`sign-hash`/`sign-typed-data`;
 * - `cast wallet sign-auth` and `airsign sign-authorization`;
 * - `cast wallet address --mnemonic-derivation-path` and `airsign address --path`;
 * - a few of the agreed transactions executed on anvil.
 *
 * Where cast and airsign differ, the "divergences" blocks pin both outputs exactly (with an
 * independent oracle for what cast really signed where there is one); the README's section on
 * cast says who is right by the EIPs and why.
 * cast runs with every field given and no --rpc-url, so it never asks a node; the
 * strace test proves that it opens no network socket.
 *
 * Seeded: AIRSIGN_DIFF_SEED replays another run; a failing case names seed and case.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HDNodeWallet, Wallet } from 'ethers'
import { signTypedData, SignTypedDataVersion } from '@metamask/eth-sig-util'
import { entropyToMnemonic } from '@scure/bip39'
import { wordlist as english } from '@scure/bip39/wordlists/english.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { CAST, startAnvil, type Anvil } from '../test/anvil.js'
import { CAST_HOME, castEnv, castOut, parseCastDecode, runCast } from '../test/cast.js'
import { ROOT, runCli, TEST_MNEMONIC, warningLines, type Run } from '../test/cli.js'
import { prng, seed, testKey, type Rng } from '../test/prng.js'
import { document as typedDocument, type Document, type Types } from '../test/typed-gen.js'
import { straceAvailable, traced } from '../security/trace.js'
import { bytesToHex, hexToBytes } from '../bytes.js'
import * as address from '../address.js'
import { parseTypedData } from '../typed-data.js'
import { authorizationWarnings, typedDataWarnings } from '../clear/risk.js'
import { RISKS } from '../clear/codes.js'

const SEED = seed(0xca57n)
const TMP = mkdtempSync(join(tmpdir(), 'airsign-cast-e2e-'))
const MAX64 = (1n << 64n) - 1n
const MAX128 = (1n << 128n) - 1n
const MAX256 = (1n << 256n) - 1n
const N_MKTX = 21
const N_MESSAGES = 10
const N_TYPED = 8
const N_AUTH = 6
const N_PATHS = 8

const README_TX = '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080'
const README_SIGNED = '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a03016c5b00acdf2ab6417652b9af1b5458ae73a8f2ddbc2ce03ccddde54184f71a0160362f6bf9e0af5a6f543153b85cfce8bce64cf08607f2cfd486fecb81eba1d'
const README_CAST = ['mktx', '--mnemonic', TEST_MNEMONIC, '--legacy', '--chain', '1', '--nonce', '9', '--gas-price', '20000000000', '--gas-limit', '21000', '--value', '1000000000000000000', '0x3535353535353535353535353535353535353535']
const ACCEPT_DELEGATE = ['--accept', 'AUTHORIZATION_UNKNOWN_DELEGATE']

const hex = (b: Uint8Array): string => bytesToHex(b)
const pad32 = (n: bigint): string => n.toString(16).padStart(64, '0')
const file = (name: string, text: string): string => {
  const p = join(TMP, name)
  writeFileSync(p, text)
  return p
}

// ---------------------------------------------------------------- keys

/** A key as both programs take it: cast's options, airsign's options, environment and descriptors. */
type Key = { label: string; cast: string[]; airsign: string[]; env: Record<string, string>; fds: string[]; address: string }

/** A BIP-32 path both accept: hardened levels marked ' or h (cast refuses H: see divergences). */
function path(r: Rng): string {
  const i = (): number => r.pick([0, 1, r.int(100), r.int(2 ** 31), 2 ** 31 - 1])
  const mark = (): string => r.pick(["'", 'h'])
  switch (r.int(4)) {
    case 0: return `m/44${mark()}/60${mark()}/${r.int(10)}${mark()}/0/${i()}`
    case 1: return `m/44'/60'/${i()}'/0/0`
    case 2: return `m/44'/60'/0'/${i()}`
    default: return 'm' + Array.from({ length: 1 + r.int(6) }, () => `/${i()}${r.int(2) ? mark() : ''}`).join('')
  }
}

function key(r: Rng, i: number): Key {
  switch (i % 4) {
    case 0: {
      const n = r.int(20)
      return { label: `test mnemonic, --mnemonic-index ${n}`, cast: ['--mnemonic', TEST_MNEMONIC, '--mnemonic-index', String(n)], airsign: ['--index', String(n)], env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC }, fds: [], address: HDNodeWallet.fromPhrase(TEST_MNEMONIC, '', `m/44'/60'/0'/0/${n}`).address }
    }
    case 1: {
      const m = entropyToMnemonic(r.bytes(r.pick([16, 20, 24, 28, 32])), english)
      const p = path(r)
      return { label: `random ${m.split(' ').length}-word mnemonic, path ${p}`, cast: ['--mnemonic', m, '--mnemonic-derivation-path', p], airsign: ['--path', p], env: { AIRSIGN_MNEMONIC: m }, fds: [], address: HDNodeWallet.fromPhrase(m, '', p.replaceAll('h', "'")).address }
    }
    case 2: {
      // passphrases NFKD leaves as they are: cast does not normalize (see divergences)
      const pass = r.pick(['TREZOR', 'correct horse battery staple', ' x ', `p${r.u64()}`, '日本 Straße'])
      const n = r.int(5)
      return { label: `test mnemonic with passphrase ${JSON.stringify(pass)}, index ${n}`, cast: ['--mnemonic', TEST_MNEMONIC, '--mnemonic-passphrase', pass, '--mnemonic-index', String(n)], airsign: ['--index', String(n)], env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC, AIRSIGN_PASSPHRASE: pass }, fds: [], address: HDNodeWallet.fromPhrase(TEST_MNEMONIC, pass, `m/44'/60'/0'/0/${n}`).address }
    }
    default: {
      const k = hex(testKey(r))
      return { label: 'raw private key', cast: ['--private-key', k], airsign: ['--private-key-file', '/dev/fd/3'], env: {}, fds: [k + '\n'], address: new Wallet(k).address }
    }
  }
}

// ---------------------------------------------------------------- transactions

const KINDS = ['legacy', 'eip2930', 'eip1559', 'eip1559-al', 'eip7702', 'eip7702-self', 'create'] as const
type Kind = (typeof KINDS)[number]
type Auth = { rlp: string; json: Record<string, unknown> }
type MktxCase = { name: string; kind: Kind; key: Key; castArgs: string[]; tx: Record<string, unknown>; accept: boolean }

const quantity = (r: Rng, edges: readonly bigint[], max: bigint): bigint => (r.int(3) === 0 ? r.pick(edges) : r.big(max))
const randomAddress = (r: Rng): string => (r.int(2) ? hex(r.bytes(20)) : address.toChecksum(r.bytes(20)))
function accessList(r: Rng, min: number): { address: string; storageKeys: string[] }[] {
  return Array.from({ length: min + r.int(3) }, () => ({ address: hex(r.bytes(20)), storageKeys: Array.from({ length: r.int(3) }, () => hex(r.bytes(32))) }))
}

/** An authorization signed by airsign (sign-authorization --json), with a key of its own. */
async function signAuth(k: Key, chainId: bigint, delegate: string, nonce: bigint): Promise<Auth> {
  const r = await runCli(['sign-authorization', ...k.airsign, '--chain-id', String(chainId), '--address', delegate, '--nonce', String(nonce), '--json', ...ACCEPT_DELEGATE], { env: k.env, extraFds: k.fds })
  if (r.code !== 0) throw new Error(`sign-authorization: ${r.stderr}`)
  const j = JSON.parse(r.stdout) as Record<string, unknown>
  return { rlp: j.rlp as string, json: { chainId: j.chainId, address: j.address, nonce: j.nonce, yParity: j.yParity, r: j.r, s: j.s } }
}

/**
 * One seeded case: cast's arguments and the same transaction as airsign's JSON.
 * Chain ids avoid those cast silently turns into legacy (30, 250 …: see divergences).
 */
async function mktxCase(r: Rng, i: number): Promise<MktxCase> {
  const kind = KINDS[i % KINDS.length]!
  const k = key(r, i)
  const chainId = r.pick([1n, 10n, 137n, 8453n, 31337n, 11155111n, 1n + r.big(2n ** 32n), 2n ** 53n + 5n, MAX64])
  const nonce = kind === 'eip7702-self' ? r.big(2n ** 40n) : quantity(r, [0n, 1n, 2n ** 32n, MAX64 - 1n], 2n ** 40n)
  const gas = r.pick([21000n, 2n ** 24n, 21000n + r.big(2n ** 24n - 21000n)])
  const value = quantity(r, [0n, 1n, MAX256], MAX256)
  const to = kind === 'create' ? null : randomAddress(r)
  const legacyType = kind === 'legacy' || kind === 'eip2930' || (kind === 'create' && r.int(2) === 0)
  const tx: Record<string, unknown> = { type: 0, chainId: String(chainId), nonce: String(nonce) }
  const fees: string[] = []
  if (legacyType) {
    const gasPrice = quantity(r, [0n, 1n, MAX128], MAX128)
    tx.gasPrice = String(gasPrice)
    fees.push('--legacy', '--gas-price', String(gasPrice))
  } else {
    const maxFee = quantity(r, [0n, 1n, MAX128], MAX128)
    const tip = r.int(4) === 0 ? maxFee : r.big(maxFee)
    Object.assign(tx, { type: 2, maxFeePerGas: String(maxFee), maxPriorityFeePerGas: String(tip) })
    fees.push('--gas-price', String(maxFee), '--priority-gas-price', String(tip))
  }
  Object.assign(tx, { gas: String(gas), to, value: String(value) })
  const castArgs = ['mktx', ...k.cast, '--chain', String(chainId), '--nonce', String(nonce), '--gas-limit', String(gas), '--value', String(value), ...fees]
  if (kind === 'eip2930' || kind === 'eip1559-al') {
    const al = accessList(r, kind === 'eip2930' ? 0 : 1)
    tx.accessList = al
    if (kind === 'eip2930') tx.type = 1
    castArgs.push('--access-list', JSON.stringify(al))
  }
  let accept = false
  if (kind === 'eip7702') {
    tx.type = 4
    const auths: Auth[] = []
    for (let a = 0; a < 1 + r.int(2); a++) {
      const signer = key(r, r.pick([0, 3]))
      auths.push(await signAuth(signer, r.pick([0n, chainId, 1n + r.big(2n ** 32n)]), randomAddress(r), quantity(r, [0n, MAX64 - 1n], 2n ** 32n)))
    }
    tx.authorizationList = auths.map((a) => a.json)
    for (const a of auths) castArgs.push('--auth', a.rlp)
    accept = true
  } else if (kind === 'eip7702-self') {
    // cast signs the authorization itself, with the sender's key, for nonce + 1 (the sender's
    // nonce is incremented before the authorization list is processed) and the transaction's chain.
    tx.type = 4
    const delegate = randomAddress(r)
    tx.authorizationList = [(await signAuth(k, chainId, delegate, nonce + 1n)).json]
    castArgs.push('--auth', delegate)
    accept = true
  }
  // calldata: none, raw bytes, or an ABI call that cast encodes from its signature
  const dataKind = kind === 'create' ? 3 : r.int(3)
  if (dataKind === 1) {
    const d = hex(r.bytes(1 + r.int(64)))
    tx.data = d
    castArgs.push(to!, d)
  } else if (dataKind === 2) {
    const dest = hex(r.bytes(20))
    const amount = r.big(MAX256)
    tx.data = '0xa9059cbb' + pad32(BigInt(dest)) + pad32(amount)
    castArgs.push(to!, 'transfer(address,uint256)', dest, String(amount))
  } else if (dataKind === 3) {
    const code = hex(r.bytes(1 + r.int(100)))
    tx.data = code
    castArgs.push('--create', code)
  } else {
    tx.data = '0x'
    castArgs.push(to!)
  }
  return { name: `case ${i}: ${kind}, ${k.label}, chain ${chainId}, nonce ${nonce}`, kind, key: k, castArgs, tx, accept }
}

/** airsign inspect of a transaction (hex or JSON), parsed. */
async function inspect(tx: string): Promise<Record<string, unknown>> {
  const r = await runCli(['inspect', '--tx', tx])
  if (r.code !== 0) throw new Error(`inspect: ${r.stderr}`)
  return JSON.parse(r.stdout) as Record<string, unknown>
}

/** What `airsign sign` prints on stderr for a transaction: the review's warnings (inspect shows the same list). */
const signStderr = (view: Record<string, unknown>): string => warningLines(view.warnings as { severity: string; code: string; path: string; message: string }[])

/**
 * cast decode-transaction's fields as airsign inspect writes them: quantities to decimal
 * strings, addresses to EIP-55, r and s to 32 bytes, type to a number. Any field cast
 * prints that this does not know fails the comparison (a new field must be looked at).
 */
function castAsInspect(c: Record<string, unknown>): Record<string, unknown> {
  const q = (v: unknown): string => BigInt(v as string).toString()
  const word = (v: unknown): string => '0x' + pad32(BigInt(v as string))
  const addr = (v: unknown): string | null => (v === null ? null : address.toChecksum(hexToBytes(v as string, 'address')))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(c)) {
    switch (k) {
      case 'signer': out.from = addr(v); break
      case 'type': out.type = Number(BigInt(v as string)); break
      case 'chainId': case 'nonce': case 'gasPrice': case 'gas': case 'maxFeePerGas': case 'maxPriorityFeePerGas': case 'value': case 'maxFeePerBlobGas': case 'v': out[k] = q(v); break
      case 'yParity': out.yParity = Number(BigInt(v as string)); break
      case 'to': out.to = addr(v); break
      case 'input': out.data = v; break
      case 'r': case 's': out[k] = word(v); break
      case 'hash': out.hash = v; break
      case 'blobVersionedHashes': out.blobVersionedHashes = v; break
      case 'accessList': out.accessList = (v as { address: string; storageKeys: string[] }[]).map((e) => ({ address: addr(e.address), storageKeys: e.storageKeys })); break
      case 'authorizationList':
        out.authorizationList = (v as Record<string, string>[]).map((a) => ({ chainId: q(a.chainId), address: addr(a.address), nonce: q(a.nonce), yParity: Number(BigInt(a.yParity!)), r: word(a.r), s: word(a.s) }))
        break
      default: out[`UNEXPECTED ${k}`] = v
    }
  }
  return out
}

/** The fields of airsign inspect's object that cast decode-transaction also prints. */
function inspectShared(a: Record<string, unknown>): Record<string, unknown> {
  const keep = ['from', 'type', 'chainId', 'nonce', 'gasPrice', 'gas', 'maxFeePerGas', 'maxPriorityFeePerGas', 'to', 'value', 'data', 'accessList', 'authorizationList', 'maxFeePerBlobGas', 'blobVersionedHashes', 'r', 's', 'v', 'yParity', 'hash']
  const out: Record<string, unknown> = {}
  for (const k of keep) {
    if (!(k in a)) continue
    // cast prints no yParity for a legacy transaction (its v says it), and no authority per authorization
    if (k === 'yParity' && a.type === 0) continue
    out[k] = k === 'authorizationList' ? (a[k] as Record<string, unknown>[]).map(({ authority: _a, ...rest }) => rest) : a[k]
  }
  return out
}

// ---------------------------------------------------------------- the suite

let node: Anvil
beforeAll(async () => {
  node = await startAnvil()
})
afterAll(async () => {
  await node?.stop()
  for (const dir of [TMP, CAST_HOME]) rmSync(dir, { recursive: true, force: true })
})

describe('cast mktx: the README example', () => {
  test('cast and airsign print the same signed transaction', async () => {
    expect(await runCast(README_CAST)).toEqual({ code: 0, stdout: README_SIGNED + '\n', stderr: '' })
    expect(await runCli(['sign', '--mnemonic-file', '-', '--tx', README_TX], { stdin: TEST_MNEMONIC + '\n' })).toEqual({ code: 0, stdout: README_SIGNED + '\n', stderr: '' })
  })
})

describe('cast runs offline for these subcommands', () => {
  test('under strace: no socket(), connect() or bind(); the only network-class call is the AF_UNIX socketpair of its async runtime', async () => {
    if (!straceAvailable()) throw new Error('strace is not installed (apt-get install strace): the offline proof cannot run')
    const doc = file('strace-typed.json', JSON.stringify((JSON.parse(readFileSync(join(ROOT, 'test-vectors/eip712/eip712-mail-example.json'), 'utf8')) as { typedData: unknown }).typedData))
    const runs: [string[], string][] = [
      [README_CAST, README_SIGNED + '\n'],
      [['wallet', 'sign', '--mnemonic', TEST_MNEMONIC, 'hello'], ''],
      [['wallet', 'sign', '--mnemonic', TEST_MNEMONIC, '--data', '--from-file', doc], ''],
      [['wallet', 'sign-auth', '--mnemonic', TEST_MNEMONIC, '--chain', '1', '--nonce', '10', '0x3535353535353535353535353535353535353535'], '0xf85a019435353535353535353535353535353535353535350a80a01435a382bd2a1e2d0f84851faf4614943890fd63ae742dfda39866075a276cc6a027f2b5a31e53b77316c62aafcd38971a4c8ec0a4dcc5b47eb7ce76a1ee48bc99\n'],
      [['wallet', 'address', '--mnemonic', TEST_MNEMONIC, '--mnemonic-derivation-path', "m/44'/60'/0'/0/0"], '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n'],
      [['decode-transaction', README_SIGNED], ''],
    ]
    for (const [args, stdout] of runs) {
      const t = await traced([CAST, ...args], { env: castEnv(), cwd: CAST_HOME })
      expect(t.code, args.join(' ')).toBe(0)
      if (stdout) expect(t.stdout).toBe(stdout)
      expect(t.trace, 'a trace was recorded').toMatch(/execve\(/)
      const net = t.trace.split('\n').filter((l) => /^\d+\s+(socket|socketpair|connect|bind|listen|accept4?|sendto|sendmsg|sendmmsg|recvfrom|recvmsg|getsockname|getpeername|setsockopt|getsockopt|shutdown)\(/.test(l))
      expect(net.map((l) => l.replace(/^\d+\s+/, '').replace(/\[\d+, \d+\]/, '[…]')), args[0] + ' ' + args[1]).toEqual(['socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, 0, […]) = 0'])
    }
  }, 30_000)
})

describe(`cast mktx vs airsign sign, ${N_MKTX} seeded transactions of every type cast builds offline (seed ${SEED})`, async () => {
  const r = prng(SEED)
  const cases: MktxCase[] = []
  for (let i = 0; i < N_MKTX; i++) cases.push(await mktxCase(r, i))
  test('the seeded cases cover every kind, every key source, the edges', () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(KINDS))
    expect(cases.filter((c) => c.key.label === 'raw private key').length).toBeGreaterThanOrEqual(5)
    expect(cases.filter((c) => c.key.label.includes('passphrase')).length).toBeGreaterThanOrEqual(5)
  })
  for (const c of cases) {
    test.concurrent(`${c.name}: the same signed bytes; the same fields decoded`, async ({ expect }) => {
      const where = `seed ${SEED}, ${c.name}\ncast ${c.castArgs.join(' ')}\nairsign --tx ${JSON.stringify(c.tx)}`
      const unsigned = JSON.stringify(c.tx)
      const cast = await runCast(c.castArgs)
      expect(cast.stderr, where).toBe('')
      expect(cast.code, where).toBe(0)
      const raw = cast.stdout.trim()
      // decode-transaction vs inspect: the same fields, sender and hash; inspect's warnings are what sign prints
      const [decoded, mine, a] = await Promise.all([
        castOut(['decode-transaction', raw]),
        inspect(raw),
        runCli(['sign', ...c.key.airsign, '--tx', unsigned, ...(c.accept ? ACCEPT_DELEGATE : [])], { env: c.key.env, extraFds: c.key.fds }),
      ])
      expect(a, where).toEqual({ code: 0, stdout: cast.stdout, stderr: signStderr(mine) })
      expect(castAsInspect(parseCastDecode(decoded)), where).toEqual(inspectShared(mine))
      expect(mine.from, where).toBe(c.key.address)
      expect(mine.raw, where).toBe(raw)
      expect(mine.hash, where).toBe(hex(keccak_256(hexToBytes(raw, 'raw'))))
    })
  }
})

describe('cast mktx --blob (EIP-4844 and EIP-7594 wrappers) vs airsign sign of the canonical transaction', () => {
  for (const wrapper of ['7594', '4844'] as const) {
    test.concurrent(`--blob${wrapper === '4844' ? ' --eip4844' : ''}: the wrapper's transaction is the one airsign signs; the wrapper's commitments hash to its versioned hashes`, async ({ expect }) => {
      const r = prng(SEED ^ (wrapper === '4844' ? 0x4844n : 0x7594n))
      const blobFile = join(TMP, `blob-${wrapper}.bin`)
      writeFileSync(blobFile, r.bytes(1 + r.int(60_000)))
      const k = key(r, 0)
      const args = ['mktx', ...k.cast, '--chain', '1', '--nonce', String(r.int(1000)), '--gas-limit', '21000', '--gas-price', '30000000000', '--priority-gas-price', '1000000000', '--blob', ...(wrapper === '4844' ? ['--eip4844'] : []), '--blob-gas-price', String(1 + r.int(10 ** 9)), '--path', blobFile, hex(r.bytes(20))]
      const cast = await runCast(args)
      expect(cast.code, cast.stderr).toBe(0)
      const wrapped = await runCli(['inspect'], { stdin: cast.stdout })
      expect(wrapped.code, wrapped.stderr).toBe(0)
      const view = JSON.parse(wrapped.stdout) as Record<string, unknown>
      const count = (view.blobVersionedHashes as string[]).length
      expect(view.blobs).toEqual({ count, wrapperVersion: wrapper === '4844' ? 0 : 1, versionedHashesMatch: true, kzgProofsVerified: false })
      const tx = Object.fromEntries(['type', 'chainId', 'nonce', 'maxPriorityFeePerGas', 'maxFeePerGas', 'gas', 'to', 'value', 'data', 'accessList', 'maxFeePerBlobGas', 'blobVersionedHashes'].map((f) => [f, view[f]]))
      const a = await runCli(['sign', ...k.airsign, '--tx', JSON.stringify(tx)], { env: k.env, extraFds: k.fds })
      expect(a).toEqual({ code: 0, stdout: view.raw + '\n', stderr: '' })
      // cast decodes the wrapper too: the same fields, and its commitments give the versioned hash
      const dec = await runCast(['decode-transaction'], { stdin: cast.stdout })
      expect(dec.code, dec.stderr).toBe(0)
      // (the EIP-7594 wrapper's proofs are 128 cell proofs a blob, printed as cellProofs)
      const { blobs, commitments, [wrapper === '4844' ? 'proofs' : 'cellProofs']: proofs, ...fields } = parseCastDecode(dec.stdout) as Record<string, string[]>
      expect(castAsInspect(fields)).toEqual(inspectShared(view))
      expect([blobs!.length, commitments!.length, proofs!.length]).toEqual([count, count, wrapper === '4844' ? count : 128 * count])
      for (const b of blobs!) expect(hexToBytes(b, 'blob').length).toBe(131072)
      expect(view.blobVersionedHashes).toEqual(commitments!.map((c) => '0x01' + hex(sha256(hexToBytes(c, 'commitment'))).slice(4)))
    })
  }
})

// ---------------------------------------------------------------- messages

const TEXT_POOL = ['a', 'Z', '0', ' ', '\n', '\t', 'é', 'ß', '中', '文', '日本', '\u3000', '🔑', '🐳', '\u0301', '"', '\\', '\u202e', 'x']
const text = (r: Rng, n: number): string => Array.from({ length: n }, () => r.pick(TEXT_POOL)).join('')
const blindWarning = (h: string): string => `airsign: warning: blind signing ${h}: this signature authorizes whatever the digest stands for (a transaction, a permit, an order)\n`

describe(`cast wallet sign vs airsign, ${N_MESSAGES} seeded EIP-191 messages and raw digests (seed ${SEED})`, () => {
  const r = prng(SEED ^ 0x191n)
  for (let i = 0; i < N_MESSAGES; i++) {
    const k = key(r, i)
    const form = i % 3
    if (form === 0) {
      // text: cast signs it as UTF-8 unless it starts with 0x (see divergences)
      let t = text(r, r.int(40))
      if (t.startsWith('0x')) t = 'a' + t
      test.concurrent(`message ${i}: text ${JSON.stringify(t)}, ${k.label}: cast wallet sign TEXT = airsign sign-message --message TEXT`, async ({ expect }) => {
        const cast = await runCast(['wallet', 'sign', ...k.cast, t])
        expect(cast.code, cast.stderr).toBe(0)
        expect(cast.stdout).toMatch(/^0x[0-9a-f]{130}\n$/)
        expect(await runCli(['sign-message', ...k.airsign, '--message', t], { env: k.env, extraFds: k.fds })).toEqual({ code: 0, stdout: cast.stdout, stderr: '' })
        expect(new Wallet(hex(testKeyOf(k))).signMessageSync(t) + '\n').toBe(cast.stdout)
      })
    } else if (form === 1) {
      const msg = r.bytes(r.int(300))
      test.concurrent(`message ${i}: ${msg.length} random bytes, ${k.label}: cast wallet sign 0xHEX = airsign sign-message --hex = airsign sign-message of the bytes on stdin`, async ({ expect }) => {
        const cast = await runCast(['wallet', 'sign', ...k.cast, hex(msg)])
        expect(cast.code, cast.stderr).toBe(0)
        expect(await runCli(['sign-message', ...k.airsign, '--hex', '--message', hex(msg)], { env: k.env, extraFds: k.fds })).toEqual({ code: 0, stdout: cast.stdout, stderr: '' })
        if (k.fds.length === 0) expect(await runCli(['sign-message', ...k.airsign], { env: k.env, stdin: msg })).toEqual({ code: 0, stdout: cast.stdout, stderr: '' })
      })
    } else {
      const h = hex(r.bytes(32))
      test.concurrent(`digest ${i}: ${k.label}: cast wallet sign --no-hash = airsign sign-hash --blind`, async ({ expect }) => {
        const cast = await runCast(['wallet', 'sign', ...k.cast, '--no-hash', h])
        expect(cast.code, cast.stderr).toBe(0)
        expect(await runCli(['sign-hash', ...k.airsign, '--blind', '--hash', h], { env: k.env, extraFds: k.fds })).toEqual({ code: 0, stdout: cast.stdout, stderr: blindWarning(h) })
      })
    }
  }
})

/** The private key of a Key, derived with ethers (an oracle independent of both programs). */
function testKeyOf(k: Key): Uint8Array {
  if (k.fds.length) return hexToBytes(k.fds[0]!.trim(), 'key')
  const m = k.env.AIRSIGN_MNEMONIC!
  const p = k.airsign[0] === '--index' ? `m/44'/60'/0'/0/${k.airsign[1]}` : k.airsign[1]!.replaceAll('h', "'")
  return hexToBytes(HDNodeWallet.fromPhrase(m, k.env.AIRSIGN_PASSPHRASE ?? '', p).privateKey, 'key')
}

// ---------------------------------------------------------------- EIP-712

/** A document: T0 the root, structs nested through members and arrays; a domain of random fields (in the EIP's order). */
const document = (r: Rng): Document => typedDocument(r, { minStructs: 2, extraStructs: 3, maxFields: 5, arrayOneIn: 3, arrayLinks: true, keepDomainField: (r) => r.int(3) > 0, str: text })

const ACCEPT_ALL = ['--accept', Object.keys(RISKS).join(',')]
const typedStderr = (json: unknown): string => warningLines(typedDataWarnings(parseTypedData(json), { chainId: null, now: 0n, trustedDelegates: () => null }))

describe(`cast wallet sign --data vs airsign sign-typed-data, ${N_TYPED} seeded EIP-712 documents with nested structs and arrays (seed ${SEED})`, () => {
  const r = prng(SEED ^ 0x712n)
  const docs = Array.from({ length: N_TYPED }, (_, i) => ({ doc: document(r), k: key(r, i) }))
  test('the documents nest structs in structs, structs in arrays, arrays in arrays', () => {
    const all = docs.flatMap(({ doc }) => Object.values(doc.types).flat().map((f) => f.type))
    expect(all.some((t) => /^T\d+\[/.test(t))).toBe(true)
    expect(all.some((t) => /\]\[/.test(t))).toBe(true)
    expect(all.some((t) => /^T\d+$/.test(t))).toBe(true)
  })
  docs.forEach(({ doc, k }, i) => {
    test.concurrent(`document ${i}: ${Object.keys(doc.types).length - 1} struct types, domain {${Object.keys(doc.domain).join(', ')}}, ${k.label}: the same signature (and eth-sig-util's)`, async ({ expect }) => {
      const path = file(`typed-${i}.json`, JSON.stringify(doc))
      const cast = await runCast(['wallet', 'sign', ...k.cast, '--data', '--from-file', path])
      expect(cast.code, cast.stderr).toBe(0)
      const json = JSON.parse(JSON.stringify(doc)) as unknown
      expect(await runCli(['sign-typed-data', ...k.airsign, '--file', path, ...ACCEPT_ALL], { env: k.env, extraFds: k.fds })).toEqual({ code: 0, stdout: cast.stdout, stderr: typedStderr(json) })
      expect(signTypedData({ privateKey: Buffer.from(testKeyOf(k)), data: json as never, version: SignTypedDataVersion.V4 }) + '\n').toBe(cast.stdout)
    })
  })
})

// ---------------------------------------------------------------- EIP-7702 authorizations

describe(`cast wallet sign-auth vs airsign sign-authorization, ${N_AUTH} seeded authorizations (seed ${SEED})`, () => {
  const r = prng(SEED ^ 0x7702n)
  for (let i = 0; i < N_AUTH; i++) {
    const k = key(r, i)
    const chainId = r.pick([0n, 1n, 31337n, 1n + r.big(2n ** 32n), MAX64])
    const nonce = quantity(r, [0n, MAX64 - 1n], 2n ** 48n)
    const delegate = randomAddress(r)
    test.concurrent(`authorization ${i}: chain ${chainId}, nonce ${nonce}, ${k.label}: the same signed tuple (RLP)`, async ({ expect }) => {
      const cast = await runCast(['wallet', 'sign-auth', ...k.cast, '--chain', String(chainId), '--nonce', String(nonce), delegate])
      expect(cast.code, cast.stderr).toBe(0)
      const expectedStderr = warningLines(authorizationWarnings([{ chainId, address: hexToBytes(delegate, 'delegate') }], null, { chainId: null, now: 0n, trustedDelegates: () => null }, 'authorization'))
      expect(expectedStderr).toMatch(/AUTHORIZATION_UNKNOWN_DELEGATE/)
      expect(await runCli(['sign-authorization', ...k.airsign, '--chain-id', String(chainId), '--address', delegate, '--nonce', String(nonce), ...ACCEPT_DELEGATE], { env: k.env, extraFds: k.fds })).toEqual({ code: 0, stdout: cast.stdout, stderr: expectedStderr })
      // ethers' authorizeSync as a third opinion on the signature
      const e = new Wallet(hex(testKeyOf(k))).authorizeSync({ address: delegate, nonce, chainId })
      const j = JSON.parse((await runCli(['sign-authorization', ...k.airsign, '--chain-id', String(chainId), '--address', delegate, '--nonce', String(nonce), '--json', ...ACCEPT_DELEGATE], { env: k.env, extraFds: k.fds })).stdout) as Record<string, unknown>
      expect([j.r, j.s, j.yParity, j.authority]).toEqual([e.signature.r, e.signature.s, e.signature.yParity, k.address])
    })
  }
})

// ---------------------------------------------------------------- addresses

describe(`cast wallet address vs airsign address, ${N_PATHS} seeded paths (seed ${SEED})`, () => {
  const r = prng(SEED ^ 0xadd7n)
  for (let i = 0; i < N_PATHS; i++) {
    const m = i % 2 ? TEST_MNEMONIC : entropyToMnemonic(r.bytes(r.pick([16, 32])), english)
    const p = path(r)
    const pass = i % 3 === 2 ? 'TREZOR' : ''
    test.concurrent(`path ${p}${pass ? ', passphrase TREZOR' : ''}, ${i % 2 ? 'test' : 'random'} mnemonic: the same address (and ethers')`, async ({ expect }) => {
      const cast = await runCast(['wallet', 'address', '--mnemonic', m, '--mnemonic-derivation-path', p, ...(pass ? ['--mnemonic-passphrase', pass] : [])])
      const expected = HDNodeWallet.fromPhrase(m, pass, p.replaceAll('h', "'")).address + '\n'
      expect(cast).toEqual({ code: 0, stdout: expected, stderr: '' })
      expect(await runCli(['address', '--path', p], { env: { AIRSIGN_MNEMONIC: m, ...(pass ? { AIRSIGN_PASSPHRASE: pass } : {}) } })).toEqual({ code: 0, stdout: expected, stderr: '' })
    })
  }
  test('--mnemonic-index N is airsign --index N (m/44\'/60\'/0\'/0/N), 0 … 4 in one go: airsign address --count 5', async () => {
    const casts = await Promise.all([0, 1, 2, 3, 4].map((n) => castOut(['wallet', 'address', '--mnemonic', TEST_MNEMONIC, '--mnemonic-index', String(n)])))
    expect(await runCli(['address', '--count', '5'], { env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC } })).toEqual({ code: 0, stdout: casts.join(''), stderr: '' })
  })
})

// ---------------------------------------------------------------- divergences

const K0 = { cast: ['--mnemonic', TEST_MNEMONIC], env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC } }
const KEY0 = HDNodeWallet.fromPhrase(TEST_MNEMONIC)
const TO = '0x3535353535353535353535353535353535353535'
const sigutil = (doc: unknown): string => signTypedData({ privateKey: Buffer.from(KEY0.privateKey.slice(2), 'hex'), data: doc as never, version: SignTypedDataVersion.V4 }) + '\n'
const castTx = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> => runCast(['mktx', ...K0.cast, ...args])
const airsignTx = (tx: Record<string, unknown>, extra: string[] = []): ReturnType<typeof runCli> => runCli(['sign', '--tx', JSON.stringify(tx), ...extra], { env: K0.env })

describe('divergences: cast signs transactions no network accepts, airsign refuses them', () => {
  test('nonce 2^64-1 (EIP-2681: a transaction with nonce ≥ 2^64-1 is invalid): cast signs it, airsign refuses (TX_FIELD), and inspect refuses cast\'s', async () => {
    const cast = await castTx(['--chain', '1', '--nonce', String(MAX64), '--gas-limit', '21000', '--gas-price', '20000000000', '--priority-gas-price', '1000000000', TO])
    expect(cast).toEqual({ code: 0, stdout: '0x02f8730188ffffffffffffffff843b9aca008504a817c8008252089435353535353535353535353535353535353535358080c001a07a705cadce0080e0c69b5f4ba5a2b6f4b67d1ed0b21e24f30a9b756ac903d7c7a07a112bd6c77ad9dfca615b5562dcaed70831af69a87b92ed0fe45f29d9b8d1d0\n', stderr: '' })
    const tx = { type: 2, chainId: 1, nonce: String(MAX64), maxFeePerGas: '20000000000', maxPriorityFeePerGas: '1000000000', gas: 21000, to: TO, value: '0' }
    expect(await airsignTx(tx)).toEqual({ code: 3, stdout: '', stderr: 'airsign: nonce: out of range (at most 18446744073709551614) [TX_FIELD]\n' })
    expect(await runCli(['inspect', '--tx', cast.stdout.trim()])).toEqual({ code: 3, stdout: '', stderr: 'airsign: nonce: out of range (at most 18446744073709551614) [TX_FIELD]\n' })
  })

  test('a priority fee above the fee cap (go-ethereum ErrTipAboveFeeCap, never included): cast signs it, airsign refuses (TX_FIELD); anvil refuses cast\'s', async () => {
    const cast = await castTx(['--chain', '31337', '--nonce', '0', '--gas-limit', '21000', '--gas-price', '1000000000', '--priority-gas-price', '2000000000', TO])
    expect(cast.code, cast.stderr).toBe(0)
    expect(await runCli(['inspect', '--tx', cast.stdout.trim()])).toEqual({ code: 3, stdout: '', stderr: 'airsign: maxPriorityFeePerGas: above maxFeePerGas (2000000000 > 1000000000) [TX_FIELD]\n' })
    expect(await node.refuse(cast.stdout.trim())).toBe('eth_sendRawTransaction: max priority fee per gas higher than max fee per gas')
    const tx = { type: 2, chainId: 31337, nonce: 0, maxFeePerGas: '1000000000', maxPriorityFeePerGas: '2000000000', gas: 21000, to: TO, value: '0' }
    expect(await airsignTx(tx)).toEqual({ code: 3, stdout: '', stderr: 'airsign: maxPriorityFeePerGas: above maxFeePerGas (2000000000 > 1000000000) [TX_FIELD]\n' })
  })

  test('a legacy transaction on chain id 0: cast signs it with EIP-155 v = 36, a chain id no network has (go-ethereum refuses it: ErrInvalidChainId; anvil takes it and never includes it); airsign refuses (CHAIN_ID_MISSING), inspect calls v 36 BAD_SIGNATURE', async () => {
    const cast = await castTx(['--legacy', '--chain', '0', '--nonce', '0', '--gas-limit', '21000', '--gas-price', '1000000000', TO])
    expect(cast).toEqual({ code: 0, stdout: '0xf86380843b9aca00825208943535353535353535353535353535353535353535808024a0129fb5e083a9b56cc1cdd8d8d9aab37b8fcc3a2c750e01c1d36b959e0f695d03a03683d6ce89118d4e960c29e97388da0807a79ecc67046b55e6822415e00335cd\n', stderr: '' })
    expect(await runCli(['inspect', '--tx', cast.stdout.trim()])).toEqual({ code: 3, stdout: '', stderr: 'airsign: legacy v is 36: expected 27, 28 or chainId * 2 + 35/36 (EIP-155) [BAD_SIGNATURE]\n' })
    // anvil answers with the hash, mines its next block without it and drops it: no receipt, the nonce unchanged
    const nonce = await node.nonce(KEY0.address)
    const hash = await node.rpc<string>('eth_sendRawTransaction', [cast.stdout.trim()])
    expect(hash).toBe(hex(keccak_256(hexToBytes(cast.stdout.trim(), 'raw'))))
    await node.rpc('evm_mine', [])
    expect(await node.rpc('eth_getTransactionReceipt', [hash])).toBe(null)
    expect(await node.rpc('txpool_status', [])).toEqual({ pending: '0x0', queued: '0x0' })
    expect(await node.nonce(KEY0.address)).toBe(nonce)
    const tx = { type: 0, chainId: 0, nonce: 0, gasPrice: '1000000000', gas: 21000, to: TO, value: '0' }
    expect(await airsignTx(tx)).toEqual({ code: 3, stdout: '', stderr: 'airsign: the transaction has no chain id; give --chain-id N; --unprotected signs without EIP-155 replay protection: the signature is valid on every chain [CHAIN_ID_MISSING]\n' })
  })
})

describe('divergences: what cast cannot express, airsign signs', () => {
  test('a fee of 2^128 wei or more (RLP quantities up to 2^256-1): cast panics (exit 134), airsign signs what ethers signs', async () => {
    const fee = 1n << 128n
    const cast = await castTx(['--chain', '1', '--nonce', '0', '--gas-limit', '21000', '--gas-price', String(fee), '--priority-gas-price', '1', TO])
    expect(cast.code).toBe(134)
    expect(cast.stdout).toBe('')
    expect(cast.stderr).toContain('The application panicked (crashed).')
    expect(cast.stderr).toContain(`Uint conversion error: Overflow(256, 0, ${MAX128})`)
    const expected = (await KEY0.signTransaction({ type: 2, chainId: 1n, nonce: 0, maxFeePerGas: fee, maxPriorityFeePerGas: 1n, gasLimit: 21000n, to: TO, value: 0n })) + '\n'
    expect(await airsignTx({ type: 2, chainId: 1, nonce: 0, maxFeePerGas: String(fee), maxPriorityFeePerGas: '1', gas: 21000, to: TO, value: '0' })).toEqual({ code: 0, stdout: expected, stderr: '' })
  })

  test('an authorization for a chain id of 2^64 or more (EIP-7702: chain_id < 2^256): cast refuses the number (exit 2), airsign signs what ethers signs', async () => {
    const chainId = 1n << 64n
    expect(await runCast(['wallet', 'sign-auth', ...K0.cast, '--chain', String(chainId), '--nonce', '1', TO])).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: invalid value '${chainId}' for '--chain <CHAIN>': number too large to fit in target type\n\nFor more information, try '--help'.\n`,
    })
    const a = await runCli(['sign-authorization', '--chain-id', String(chainId), '--address', TO, '--nonce', '1', '--json', ...ACCEPT_DELEGATE], { env: K0.env })
    const e = KEY0.authorizeSync({ address: TO, nonce: 1n, chainId })
    expect(a.code, a.stderr).toBe(0)
    const j = JSON.parse(a.stdout) as Record<string, unknown>
    expect([j.chainId, j.r, j.s, j.yParity]).toEqual([String(chainId), e.signature.r, e.signature.s, e.signature.yParity])
  })
})

describe('divergences: cast builds something other than what was asked', () => {
  test('on chains cast believes lack EIP-1559 (30 Rootstock, 250 Fantom) it signs a legacy transaction although a priority fee was given; airsign signs the type it is given', async () => {
    for (const chainId of [30, 250]) {
      const cast = await castTx(['--chain', String(chainId), '--nonce', '3', '--gas-limit', '21000', '--gas-price', '20000000000', '--priority-gas-price', '1000000000', TO])
      expect(cast.code, cast.stderr).toBe(0)
      // cast's bytes are exactly the legacy transaction with the fee cap as gas price, the priority fee dropped
      const legacy = { type: 0, chainId, nonce: 3, gasPrice: '20000000000', gas: 21000, to: TO, value: '0' }
      expect(await airsignTx(legacy)).toEqual({ code: 0, stdout: cast.stdout, stderr: '' })
      const asked = await airsignTx({ type: 2, chainId, nonce: 3, maxFeePerGas: '20000000000', maxPriorityFeePerGas: '1000000000', gas: 21000, to: TO, value: '0' })
      expect(asked.code).toBe(0)
      expect(asked.stdout).toBe((await KEY0.signTransaction({ type: 2, chainId, nonce: 3, maxFeePerGas: 20000000000n, maxPriorityFeePerGas: 1000000000n, gasLimit: 21000n, to: TO, value: 0n })) + '\n')
    }
  })

  test('a BIP-39 passphrase with a precomposed character: cast does not NFKD-normalize it (BIP-39 says to), so "café" opens another wallet than in airsign, ethers, Trezor; the NFKD form agrees', async () => {
    const nfc = 'caf\u00e9'
    const nfkd = nfc.normalize('NFKD')
    expect(nfkd).not.toBe(nfc)
    const bip39 = HDNodeWallet.fromPhrase(TEST_MNEMONIC, nfc).address + '\n'
    // what cast derives: the seed of the passphrase's bytes as given (PBKDF2 salt "mnemonic" + NFC UTF-8)
    const { pbkdf2Sync } = await import('node:crypto')
    const unnormalized = HDNodeWallet.fromSeed(pbkdf2Sync(TEST_MNEMONIC, 'mnemonic' + nfc, 2048, 64, 'sha512')).derivePath("m/44'/60'/0'/0/0").address + '\n'
    expect(unnormalized).not.toBe(bip39)
    expect(await runCast(['wallet', 'address', ...K0.cast, '--mnemonic-passphrase', nfc])).toEqual({ code: 0, stdout: unnormalized, stderr: '' })
    expect(await runCast(['wallet', 'address', ...K0.cast, '--mnemonic-passphrase', nfkd])).toEqual({ code: 0, stdout: bip39, stderr: '' })
    for (const p of [nfc, nfkd]) expect(await runCli(['address'], { env: { ...K0.env, AIRSIGN_PASSPHRASE: p } })).toEqual({ code: 0, stdout: bip39, stderr: '' })
  })

  test('a message argument that starts with 0x: cast signs it as hex bytes (and refuses one that is not hex), airsign --message signs the text; airsign --hex is cast\'s reading', async () => {
    const cast = await runCast(['wallet', 'sign', ...K0.cast, '0x1234'])
    expect(cast).toEqual({ code: 0, stdout: KEY0.signMessageSync(Uint8Array.of(0x12, 0x34)) + '\n', stderr: '' })
    expect(await runCli(['sign-message', '--hex', '--message', '0x1234'], { env: K0.env })).toEqual({ code: 0, stdout: cast.stdout, stderr: '' })
    expect(await runCli(['sign-message', '--message', '0x1234'], { env: K0.env })).toEqual({ code: 0, stdout: KEY0.signMessageSync('0x1234') + '\n', stderr: '' })
    expect(await runCast(['wallet', 'sign', ...K0.cast, '0xzz'])).toEqual({ code: 1, stdout: '', stderr: "Error: Could not decode 0x-prefixed string.\n\nContext:\n- invalid character 'z' at position 0\n" })
    expect(await runCli(['sign-message', '--message', '0xzz'], { env: K0.env })).toEqual({ code: 0, stdout: KEY0.signMessageSync('0xzz') + '\n', stderr: '' })
  })
})

describe('divergences: derivation paths', () => {
  test("H as the hardened mark (BIP-32 notation allows ', h, H): cast refuses it, airsign derives m/44'/60'/0'/0/1", async () => {
    expect(await runCast(['wallet', 'address', ...K0.cast, '--mnemonic-derivation-path', 'm/44H/60H/0H/0/1'])).toEqual({ code: 1, stdout: '', stderr: 'Error: Malformatted index during derivation: m/44H/60H/0H/0/1\n' })
    expect(await runCli(['address', '--path', 'm/44H/60H/0H/0/1'], { env: K0.env })).toEqual({ code: 0, stdout: HDNodeWallet.fromPhrase(TEST_MNEMONIC, '', "m/44'/60'/0'/0/1").address + '\n', stderr: '' })
  })

  test("an unhardened index of 2^31 (BIP-32: 0 … 2^31-1; 2^31 and above are the hardened ones): cast silently derives the hardened index 0', airsign refuses (PATH_INDEX)", async () => {
    expect(await runCast(['wallet', 'address', ...K0.cast, '--mnemonic-derivation-path', "m/44'/60'/0'/0/2147483648"])).toEqual({ code: 0, stdout: HDNodeWallet.fromPhrase(TEST_MNEMONIC, '', "m/44'/60'/0'/0/0'").address + '\n', stderr: '' })
    expect(await runCli(['address', '--path', "m/44'/60'/0'/0/2147483648"], { env: K0.env })).toEqual({ code: 3, stdout: '', stderr: 'airsign: derivation path: level 5 index is above 2^31-1 [PATH_INDEX]\n' })
  })

  test("a path without the leading m: cast reads it from the master key, airsign refuses (PATH_SYNTAX)", async () => {
    expect(await runCast(['wallet', 'address', ...K0.cast, '--mnemonic-derivation-path', "44'/60'/0'/0/0"])).toEqual({ code: 0, stdout: KEY0.address + '\n', stderr: '' })
    expect(await runCli(['address', '--path', "44'/60'/0'/0/0"], { env: K0.env })).toEqual({ code: 3, stdout: '', stderr: "airsign: derivation path must start with 'm' (e.g. m/44'/60'/0'/0/0) [PATH_SYNTAX]\n" })
  })
})

describe('divergences: EIP-7702 authorizations', () => {
  test('an unknown delegate: cast signs without a word, airsign refuses unless --accept AUTHORIZATION_UNKNOWN_DELEGATE (then the same bytes)', async () => {
    const cast = await runCast(['wallet', 'sign-auth', ...K0.cast, '--chain', '1', '--nonce', '10', TO])
    expect(cast.code, cast.stderr).toBe(0)
    const warning = 'delegate 0x3535353535353535353535353535353535353535 is not a known EIP-7702 delegate: its code will control this account and everything it holds, until another authorization replaces it'
    expect(await runCli(['sign-authorization', '--chain-id', '1', '--address', TO, '--nonce', '10'], { env: K0.env })).toEqual({
      code: 2,
      stdout: '',
      stderr: `airsign: not signed: AUTHORIZATION_UNKNOWN_DELEGATE (CRITICAL): ${warning}; to sign anyway: --accept AUTHORIZATION_UNKNOWN_DELEGATE [RISK_REFUSED]\n`,
    })
    expect(await runCli(['sign-authorization', '--chain-id', '1', '--address', TO, '--nonce', '10', ...ACCEPT_DELEGATE], { env: K0.env })).toEqual({ code: 0, stdout: cast.stdout, stderr: `airsign: CRITICAL AUTHORIZATION_UNKNOWN_DELEGATE at authorization: ${warning}\n` })
  })

  test('authorization nonce 2^64-1 (EIP-7702: such a tuple is always skipped): cast signs it, airsign refuses (BAD_NUMBER)', async () => {
    const cast = await runCast(['wallet', 'sign-auth', ...K0.cast, '--chain', '1', '--nonce', String(MAX64), TO])
    expect(cast).toEqual({ code: 0, stdout: '0xf8620194353535353535353535353535353535353535353588ffffffffffffffff80a0f54e2704bde6baf230b4fa65556b3403725a972c218cd7b6f8bcd345927d8085a02f37ad88231b0d54fb2492711e91042e5920e07f85db83d168e4f794cd44d86b\n', stderr: '' })
    expect(await runCli(['sign-authorization', '--chain-id', '1', '--address', TO, '--nonce', String(MAX64), ...ACCEPT_DELEGATE], { env: K0.env })).toEqual({ code: 3, stdout: '', stderr: 'airsign: --nonce: out of range (0 … 18446744073709551614) [BAD_NUMBER]\n' })
  })
})

describe('divergences: EIP-712 documents cast reads leniently (airsign refuses each; which signature cast made is shown exactly)', () => {
  type Doc = { types: Types; primaryType: string; domain: Record<string, unknown>; message: Record<string, unknown> }
  const base = (): Doc => ({
    types: {
      EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }],
      Order: [{ name: 'amount', type: 'uint256' }, { name: 'tag', type: 'bytes4' }, { name: 'ok', type: 'bool' }, { name: 'to', type: 'address' }],
    },
    primaryType: 'Order',
    domain: { name: 'Shop', version: '1', chainId: 1 },
    message: { amount: '1000', tag: '0x01020304', ok: true, to: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
  })
  const edit = (f: (d: Doc) => void): Doc => {
    const d = base()
    f(d)
    return d
  }
  /** cast's signature of a document (given as JSON text, exactly as written) and airsign's refusal of it. */
  async function both(name: string, jsonText: string): Promise<{ cast: Run; airsign: Run }> {
    const path = file(`lenient-${name}.json`, jsonText)
    const [cast, airsign] = await Promise.all([runCast(['wallet', 'sign', ...K0.cast, '--data', '--from-file', path]), runCli(['sign-typed-data', '--file', path], { env: K0.env })])
    return { cast, airsign }
  }
  const refusal = (stderr: string): Run => ({ code: 3, stdout: '', stderr })

  test('the base document: all three agree', async () => {
    const { cast, airsign } = await both('base', JSON.stringify(base()))
    expect(cast).toEqual({ code: 0, stdout: sigutil(base()), stderr: '' })
    expect(airsign).toEqual(cast)
  })

  test('EIP712Domain declared in another order (the EIP: "user-agents should accept fields in any order as specified by the EIP712Domain type"): cast ignores the declaration and hashes the EIP\'s order; eth-sig-util hashes the declared one', async () => {
    const doc = edit((d) => d.types.EIP712Domain!.reverse())
    const { cast, airsign } = await both('domain-order', JSON.stringify(doc))
    expect(cast).toEqual({ code: 0, stdout: sigutil(base()), stderr: '' })
    expect(sigutil(doc)).not.toBe(cast.stdout)
    expect(airsign).toEqual(refusal("airsign: types.EIP712Domain[1]: version is out of the EIP's order (name, version, chainId, verifyingContract, salt) [TYPED_DATA_TYPE]\n"))
  })

  test('a domain field the EIP712Domain type does not declare: cast signs it anyway (it builds the domain from the values), eth-sig-util leaves it out', async () => {
    const doc = edit((d) => (d.types.EIP712Domain = d.types.EIP712Domain!.filter((f) => f.name !== 'chainId')))
    const { cast, airsign } = await both('domain-undeclared', JSON.stringify(doc))
    expect(cast).toEqual({ code: 0, stdout: sigutil(base()), stderr: '' })
    expect(sigutil(doc)).not.toBe(cast.stdout)
    expect(airsign).toEqual(refusal('airsign: domain.chainId: not a member of EIP712Domain: it would not be signed [TYPED_DATA_FIELD]\n'))
  })

  test('no EIP712Domain type at all: cast infers it from the domain (as ethers does), eth-sig-util signs an empty domain', async () => {
    const doc = edit((d) => delete d.types.EIP712Domain)
    const { cast, airsign } = await both('domain-missing', JSON.stringify(doc))
    expect(cast).toEqual({ code: 0, stdout: sigutil(base()), stderr: '' })
    expect(sigutil(doc)).not.toBe(cast.stdout)
    expect(airsign).toEqual(refusal('airsign: types.EIP712Domain is missing: MetaMask would sign an empty domain, ethers the fields of domain; declare the domain fields [TYPED_DATA_TYPE]\n'))
  })

  test('the alias uint (the EIP: "there are no aliases uint and int"): cast and eth-sig-util hash the type string "uint amount", which is not uint256\'s', async () => {
    const doc = edit((d) => (d.types.Order![0]!.type = 'uint'))
    const { cast, airsign } = await both('uint-alias', JSON.stringify(doc))
    expect(cast).toEqual({ code: 0, stdout: sigutil(doc), stderr: '' })
    expect(sigutil(base())).not.toBe(cast.stdout)
    expect(airsign).toEqual(refusal('airsign: types.Order[0] (amount): unknown type "uint" (write uint256 or int256) [TYPED_DATA_TYPE]\n'))
  })

  test('a bytes4 value of 5 bytes: cast signs its first 4 (the fifth silently dropped)', async () => {
    const { cast, airsign } = await both('bytes4-long', JSON.stringify(edit((d) => (d.message.tag = '0x0102030405'))))
    expect(cast).toEqual({ code: 0, stdout: sigutil(base()), stderr: '' })
    expect(airsign).toEqual(refusal('airsign: message.tag: expected 4 bytes, got 5 [TYPED_DATA_FIELD]\n'))
  })

  test('a bytes4 value of 2 bytes: cast pads it with zeros on the right', async () => {
    const { cast, airsign } = await both('bytes4-short', JSON.stringify(edit((d) => (d.message.tag = '0x0102'))))
    expect(cast).toEqual({ code: 0, stdout: sigutil(edit((d) => (d.message.tag = '0x01020000'))), stderr: '' })
    expect(airsign).toEqual(refusal('airsign: message.tag: expected 4 bytes, got 2 [TYPED_DATA_FIELD]\n'))
  })

  test('a JSON number above 2^53 (9007199254740993): cast reads it exactly, every JavaScript wallet (MetaMask, ethers, viem) reads 9007199254740992: one document, two signed values', async () => {
    const text = JSON.stringify(base()).replace('"amount":"1000"', '"amount":9007199254740993')
    const { cast, airsign } = await both('big-number', text)
    expect(cast).toEqual({ code: 0, stdout: sigutil(edit((d) => (d.message.amount = '9007199254740993'))), stderr: '' })
    expect(sigutil(JSON.parse(text))).toBe(sigutil(edit((d) => (d.message.amount = '9007199254740992'))))
    expect(airsign).toEqual(refusal('airsign: message.amount: a JSON number above 2^53-1 (or with a fraction) is not exact; write it as a string [TYPED_DATA_FIELD]\n'))
  })

  test('bool given as the string "false": cast signs false, eth-sig-util (MetaMask) signs true', async () => {
    const doc = edit((d) => (d.message.ok = 'false'))
    const { cast, airsign } = await both('bool-string', JSON.stringify(doc))
    expect(cast).toEqual({ code: 0, stdout: sigutil(edit((d) => (d.message.ok = false))), stderr: '' })
    expect(sigutil(doc)).toBe(sigutil(base()))
    expect(airsign).toEqual(refusal('airsign: message.ok: expected true or false [TYPED_DATA_FIELD]\n'))
  })

  test('a message field the type does not declare: cast (like eth-sig-util) signs without it', async () => {
    const { cast, airsign } = await both('extra-field', JSON.stringify(edit((d) => (d.message.spender = '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826'))))
    expect(cast).toEqual({ code: 0, stdout: sigutil(base()), stderr: '' })
    expect(airsign).toEqual(refusal('airsign: message.spender: not a member of Order: it would not be signed [TYPED_DATA_FIELD]\n'))
  })

  test('an address whose EIP-55 checksum is wrong (one letter\'s case flipped): cast signs the address', async () => {
    const { cast, airsign } = await both('bad-checksum', JSON.stringify(edit((d) => (d.message.to = '0xcD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826'))))
    expect(cast).toEqual({ code: 0, stdout: sigutil(base()), stderr: '' })
    expect(airsign).toEqual(refusal('airsign: message.to: EIP-55 checksum does not match (mistyped address?) [TYPED_DATA_FIELD]\n'))
  })
})

// ---------------------------------------------------------------- on a real node

describe('the bytes cast and airsign agree on execute on anvil', () => {
  test('types 0, 1, 2, 4 (cast --auth ADDRESS: self-sponsored) and 3 (cast\'s EIP-7594 wrapper around the transaction airsign signs): status 1, from the derived account, the state change asked for', async () => {
    const index = 8
    const k: Key = { label: 'test mnemonic, index 8', cast: ['--mnemonic', TEST_MNEMONIC, '--mnemonic-index', String(index)], airsign: ['--index', String(index)], env: { AIRSIGN_MNEMONIC: TEST_MNEMONIC }, fds: [], address: HDNodeWallet.fromPhrase(TEST_MNEMONIC, '', `m/44'/60'/0'/0/${index}`).address }
    const r = prng(SEED ^ 0xa9f11n)
    let nonce = await node.nonce(k.address)
    const fee = ['--gas-price', '10000000000', '--priority-gas-price', '1000000000']
    const step = async (tx: Record<string, unknown>, castArgs: string[], accept = false): Promise<string> => {
      const cast = await runCast(['mktx', ...k.cast, '--chain', String(node.chainId), '--nonce', String(nonce), ...castArgs])
      expect(cast.code, cast.stderr).toBe(0)
      const a = await runCli(['sign', ...k.airsign, '--tx', JSON.stringify({ chainId: node.chainId, nonce, ...tx }), ...(accept ? ACCEPT_DELEGATE : [])], { env: k.env })
      expect(a.code, a.stderr).toBe(0)
      expect(a.stdout).toBe(cast.stdout)
      return cast.stdout.trim()
    }
    const check = async (raw: string, type: string): Promise<void> => {
      const rcpt = await node.send(raw)
      expect([rcpt.status, rcpt.type, rcpt.from.toLowerCase()]).toEqual(['0x1', type, k.address.toLowerCase()])
      nonce++
    }
    const to = [0, 1, 2].map(() => address.toChecksum(r.bytes(20)))
    const before = await Promise.all(to.map((a) => node.balance(a)))
    await check(await step({ type: 0, gasPrice: '10000000000', gas: 21000, to: to[0], value: '1000', data: '0x' }, ['--legacy', '--gas-price', '10000000000', '--gas-limit', '21000', '--value', '1000', to[0]!]), '0x0')
    const al = [{ address: to[1]!.toLowerCase(), storageKeys: [hex(r.bytes(32))] }]
    await check(await step({ type: 1, gasPrice: '10000000000', gas: 30000, to: to[1], value: '2000', data: '0x', accessList: al }, ['--legacy', '--gas-price', '10000000000', '--gas-limit', '30000', '--value', '2000', '--access-list', JSON.stringify(al), to[1]!]), '0x1')
    await check(await step({ type: 2, maxFeePerGas: '10000000000', maxPriorityFeePerGas: '1000000000', gas: 21000, to: to[2], value: '3000', data: '0x' }, [...fee, '--gas-limit', '21000', '--value', '3000', to[2]!]), '0x2')
    expect(await Promise.all(to.map((a, i) => node.balance(a).then((b) => b - before[i]!)))).toEqual([1000n, 2000n, 3000n])
    // EIP-7702, self-sponsored: the authorization's nonce is the transaction's + 1
    const delegate = address.toChecksum(r.bytes(20))
    const auth = await signAuth(k, BigInt(node.chainId), delegate, BigInt(nonce) + 1n)
    await check(await step({ type: 4, maxFeePerGas: '10000000000', maxPriorityFeePerGas: '1000000000', gas: 100000, to: to[0], value: '0', data: '0x', authorizationList: [auth.json] }, [...fee, '--gas-limit', '100000', '--auth', delegate, to[0]!], true), '0x4')
    nonce++ // the authorization bumped the account's nonce once more
    expect(await node.code(k.address)).toBe('0xef0100' + delegate.slice(2).toLowerCase())
    expect(await node.nonce(k.address)).toBe(nonce)
    // EIP-4844/7594: cast's wrapper carries the canonical transaction airsign signs
    const blobFile = join(TMP, 'anvil-blob.bin')
    writeFileSync(blobFile, r.bytes(5000))
    const cast = await runCast(['mktx', ...k.cast, '--chain', String(node.chainId), '--nonce', String(nonce), ...fee, '--gas-limit', '21000', '--blob', '--blob-gas-price', '1000000000', '--path', blobFile, to[1]!])
    expect(cast.code, cast.stderr).toBe(0)
    const view = JSON.parse((await runCli(['inspect'], { stdin: cast.stdout })).stdout) as Record<string, unknown>
    const blobTx = Object.fromEntries(['type', 'chainId', 'nonce', 'maxPriorityFeePerGas', 'maxFeePerGas', 'gas', 'to', 'value', 'data', 'accessList', 'maxFeePerBlobGas', 'blobVersionedHashes'].map((f) => [f, view[f]]))
    expect(await runCli(['sign', ...k.airsign, '--tx', JSON.stringify(blobTx)], { env: k.env })).toEqual({ code: 0, stdout: view.raw + '\n', stderr: '' })
    const rcpt = await node.send(cast.stdout.trim())
    expect([rcpt.status, rcpt.type, rcpt.from.toLowerCase(), rcpt.transactionHash]).toEqual(['0x1', '0x3', k.address.toLowerCase(), view.hash])
  }, 60_000)
})
