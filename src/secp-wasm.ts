/**
 * secp256k1 on libsecp256k1 compiled to WebAssembly: the batch engine of
 * `sign --batch`. The module is tiny-secp256k1 2.2.4's `secp256k1.wasm`
 * (bitcoinjs; Rust `secp256k1-sys` 0.8.1 wrapping bitcoin-core's libsecp256k1),
 * pinned by its sha256 ({@link WASM_SHA256}): the build refuses another file,
 * and so does this module at run time. Only its exported functions are used,
 * through the fixed input buffers the module exports; none of tiny-secp256k1's
 * JavaScript runs.
 *
 * What it computes, with byte-identical results to the OpenSSL and noble
 * engines (secp-wasm.test.ts checks every path against both):
 * - `sign`: libsecp256k1's `secp256k1_ecdsa_sign_recoverable` with its default
 *   nonce, RFC 6979 HMAC-SHA256 over the key and the digest, and low s. That
 *   nonce is RFC 6979's only when the digest is below the group order n (the
 *   library does not reduce it first): for a digest ≥ n (probability 2⁻¹²⁸ for
 *   a hash) the caller uses another engine.
 * - `recovers`: the self-check, `secp256k1_ecdsa_recover` with the recovery
 *   id, compared with the signer's public key: exactly "the signature recovers
 *   to the signing key". Recovery runs the library's variable-base
 *   multiplication (Strauss-wNAF with the endomorphism); signing runs its
 *   constant-time comb over the base point: two separate code paths.
 *
 * Secrets: the key is copied into the module's input buffer for one call and
 * zeroed after it; the nonce lives on the module's stack until the next call
 * overwrites it. {@link wipe} zeroes the module's whole memory and drops the
 * instance (the next call makes a fresh one).
 * @module
 */
import { randomBytes } from 'node:crypto'
import { bigintToFixed, bytesToBigint, equalBytes } from './bytes.js'
import { add, G, impliedNonce, isMultipleOfG, P, type RawSignature } from './secp-native.js'

/** sha256 of the only module this file runs (tiny-secp256k1 2.2.4, lib/secp256k1.wasm). */
export const WASM_SHA256 = '5cbbcb8adc7acc3b78a3fd31c76d573302705ff5fd714d03f5a2602591197cb5'

/** The group order n. */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
/** −G, the negated base point. */
const MINUS_G = { x: G.x, y: P - G.y }

