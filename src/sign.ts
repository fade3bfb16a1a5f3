/**
 * secp256k1 ECDSA over a 32-byte digest: sign (RFC 6979 deterministic, low-s),
 * recover, public keys. The only module that signs, and the only importer of
 * the curve library.
 *
 * Two engines compute keys and signatures, with byte-identical results
 * (sign.test.ts compares them on hundreds of keys and digests):
 * - native (`secp-native.ts`), when this Node's OpenSSL has secp256k1
 *   (official Node builds do; some distributions' OpenSSL leave the curve out):
 *   point multiplications, HMAC and verification by `node:crypto`;
 * - `@noble/curves`, otherwise.
 * Cold, the native engine is what makes a one-shot command fast: noble's
 * JavaScript point arithmetic and hashes run in V8's interpreter at first and
 * cost ~40 ms for one derivation and signature; OpenSSL's cost ~2 ms.
 *
 * Every signature is checked before it leaves this module: it must recover to
 * the signer's public key (a guard against faults and bugs) and have a low s
 * (EIP-2). The check is verification with the recovery id: OpenSSL's with the
 * native engine (secp-native.ts), noble's recovery without it; after
 * prepareForMany(), from the second signature by the same key on, noble's
 * verification against that key's own table, faster for a batch; and after
 * deferChecks() (sign --batch), by blocks: batch verification (verifyBatch),
 * proven before the caller writes any signature of the block (settleChecks).
 * @module
 */
import type { secp256k1 as Secp } from '@noble/curves/secp256k1.js'
import { nobleCurveUtils, nobleSecp256k1 } from './lazy.js'
import { AirsignError } from './errors.js'
import { bigintToFixed, bytesToBigint, equalBytes } from './bytes.js'
import * as native from './secp-native.js'
import * as wasm from './secp-wasm.js'
import { createHash, randomBytes } from 'node:crypto'

// The window of noble's base-point table decides its cold cost: W=4 builds 512
// points and is the fastest for a few multiplications (recovery, and everything
// when the native engine is missing); W=8 (2^7·33 points, ~90 ms to build) pays
// off after about a hundred (batches, address ranges): see prepareForMany().

/**
 * `@noble/curves`' secp256k1, loaded at first use (lazy.ts): a native-engine
 * signature never loads it. The base-point table starts small (W=4).
 */
function curve(): typeof Secp {
  if (!secpLoaded) {
    secpLoaded = nobleSecp256k1().secp256k1
    secpLoaded.Point.BASE.precompute(4)
  }
  return secpLoaded
}
let secpLoaded: typeof Secp | undefined

/**
 * Choose the engine that computes keys and signatures: 'native' (node:crypto,
 * the default, when this Node has the curve) or 'noble' (tests). The native
 * engine is created at its first use.
 */
export function useEngine(engine: 'native' | 'noble'): void {
  native.setEnabled(engine === 'native')
}

/**
 * Clear the last secret scalar the native engine was given (a key or a
 * nonce); each engine operation already clears the one before. Called when a
 * key leaves use (signer.ts).
 */
export function release(): void {
  native.scrub()
  wasm.wipe()
  batchEngine = false
  batchKey?.key.fill(0)
  batchKey = null
}

/**
 * sign --batch: from now on, repeated signatures by one key (a known public
 * key) are made and checked by libsecp256k1 as WebAssembly (secp-wasm.ts):
 * ~6× faster than the native engine, and its self-check ((t+1)·G − G = R with
 * t = (z + r·d)/s, once the key's public key is proven) is made for each
 * signature before it is returned, so nothing waits for a block. Until release().
 * @param bytes - the pinned module (secp-wasm-data.ts reads it)
 * @returns false when this Node runs no WebAssembly (--jitless), or not the module's (a CPU
 *   without WebAssembly SIMD): the caller keeps the other engines
 * @throws AirsignError INTERNAL when the bytes are not the pinned module
 */
