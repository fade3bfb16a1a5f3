/**
 * The batch engine (secp-wasm.ts: libsecp256k1 as WebAssembly) against the
 * other two: every signature, recovery id and public key byte-identical to
 * OpenSSL's (secp-native.ts) and to @noble/curves', on seeded and edge keys and
 * digests; its self-check accepts exactly what noble recovers to the key and
 * refuses every mutation; the pin refuses any other module, and the module
 * rebuilds byte for byte from source (when clang and the source are at hand);
 * wipe() leaves nothing in its memory; and
 * signDigest in batch mode gives what the one-shot engines give.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import * as wasm from './secp-wasm.js'
import * as native from './secp-native.js'
import { secpWasmBytes } from './secp-wasm-data.js'
import { asDigest, asPrivateKey, CURVE_N, getPublicKey, release, signDigest, useBatchEngine } from './sign.js'
import { bigintToFixed } from './bytes.js'
import { AirsignError } from './errors.js'

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const bytes = secpWasmBytes()
wasm.load(bytes, sha)

function* cases(n: number): Generator<{ key: Uint8Array; digest: Uint8Array }> {
  let x = keccak_256(new TextEncoder().encode('airsign secp-wasm.test seed'))
  for (let i = 0; i < n; i++) {
    const key = (x = keccak_256(x))
    const digest = (x = keccak_256(x))
    yield { key: Uint8Array.from(key), digest: Uint8Array.from(digest) }
  }
}
const fixed = (v: bigint) => bigintToFixed(v, 32)
/** Edge keys and digests: the smallest and largest key, tiny and all-ones-below-n digests, zero, digests ≥ n. */
const EDGES: { key: Uint8Array; digest: Uint8Array }[] = [
  { key: fixed(1n), digest: fixed(0n) },
  { key: fixed(CURVE_N - 1n), digest: fixed(1n) },
  { key: fixed(2n), digest: fixed(CURVE_N - 1n) },
  { key: fixed(CURVE_N >> 1n), digest: fixed((1n << 255n) - 1n) },
  { key: fixed(0xdeadbeefn), digest: new Uint8Array(32).fill(0x7f) },
  // Digests ≥ n (RFC 6979 reduces them before the nonce; libsecp256k1 alone would not).
  { key: fixed(7n), digest: fixed(CURVE_N) },
  { key: fixed(7n), digest: fixed(CURVE_N + 1n) },
  { key: fixed(CURVE_N - 2n), digest: fixed((1n << 256n) - 1n) },
]

function noble(digest: Uint8Array, key: Uint8Array) {
  const s = secp256k1.Signature.fromBytes(secp256k1.sign(digest, key, { prehash: false, lowS: true, format: 'recovered', extraEntropy: false }), 'recovered')
  return { r: s.r, s: s.s, yParity: s.recovery! }
}

describe('secp-wasm: differential against OpenSSL and noble', () => {
  const e = native.engine()!
  const w = wasm.engine()
  test('400 seeded and 8 edge key/digest pairs: the same r, s and recovery id from all three engines, and the same public key', () => {
    let n = 0
    for (const c of [...EDGES, ...cases(400)]) {
      const ours = w.sign(c.digest, c.key)
      const openssl = native.sign(e, c.digest, c.key)
      expect(ours).toEqual(noble(c.digest, c.key))
      expect(ours).toEqual({ r: openssl.r, s: openssl.s, yParity: openssl.yParity })
      const pub = w.publicKey(c.key)
      expect(pub).toEqual(Uint8Array.from(native.publicKey(e, c.key, false)))
      expect(pub).toEqual(secp256k1.getPublicKey(c.key, false))
      expect(recovers(c.digest, ours, pub)).toBe(true)
      n++
    }
    expect(n).toBe(408)
  })

  test('a key out of [1, n) is refused, not signed with', () => {
    for (const k of [0n, CURVE_N, CURVE_N + 1n, (1n << 256n) - 1n]) {
      expect(() => w.sign(fixed(1n), fixed(k))).toThrow('secp-wasm: invalid private key')
      expect(() => w.publicKey(fixed(k))).toThrow('secp-wasm: invalid private key')
    }
  })
})

