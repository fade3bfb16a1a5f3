/**
 * secp256k1 on libsecp256k1 compiled to WebAssembly: the batch engine of
 * `sign --batch`. The module is libsecp256k1 0.5.0 (bitcoin-core, MIT) with
 * one C file of ours as its interface (`secp-wasm/airsign-secp256k1.c`), built
 * by `.ci/build-secp-wasm.mjs` with clang for wasm32 with SIMD: no libc, no
 * imports, five functions. It is pinned by its sha256 ({@link WASM_SHA256}): the build
 * refuses another file, and so does this module at run time.
 *
 * What it computes, with byte-identical results to the OpenSSL and noble
 * engines (secp-wasm.test.ts checks every path against both):
 * - `sign`: libsecp256k1's `secp256k1_ecdsa_sign_recoverable` with its default
 *   nonce, RFC 6979 HMAC-SHA256 over the key and the digest, and low s; the
 *   digest is reduced mod n first (RFC 6979's bits2octets, which libsecp256k1
 *   leaves to its caller), so a digest ≥ n is signed as the other engines sign it.
 * - `checks`: the self-check, in the module: with t = (z + r·d)/s, (t+1)·G − G
 *   must be the point R of the signature (x mod n = r, the recovery id's
 *   overflow bit and y parity), which is "verifies, and recovers to Q = d·G"
 *   once Q is proven (keyMatches). It multiplies a scalar the signer did not
 *   (t+1, not the nonce t) and adds −G with the variable-time addition, which
 *   the comb the signer uses does not call.
 *
 * Secrets: the key is copied into the module's buffer for one call and zeroed
 * after it; the module clears its own locals (the nonce included) before each
 * call returns. The comb is blinded with 32 bytes from node:crypto at each
 * instantiation. {@link wipe} zeroes the module's whole memory and drops the
 * instance (the next call makes a fresh one).
 * @module
 */
import { randomBytes } from 'node:crypto'
import { bigintToFixed, bytesToBigint } from './bytes.js'
import { affine, isMultipleOfG, N, type RawSignature } from './secp-native.js'

/** sha256 of the only module this file runs (src/secp-wasm/airsign-secp256k1.wasm, .ci/build-secp-wasm.mjs). */
export const WASM_SHA256 = '9b98896f01366fa5b591a5e34d122a5c04bfd37fc2a402e1c03d66239c110efb'