export function useBatchEngine(bytes: Uint8Array): boolean {
  if (!wasm.available()) return false
  let compiled: boolean
  try {
    compiled = wasm.load(bytes, (b) => createHash('sha256').update(b).digest('hex'))
  } catch (e) {
    throw new AirsignError('INTERNAL', 'the secp256k1 WebAssembly module is not the one this build pins: reinstall airsign', { cause: e })
  }
  if (!compiled) return false
  batchEngine = true
  return true
}
let batchEngine = false
/** The key pair the batch engine has proven (keyMatches); the copy of the key is wiped by release(). */
let batchKey: { key: Uint8Array; publicKey: Uint8Array } | null = null

/** The engine in use: 'native', or 'noble' when forced or when this Node's OpenSSL lacks secp256k1. */
export function engine(): 'native' | 'noble' {
  return native.engine() ? 'native' : 'noble'
}

/**
 * Switch to the large base-point table before many signatures or derivations.
 * Idempotent; costs one table build (~90 ms) and makes each multiplication
 * about twice as fast.
 */
export function prepareForMany(): void {
  if (manyPrepared) return
  manyPrepared = true
  curve().Point.BASE.precompute(8)
}
let manyPrepared = false

/** A 32-byte secp256k1 secret key. Only `hd.ts` (and tests) create one. */
export type PrivateKey = Uint8Array & { readonly __brand: 'PrivateKey' }
/** A 32-byte message digest. Only the modules that hash what is signed create one. */
export type Digest32 = Uint8Array & { readonly __brand: 'Digest32' }

/** A recoverable ECDSA signature. */
export type Signature = { r: bigint; s: bigint; yParity: 0 | 1 }

/** secp256k1 group order. */
export const CURVE_N = native.N

/**
 * Brand 32 bytes as a digest.
 * @throws TypeError when not 32 bytes (a bug, not user input)
 */
export function asDigest(b: Uint8Array): Digest32 {
  if (b.length !== 32) throw new TypeError(`digest: expected 32 bytes, got ${b.length}`)
  return b as Digest32
}

/** Whether 32 bytes are a secp256k1 private key: 0 < k < n. */
export function isValidPrivateKey(b: Uint8Array): boolean {
  if (b.length !== 32) return false
  const k = bytesToBigint(b)
  return k > 0n && k < CURVE_N
}

/**
 * Brand 32 bytes as a private key after checking 0 < k < n.
 * @throws AirsignError XKEY_INVALID
 */
export function asPrivateKey(b: Uint8Array): PrivateKey {
  if (!isValidPrivateKey(b)) throw new AirsignError('XKEY_INVALID', 'private key is not a valid secp256k1 scalar')
  return b as PrivateKey
}

/**
 * Public key of a private key: uncompressed (65 bytes, 0x04 || x || y) or compressed (33 bytes).
 * @example getPublicKey(key).length // 65
 */
export function getPublicKey(key: PrivateKey, compressed = false): Uint8Array {
  const e = native.engine()
  return e ? native.publicKey(e, key, compressed) : curve().getPublicKey(key, compressed)
}

/**
 * Any SEC1 public key (33 or 65 bytes) → uncompressed 65 bytes.
 * @throws AirsignError XKEY_INVALID when not a point on the curve
 */
export function uncompress(pub: Uint8Array): Uint8Array {
  const secp = curve()
  try {
    return secp.Point.fromBytes(pub).toBytes(false)
  } catch (e) {
    throw new AirsignError('XKEY_INVALID', 'public key is not a point on secp256k1', { cause: e })
  }
}

/**
 * Sign a digest. Deterministic (RFC 6979, no extra entropy) so that vectors
 * reproduce; low-s (EIP-2). Before it is returned the signature is verified
 * against the signer's public key with its recovery id ("it recovers to this
 * key"): by the native engine's verification when there is one, else by noble's
 * recovery; from the second signature by one key after prepareForMany(), by
 * noble's verification against that key's own table (fast once warm).
 * @param digest - the 32-byte hash that is signed
 * @param key - the private key
 * @param publicKey - the signer's uncompressed public key, when already known (saves a point multiplication)
 * @returns r, s, yParity
 * @throws AirsignError INTERNAL when the self-check fails
 */