/** noble's recovery: does the signature, with its recovery id, recover to `pub`? */
function recovers(digest: Uint8Array, sig: { r: bigint; s: bigint; yParity: number }, pub: Uint8Array): boolean {
  try {
    return Buffer.from(new secp256k1.Signature(sig.r, sig.s, sig.yParity).recoverPublicKey(digest).toBytes(false)).equals(Buffer.from(pub))
  } catch {
    return false
  }
}

describe("secp-wasm: the batch's self-check (checks, keyMatches) decides as recovery does", () => {
  const w = wasm.engine()
  test('on 200 seeded signatures and every mutation of each: checks() is true exactly when noble recovers the signature to the key', () => {
    let mutants = 0
    for (const c of cases(200)) {
      const sig = w.sign(c.digest, c.key)
      const pub = w.publicKey(c.key)
      expect(w.keyMatches(c.key, pub)).toBe(true)
      expect(w.checks(c.digest, sig, c.key)).toBe(true)
      const flipped = Uint8Array.from(c.digest, (b, i) => (i === 31 ? b ^ 1 : b))
      const other = keccak_256(c.key)
      for (const [d, m, k] of [
        [c.digest, { ...sig, r: sig.r ^ 1n }, c.key],
        [c.digest, { ...sig, s: sig.s - 1n }, c.key],
        [c.digest, { ...sig, s: CURVE_N - sig.s }, c.key],
        [c.digest, { ...sig, yParity: 1 - sig.yParity }, c.key],
        [c.digest, { ...sig, s: CURVE_N - sig.s, yParity: 1 - sig.yParity }, c.key], // the mirrored signature: the same key
        [flipped, sig, c.key],
        [c.digest, sig, other], // the check with another key than the one that signed
        [c.digest, { ...sig, r: 0n }, c.key],
        [c.digest, { ...sig, s: CURVE_N }, c.key],
        [c.digest, { ...sig, yParity: sig.yParity + 2 }, c.key], // "x overflowed n": not this R
      ] as [Uint8Array, typeof sig, Uint8Array][]) {
        expect(w.checks(d, m, k), `${mutants}`).toBe(recovers(d, m, pub) && k === c.key)
        mutants++
      }
    }
    expect(mutants).toBe(2000)
  })

  test('every mutation refused: r, s, the recovery id, the digest, another key, out-of-range values, an r with no point', () => {
    const [c] = [...cases(1)]
    const sig = w.sign(c!.digest, c!.key)
    const bad: [string, boolean][] = [
      ['r^1', w.checks(c!.digest, { ...sig, r: sig.r ^ 1n }, c!.key)],
      ['s-1', w.checks(c!.digest, { ...sig, s: sig.s - 1n }, c!.key)],
      ['n-s', w.checks(c!.digest, { ...sig, s: CURVE_N - sig.s }, c!.key)],
      ['parity', w.checks(c!.digest, { ...sig, yParity: 1 - sig.yParity }, c!.key)],
      ['digest', w.checks(Uint8Array.from(c!.digest, (b, i) => (i === 31 ? b ^ 1 : b)), sig, c!.key)],
      ['other key', w.checks(c!.digest, sig, fixed(12345n))],
      ['r=0', w.checks(c!.digest, { ...sig, r: 0n }, c!.key)],
      ['s=0', w.checks(c!.digest, { ...sig, s: 0n }, c!.key)],
      ['r=n', w.checks(c!.digest, { ...sig, r: CURVE_N }, c!.key)],
      ['s=n', w.checks(c!.digest, { ...sig, s: CURVE_N }, c!.key)],
      ['recovery id 2', w.checks(c!.digest, { ...sig, yParity: 2 }, c!.key)],
      ['recovery id 4', w.checks(c!.digest, { ...sig, yParity: 4 }, c!.key)],
      ['recovery id -1', w.checks(c!.digest, { ...sig, yParity: -1 }, c!.key)],
      // x = 5 is not the x of any point of secp256k1 (5³ + 7 = 132 is no square mod p).
      ['r with no point', w.checks(c!.digest, { ...sig, r: 5n }, c!.key)],
      ['key 0', w.checks(c!.digest, sig, fixed(0n))],
      ['key n', w.checks(c!.digest, sig, fixed(CURVE_N))],
    ]
    expect(bad.filter(([, ok]) => ok)).toEqual([])
    expect(w.checks(c!.digest, sig, c!.key)).toBe(true)
  })

  test('the nonce edges t = 1, 2, n−2, n−1 (t+1 = n takes (t−1)·G + G): sound signatures pass, their mutations do not', () => {
    // A signature with nonce t by key d, made backwards: R = t·G, r = R.x mod n, then z = t·s − r·d.
    const d = 0x1234567890abcdefn
    const key = fixed(d)
    const pub = w.publicKey(key)
    expect(w.keyMatches(key, pub)).toBe(true)
    for (const t of [1n, 2n, CURVE_N - 2n, CURVE_N - 1n]) {
      const R = secp256k1.Point.BASE.multiply(t).toAffine()
      const r = R.x % CURVE_N
      const s = 0x5555n
      const z = (((t * s - r * d) % CURVE_N) + CURVE_N) % CURVE_N
      const sig = { r, s, yParity: Number(R.y & 1n) | (R.x >= CURVE_N ? 2 : 0) }
      expect(recovers(fixed(z), sig, pub), `t=${t}`).toBe(true)
      expect(w.checks(fixed(z), sig, key), `t=${t}`).toBe(true)
      expect(w.checks(fixed(z), { ...sig, yParity: sig.yParity ^ 1 }, key), `t=${t}`).toBe(false)
      expect(w.checks(fixed((z + 1n) % CURVE_N), sig, key), `t=${t}`).toBe(false)
    }
  })

  test('keyMatches refuses another key, a mirrored or changed public key, the compressed form, out-of-range keys', () => {
    const [c] = [...cases(1)]
    const pub = w.publicKey(c!.key)
    const mirrored = Uint8Array.from(pub)
    const y = bigintToFixed(0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn - BigInt('0x' + Buffer.from(pub.subarray(33)).toString('hex')), 32)
    mirrored.set(y, 33)
    const changed = Uint8Array.from(pub)
    changed[10]! ^= 1
    expect(w.keyMatches(keccak_256(c!.key), pub)).toBe(false)
    expect(w.keyMatches(c!.key, mirrored)).toBe(false)
    expect(w.keyMatches(c!.key, changed)).toBe(false)
    expect(w.keyMatches(c!.key, secp256k1.getPublicKey(c!.key, true))).toBe(false)
    expect(w.keyMatches(fixed(0n), pub)).toBe(false)
    expect(w.keyMatches(fixed(CURVE_N), pub)).toBe(false)
    expect(w.keyMatches(c!.key, pub)).toBe(true)
  })
})