// The few WebAssembly types used here (the project's TypeScript library set has no DOM, and
// @types/node 20 declares no WebAssembly values).
type WasmModule = object
type Wasm = {
  Module: new (bytes: Uint8Array) => WasmModule
  Instance: new (m: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: unknown }
}
const WA = (): Wasm => (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly

/** Does this Node run WebAssembly (not under --jitless)? */
export const available = (): boolean => typeof (globalThis as { WebAssembly?: unknown }).WebAssembly === 'object'

/** The module's exports (src/secp-wasm/airsign-secp256k1.c). */
type Exports = {
  memory: { buffer: ArrayBuffer }
  /** The address of the 256-byte input/output buffer. */
  io(): number
  init(): number
  sign(): number
  pubkey(): number
  check(recid: number): number
}
// Offsets in the module's buffer (airsign-secp256k1.c).
const KEY = 0
const DIGEST = 32
const SIG = 64
const PUB = 128
const SEED = 196

/** An instantiated engine. */
export type WasmEngine = {
  /** RFC 6979 ECDSA with low s (yParity is libsecp256k1's recovery id, 0 to 3). */
  sign(digest: Uint8Array, key: Uint8Array): RawSignature
  /**
   * The batch's self-check of a signature by `key`, whose public key the caller has proven with
   * keyMatches: with t = (z + r·d)/s (the nonce, for a sound signature), (t+1)·G − G must be the
   * point with x mod n = r and the recovery id's overflow bit and parity. Then R = t·G, so
   * s·R = (z + r·d)·G = z·G + r·Q: the signature verifies, and recovers to Q with that id.
   */
  checks(digest: Uint8Array, sig: RawSignature, key: Uint8Array): boolean
  /** Is `publicKey` (65 bytes uncompressed) d·G for the key d? Proven as (d+1)·G = Q + G (secp-native.ts isMultipleOfG). */
  keyMatches(key: Uint8Array, publicKey: Uint8Array): boolean
  /** The public key of a key (65 bytes uncompressed). */
  publicKey(key: Uint8Array): Uint8Array
}

let compiled: WasmModule | null = null
let live: { exports: Exports; engine: WasmEngine } | null = null

/**
 * Compile the module (once); the bytes, whenever given, must be the pinned ones.
 * @returns false when this Node cannot compile it: the module uses WebAssembly SIMD, which V8 runs
 *   only on CPUs that have it (x86-64: SSE4.1); the caller keeps the other engines
 * @throws Error when the bytes are not the pinned module (the caller reports it as INTERNAL)
 */
export function load(bytes: Uint8Array, sha256: (b: Uint8Array) => string): boolean {
  if (sha256(bytes) !== WASM_SHA256) throw new Error('the secp256k1 WebAssembly module is not the pinned one')
  if (compiled === null) {
    try {
      compiled = new (WA().Module)(bytes)
    } catch {
      return false
    }
  }
  return true
}

/** Tests: forget the compiled module and the instance, as a fresh process has neither. */
export function forgetForTests(): void {
  wipe()
  compiled = null
}

/** The engine, instantiated at first use after load(). */
export function engine(): WasmEngine {
  if (live) return live.engine
  if (!compiled) throw new Error('secp-wasm: load() first')
  const x = new (WA().Instance)(compiled, {}).exports as unknown as Exports
  const io = new Uint8Array(x.memory.buffer, x.io(), 256)
  io.set(randomBytes(32), SEED)
  if (x.init() !== 1) throw new Error('secp-wasm: the context was not created')
  const engine: WasmEngine = {
    sign(digest, key) {
      try {
        io.set(key, KEY)
        io.set(digest, DIGEST)
        const recid = x.sign()
        if (recid < 0) throw new Error('secp-wasm: invalid private key')
        return { r: bytesToBigint(io.subarray(SIG, SIG + 32)), s: bytesToBigint(io.subarray(SIG + 32, SIG + 64)), yParity: recid }
      } finally {
        io.fill(0, KEY, SIG + 64)
      }
    },
    checks(digest, sig, key) {
      const { r, s, yParity } = sig
      if (r <= 0n || r >= N || s <= 0n || s >= N || !Number.isInteger(yParity) || yParity < 0 || yParity > 3) return false
      try {
        io.set(key, KEY)
        io.set(digest, DIGEST)
        io.set(bigintToFixed(r, 32), SIG)
        io.set(bigintToFixed(s, 32), SIG + 32)
        return x.check(yParity) === 1
      } finally {
        io.fill(0, KEY, SIG + 64)
      }
    },
    keyMatches(key, publicKey) {
      if (publicKey.length !== 65 || publicKey[0] !== 4) return false
      const d = bytesToBigint(key)
      if (d <= 0n || d >= N) return false
      return isMultipleOfG(d, affine(publicKey)!, (k) => affine(engine.publicKey(bigintToFixed(k, 32))))
    },
    publicKey(key) {
      try {
        io.set(key, KEY)
        if (x.pubkey() !== 1) throw new Error('secp-wasm: invalid private key')
        return io.slice(PUB, PUB + 65)
      } finally {
        io.fill(0, KEY, KEY + 32)
        io.fill(0, PUB, PUB + 65)
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

/** Zero the module's whole memory (key, nonce, context) and drop the instance. */
export function wipe(): void {
  if (!live) return
  new Uint8Array(live.exports.memory.buffer).fill(0)
  live = null
}