export function signDigest(digest: Digest32, key: PrivateKey, publicKey?: Uint8Array): Signature {
  if (batchEngine && publicKey !== undefined) {
    const w = wasm.engine()
    if (batchKey === null || !equalBytes(batchKey.key, key) || !equalBytes(batchKey.publicKey, publicKey)) {
      // Once per key: its public key is d·G (the per-signature check below takes that as proven).
      if (!w.keyMatches(key, publicKey)) throw new AirsignError('INTERNAL', "signature self-check failed: the public key is not the signing key's")
      batchKey?.key.fill(0)
      batchKey = { key: Uint8Array.from(key), publicKey: Uint8Array.from(publicKey) }
    }
    const sig = w.sign(digest, key)
    if (sig.yParity !== 0 && sig.yParity !== 1) throw new AirsignError('INTERNAL', 'signature self-check failed: recovery id')
    if (sig.s > CURVE_N >> 1n || !w.checks(digest, sig, key)) {
      throw new AirsignError('INTERNAL', 'signature self-check failed: the signature does not recover to the signing key')
    }
    return { r: sig.r, s: sig.s, yParity: sig.yParity }
  }
  const e = native.engine()
  const sig = e ? native.sign(e, digest, key) : nobleSign(digest, key)
  const rec = sig.yParity
  if (rec !== 0 && rec !== 1) throw new AirsignError('INTERNAL', 'signature self-check failed: recovery id')
  const expected = publicKey ?? getPublicKey(key)
  // The second and later signatures by one key (a batch) are checked against that key's own table.
  const repeated = manyPrepared && publicKey !== undefined && lastKey !== null && equalBytes(lastKey, publicKey)
  lastKey = publicKey === undefined ? null : Uint8Array.from(publicKey)
  if (repeated && deferring && (pendingKey === null || pending.length === 0 || equalBytes(pendingKey, expected))) {
    // sign --batch: checked with the others of its block (settleChecks) before its line is written.
    if (sig.s > CURVE_N >> 1n) throw new AirsignError('INTERNAL', 'signature self-check failed: high s')
    pending.push({ z: bytesToBigint(digest), r: sig.r, s: sig.s, yParity: rec, ry: sig.ry })
    pendingKey = expected
    return { r: sig.r, s: sig.s, yParity: rec }
  }
  const sound = repeated
    ? verifiesWithParity(digest, sig.r, sig.s, rec, expected)
    : e
      ? native.verify(e, digest, sig, key, expected)
      : nobleRecovers(digest, sig, expected)
  // In a batch (repeated) the nonce stays in OpenSSL until the next signature replaces it or the
  // command's release(); one more multiplication per signature would cost a third of its time.
  if (sig.s > CURVE_N >> 1n || !sound) {
    throw new AirsignError('INTERNAL', 'signature self-check failed: the signature does not recover to the signing key')
  }
  return { r: sig.r, s: sig.s, yParity: rec }
}

/** noble's check: the signature recovers to `expected`. */
function nobleRecovers(digest: Digest32, sig: native.RawSignature, expected: Uint8Array): boolean {
  const secp = curve()
  return equalBytes(uncompress(secp.recoverPublicKey(new secp.Signature(sig.r, sig.s, sig.yParity).toBytes('recovered'), digest, { prehash: false })), expected)
}

/** noble's RFC 6979 signature, low s. */
function nobleSign(digest: Digest32, key: PrivateKey): native.RawSignature {
  const secp = curve()
  const sig = secp.Signature.fromBytes(secp.sign(digest, key, { prehash: false, lowS: true, format: 'recovered', extraEntropy: false }), 'recovered')
  return { r: sig.r, s: sig.s, yParity: sig.recovery! }
}

// The public key of the last signature, and the one with its own multiples table (many signatures by one key).
let lastKey: Uint8Array | null = null
let cachedKey: { bytes: Uint8Array; point: InstanceType<(typeof Secp)['Point']> } | null = null