describe('secp-wasm: the pin and the memory', () => {
  test('the shipped module is the pinned one, imports nothing and exports only its memory and five functions', () => {
    expect(sha(bytes)).toBe(wasm.WASM_SHA256)
    expect(sha(readFileSync(new URL('./secp-wasm/airsign-secp256k1.wasm', import.meta.url)))).toBe(wasm.WASM_SHA256)
    type W = { Module: { new (b: Uint8Array): object; imports(m: object): unknown[]; exports(m: object): { name: string; kind: string }[] } }
    const { Module } = (globalThis as unknown as { WebAssembly: W }).WebAssembly
    const m = new Module(bytes)
    expect(Module.imports(m)).toEqual([])
    expect(Module.exports(m).map((x) => `${x.kind} ${x.name}`)).toEqual(['memory memory', 'function io', 'function init', 'function sign', 'function pubkey', 'function check'])
    expect(bytes.length).toBe(74_461)
  })

  // The module is rebuilt from libsecp256k1's source by .ci/build-secp-wasm.mjs. That needs clang and
  // the source tarball (AIRSIGN_SECP_SOURCE=path/libsecp256k1_0.5.0.orig.tar.xz), which a plain
  // `npm ci` machine does not have: then this test is skipped, and the pin above still holds.
  const source = process.env.AIRSIGN_SECP_SOURCE
  test.skipIf(!source)('rebuilt from libsecp256k1 0.5.0 with clang 14.0.6, the module is byte-identical to the committed one', () => {
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('../.ci/build-secp-wasm.mjs', import.meta.url)), source!, '--check'], { encoding: 'utf8' })
    expect([r.status, r.stdout]).toEqual([0, `built ${wasm.WASM_SHA256}\ncommitted ${wasm.WASM_SHA256}\n`])
  }, 60_000)

  test('useBatchEngine refuses a module with one byte changed: INTERNAL, and nothing is compiled', () => {
    const tampered = Uint8Array.from(bytes)
    tampered[tampered.length - 1]! ^= 1
    expect(() => useBatchEngine(tampered)).toThrow(AirsignError)
    try {
      useBatchEngine(tampered)
    } catch (e) {
      expect([(e as AirsignError).code, (e as Error).message]).toEqual(['INTERNAL', 'the secp256k1 WebAssembly module is not the one this build pins: reinstall airsign'])
    }
  })

  test('a Node that cannot compile the module (a CPU without WebAssembly SIMD): load() and useBatchEngine() say so, and the batch keeps the other engines', () => {
    const WA = (globalThis as unknown as { WebAssembly: { Module: unknown; CompileError: new (m: string) => Error } }).WebAssembly
    const real = WA.Module
    wasm.forgetForTests()
    WA.Module = function () {
      throw new WA.CompileError('WebAssembly.Module(): Wasm SIMD unsupported')
    }
    try {
      expect(wasm.load(bytes, sha)).toBe(false)
      expect(useBatchEngine(bytes)).toBe(false)
      expect(() => wasm.engine()).toThrow('secp-wasm: load() first')
    } finally {
      WA.Module = real
      release()
    }
    expect(wasm.load(bytes, sha)).toBe(true)
    expect(wasm.engine().publicKey(fixed(1n))).toEqual(secp256k1.getPublicKey(fixed(1n), false))
  })

  test('wipe() zeroes the whole module memory; the next use makes a fresh, working instance', () => {
    const w = wasm.engine()
    const [c] = [...cases(1)]
    const first = w.sign(c!.digest, c!.key)
    const mem = wasm.memoryForTests()!
    expect(mem.some((b) => b !== 0)).toBe(true)
    wasm.wipe()
    expect(mem.every((b) => b === 0)).toBe(true)
    expect(wasm.memoryForTests()).toBeNull()
    expect(wasm.engine().sign(c!.digest, c!.key)).toEqual(first)
  })
})

describe('signDigest with the batch engine', () => {
  test('the same signatures as the one-shot engines, a digest ≥ n included (RFC 6979 with its reduction)', () => {
    const key = asPrivateKey(keccak_256(new TextEncoder().encode('batch engine key')))
    const pub = getPublicKey(key)
    const digests = [...[...cases(30)].map((c) => c.digest), fixed(CURVE_N + 3n), fixed((1n << 256n) - 1n)]
    const oneShot = digests.map((d) => signDigest(asDigest(d), key, pub))
    expect(useBatchEngine(bytes)).toBe(true)
    try {
      const batch = digests.map((d) => signDigest(asDigest(d), key, pub))
      expect(batch).toEqual(oneShot)
      expect(batch).toEqual(digests.map((d) => noble(d, key)))
    } finally {
      release()
    }
  })
})