// The few WebAssembly types used here (the project's TypeScript library set has no DOM, and
// @types/node 20 declares no WebAssembly values).
type WasmGlobal = { value: unknown }
type WasmModule = object
type Wasm = {
  Module: new (bytes: Uint8Array) => WasmModule
  Instance: new (m: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: unknown }
}
const WA = (): Wasm => (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly

/** Does this Node run WebAssembly (not under --jitless)? */
export const available = (): boolean => typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'object'

type Exports = {
  memory: { buffer: ArrayBuffer }
  initializeContext(): void
  signRecoverable(withExtraData: number): number
  recover(outputLength: number, recoveryId: number): number
  pointFromScalar(outputLength: number): number
  PRIVATE_INPUT: WasmGlobal
  HASH_INPUT: WasmGlobal
  SIGNATURE_INPUT: WasmGlobal
  PUBLIC_KEY_INPUT: WasmGlobal
}

/** An instantiated engine. */
export type WasmEngine = {
  /** RFC 6979 ECDSA with low s; null when the digest is ≥ n (not RFC 6979 here: use another engine). */
  sign(digest: Uint8Array, key: Uint8Array): RawSignature | null
  /** Does the signature recover, with its recovery id, to `publicKey` (65 bytes uncompressed)? */
  recovers(digest: Uint8Array, sig: RawSignature, publicKey: Uint8Array): boolean
  /**
   * The batch's self-check of a signature by `key`, whose public key the caller has proven with
   * keyMatches: with t = (z + r·d)/s (the nonce, for a sound signature), (t+1)·G − G must be the
   * point with x = r and the recovery id's parity. Then R = t·G, so s·R = (z + r·d)·G = z·G + r·Q:
   * the signature recovers to Q. One constant-time multiplication of the base point (the module's
   * comb, with a scalar the signer did not use) and a subtraction of G in JavaScript: less than half
   * of what recovery costs here.
   */
  checks(digest: Uint8Array, sig: RawSignature, key: Uint8Array, publicKey: Uint8Array): boolean
  /** Is `publicKey` (65 bytes uncompressed) d·G for the key d? Proven as (d+1)·G = Q + G (secp-native.ts isMultipleOfG). */
  keyMatches(key: Uint8Array, publicKey: Uint8Array): boolean
  /** The public key of a key (65 bytes uncompressed). */
  publicKey(key: Uint8Array): Uint8Array
}

let compiled: WasmModule | null = null
let live: { exports: Exports; engine: WasmEngine } | null = null

/**
 * Compile the module (once); the bytes, whenever given, must be the pinned ones.
 * @throws Error when the bytes are not the pinned module (the caller reports it as INTERNAL)
 */
export function load(bytes: Uint8Array, sha256: (b: Uint8Array) => string): void {
  if (sha256(bytes) !== WASM_SHA256) throw new Error('the secp256k1 WebAssembly module is not the pinned one')
  compiled ??= new (WA().Module)(bytes)
}

/** The engine, instantiated at first use after load(). */
export function engine(): WasmEngine {
  if (live) return live.engine
  if (!compiled) throw new Error('secp-wasm: load() first')
  const instance = new (WA().Instance)(compiled, {
    // The library randomizes its context (blinding of the comb) with these.
    './rand.js': { generateInt32: () => randomBytes(4).readInt32BE(0) },
    './validate_error.js': {
      throwError: (code: number) => {
        throw new Error(`secp256k1 WebAssembly module refused its input (code ${code})`)
      },
    },
  })
  const x = instance.exports as unknown as Exports
  x.initializeContext()
  const view = (g: WasmGlobal, len: number): Uint8Array => new Uint8Array(x.memory.buffer, g.value as number, len)
  const priv = view(x.PRIVATE_INPUT, 32)
  const hash = view(x.HASH_INPUT, 32)
  const sigBuf = view(x.SIGNATURE_INPUT, 64)
  const pub = view(x.PUBLIC_KEY_INPUT, 65)
  const engine: WasmEngine = {
    sign(digest, key) {
      if (bytesToBigint(digest) >= N) return null
      try {
        hash.set(digest)
        priv.set(key)
        const recid = x.signRecoverable(0)
        return { r: bytesToBigint(sigBuf.subarray(0, 32)), s: bytesToBigint(sigBuf.subarray(32, 64)), yParity: recid }
      } finally {
        priv.fill(0)
        hash.fill(0)
        sigBuf.fill(0)
      }
    },
    recovers(digest, sig, publicKey) {
      const { r, s, yParity } = sig
      if (r <= 0n || r >= N || s <= 0n || s >= N || (yParity !== 0 && yParity !== 1) || publicKey.length !== 65) return false
      try {
        hash.set(digest)
        sigBuf.set(bigintToFixed(r, 32), 0)
        sigBuf.set(bigintToFixed(s, 32), 32)
        return x.recover(65, yParity) === 1 && equalBytes(pub, publicKey)
      } catch {
        return false // the module refused the signature (no point has x = r)
      } finally {
        hash.fill(0)
        sigBuf.fill(0)
        pub.fill(0)
      }
    },
    checks(digest, sig, key, publicKey) {
      const { r, s, yParity } = sig
      if (r <= 0n || r >= N || s <= 0n || s >= N || (yParity !== 0 && yParity !== 1)) return false
      const d = bytesToBigint(key)
      if (d <= 0n || d >= N) return false
      const t = impliedNonce(digest, r, s, d)
      if (t === 0n) return false
      const t1 = t + 1n
      if (t1 === N) return engine.recovers(digest, sig, publicKey) // t = n−1: (t+1)·G is no point to subtract from
      const P1 = point(engine.publicKey(bigintToFixed(t1, 32)))
      const R = add(P1, MINUS_G)
      return R !== null && R.x === r && Number(R.y & 1n) === yParity
    },
    keyMatches(key, publicKey) {
      if (publicKey.length !== 65 || publicKey[0] !== 4) return false
      const d = bytesToBigint(key)
      if (d <= 0n || d >= N) return false
      return isMultipleOfG(d, point(publicKey), (k) => point(engine.publicKey(bigintToFixed(k, 32))))
    },
    publicKey(key) {
      try {
        priv.set(key)
        if (x.pointFromScalar(65) !== 1) throw new Error('secp-wasm: invalid private key')
        return Uint8Array.from(pub)
      } finally {
        priv.fill(0)
        pub.fill(0)
      }
    },
  }
  live = { exports: x, engine }
  return engine
}

/** Tests: a view of the live instance's memory (null when there is none). */
export function memoryForTests(): Uint8Array | null {
  return live ? new Uint8Array(live.exports.memory.buffer) : null
}

/** 65 uncompressed bytes → the affine point (the module produced or the caller checked them). */
function point(b: Uint8Array): { x: bigint; y: bigint } {
  return { x: bytesToBigint(b.subarray(1, 33)), y: bytesToBigint(b.subarray(33, 65)) }
}

/** Zero the module's whole memory (key, nonce, context) and drop the instance. */
export function wipe(): void {
  if (!live) return
  new Uint8Array(live.exports.memory.buffer).fill(0)
  live = null
}