/**
 * The self-check of prepareForMany() mode, equal in strength to recovery:
 * R = (z/s)·G + (r/s)·Q must be the point whose x is r and whose y has the
 * parity of the recovery id. That is ECDSA verification against the known key
 * Q plus the recovery id, which is exactly "recovers to Q". With tables for G
 * and Q it costs two fast multiplications instead of recovery's one slow one.
 * Variable-time arithmetic is sound here: z, r, s and Q are all public.
 */
function verifiesWithParity(digest: Digest32, r: bigint, s: bigint, yParity: number, publicKey: Uint8Array): boolean {
  const secp = curve()
  if (!cachedKey || !equalBytes(cachedKey.bytes, publicKey)) {
    const point = secp.Point.fromBytes(publicKey)
    point.precompute(8, false)
    cachedKey = { bytes: Uint8Array.from(publicKey), point }
  }
  const Fn = secp.Point.Fn
  const z = Fn.create(bytesToBigint(digest))
  const sInv = Fn.inv(s)
  const R = secp.Point.BASE.multiplyUnsafe(Fn.mul(z, sInv)).add(cachedKey.point.multiplyUnsafe(Fn.mul(r, sInv)))
  if (R.is0()) return false
  const { x, y } = R.toAffine()
  return x === r && Number(y & 1n) === yParity
}

/** A signature whose self-check waits for its block: the digest as a number, r, s, the recovery id. */
export type PendingCheck = { readonly z: bigint; readonly r: bigint; readonly s: bigint; readonly yParity: number; readonly ry?: bigint | undefined }
let deferring = false
let pending: PendingCheck[] = []
/** The key every waiting signature was made with (deferral is for repeated signatures by one key). */
let pendingKey: Uint8Array | null = null

/**
 * From now on (after prepareForMany, from the second signature by one key on) keep each
 * signature's self-check for settleChecks(), which proves a whole block at once: `sign --batch`
 * writes a line only after its block is proven.
 */
export function deferChecks(): void {
  deferring = true
}

/** Back to checking each signature when it is made; waiting checks are dropped (the caller wrote nothing of them). */
export function stopDeferring(): void {
  deferring = false
  pending = []
  pendingKey = null
}

/** How many signatures wait for their check. */
export function pendingChecks(): number {
  return pending.length
}

/**
 * Prove every waiting signature: batch verification of the block, and when it fails, each
 * signature alone, to name the first that does not recover to the key.
 * @returns the position (from 0, in signing order since the last settle) of the first bad
 *   signature, or null when all are sound
 */
export function settleChecks(): number | null {
  const items = pending
  const key = pendingKey
  pending = []
  if (items.length === 0) return null
  if (!key) return 0
  if (verifyBatch(items, key)) return null
  const i = items.findIndex((it) => !verifiesWithParity(bigintToFixed(it.z, 32) as Digest32, it.r, it.s, it.yParity, key))
  // Batch verification failed but every signature passes alone: impossible unless the arithmetic
  // is faulty. Name the first so that nothing of the block is written.
  return i < 0 ? 0 : i
}

/**
 * Batch verification of signatures by one key, as strong as checking each (a bad one passes
 * with probability at most 2^-127): each signature's R is the curve point with x = r and the
 * recovery id's y parity, and with random odd 128-bit weights a_i,
 *
 *     Σ a_i·R_i  =  (Σ a_i·z_i/s_i)·G + (Σ a_i·r_i/s_i)·Q
 *
 * holds exactly when (except with that probability) every R_i = (z_i/s_i)·G + (r_i/s_i)·Q, which
 * is "recovers to Q" for each (verifiesWithParity). One multi-scalar multiplication (Pippenger)
 * and two of the key's and the base point's tables replace two multiplications a signature.
 * Variable-time arithmetic is sound here: everything but the weights is public.
 * @param weights - the random weights' source (tests pass their own)
 */
export function verifyBatch(items: readonly PendingCheck[], publicKey: Uint8Array, weights: (count: number) => bigint[] = randomWeights): boolean {
  const secp = curve()
  const { Point } = secp
  const Fn = Point.Fn
  if (!cachedKey || !equalBytes(cachedKey.bytes, publicKey)) {
    const point = Point.fromBytes(publicKey)
    point.precompute(8, false)
    cachedKey = { bytes: Uint8Array.from(publicKey), point }
  }
  const a = weights(items.length)
  let g = 0n
  let q = 0n
  const points: InstanceType<typeof Point>[] = []
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!
    if (it.r <= 0n || it.r >= CURVE_N || it.s <= 0n || it.s >= CURVE_N || (it.yParity !== 0 && it.yParity !== 1)) return false
    let R
    try {
      if (it.ry !== undefined) {
        // The signer's own R: the same point as lifting x = r with that parity, once it is on the curve
        // and its y has the parity (the lift is unique), without the square root.
        if (Number(it.ry & 1n) !== it.yParity) return false
        R = Point.fromAffine({ x: it.r, y: it.ry })
        R.assertValidity()
      } else R = Point.fromBytes(Uint8Array.from([2 + it.yParity, ...bigintToFixed(it.r, 32)]))
    } catch {
      return false // no point has x = r (or the given y is not on the curve)
    }
    const sInv = Fn.inv(it.s)
    g = Fn.add(g, Fn.mul(a[i]!, Fn.mul(Fn.create(it.z), sInv)))
    q = Fn.add(q, Fn.mul(a[i]!, Fn.mul(it.r, sInv)))
    points.push(R)
  }
  const lhs = nobleCurveUtils().pippenger(Point, points, a)
  const rhs = Point.BASE.multiplyUnsafe(g).add(cachedKey.point.multiplyUnsafe(q))
  return lhs.equals(rhs)
}

/** Nonzero random 128-bit weights. */
function randomWeights(count: number): bigint[] {
  const b = randomBytes(16 * count)
  const out: bigint[] = []
  for (let i = 0; i < count; i++) out.push(bytesToBigint(b.subarray(16 * i, 16 * i + 16)) | 1n)
  return out
}

/**
 * Recover the uncompressed public key that made a signature.
 * @throws AirsignError BAD_SIGNATURE when r or s is out of range or no point recovers
 */
export function recoverPublicKey(digest: Digest32, sig: Signature): Uint8Array {
  const secp = curve()
  try {
    const s = new secp.Signature(sig.r, sig.s, sig.yParity)
    return uncompress(secp.recoverPublicKey(s.toBytes('recovered'), digest, { prehash: false }))
  } catch (e) {
    throw new AirsignError('BAD_SIGNATURE', 'signature does not recover to a public key', { cause: e })
  }
}

/**
 * Public keys `K + t·G` for tweaks `t`: BIP-32 public child derivation
 * (§Public parent key → public child key), for address ranges.
 *
 * The multiplication is variable-time (`multiplyUnsafe`). That is sound here
 * and only here: each tweak is HMAC(chain code, K ∥ index), computable by
 * anyone who holds the account's xpub, which wallets share with watch-only
 * software; no private key enters this function.
 * @param parent - the parent public key (33 or 65 bytes)
 * @param tweaks - scalars, each 0 < t < n (the caller checks BIP-32's validity rule)
 * @returns for each tweak the uncompressed child key (65 bytes), or null when it is the point at infinity
 * @throws AirsignError XKEY_INVALID for a parent that is not on the curve
 */
export function addTweaksToPublicKey(parent: Uint8Array, tweaks: readonly bigint[]): (Uint8Array | null)[] {
  const secp = curve()
  let P
  try {
    P = secp.Point.fromBytes(parent)
  } catch (e) {
    throw new AirsignError('XKEY_INVALID', 'public key is not a point on secp256k1', { cause: e })
  }
  const children = tweaks.map((t) => P.add(secp.Point.BASE.multiplyUnsafe(t)))
  // One shared field inversion for all the points instead of one each (Montgomery's trick).
  const finite = children.filter((c) => !c.is0())
  const affine = nobleCurveUtils().normalizeZ(secp.Point, finite)
  let j = 0
  return children.map((c) => (c.is0() ? null : affine[j++]!.toBytes(false)))
}
