/**
 * secp256k1 on OpenSSL through `node:crypto`: public keys, RFC 6979 ECDSA
 * signing and verification, with no JavaScript point arithmetic on secrets.
 * Only `sign.ts` uses this module; it falls back to `@noble/curves` when
 * {@link engine} is null (a Node whose OpenSSL lacks the curve).
 *
 * What runs where:
 * - every multiplication of a point by a scalar is OpenSSL's (`ECDH`:
 *   `setPrivateKey` computes k·G, `computeSecret` the x of k·Q), which uses a
 *   constant-time Montgomery ladder for one scalar;
 * - HMAC-SHA256 of RFC 6979 is OpenSSL's;
 * - JavaScript does scalar arithmetic mod n (with the nonce's inverse blinded)
 *   and, in verification only, two additions of public points mod p.
 * sign.test.ts checks every function here against `@noble/curves` and
 * `@noble/secp256k1` on hundreds of keys and digests, and the verifier on
 * mutated and forged signatures.
 * @module
 */
import { createECDH, createHmac, ECDH, randomBytes } from 'node:crypto'
import { bigintToFixed, bytesToBigint, wipe } from './bytes.js'

/** The group order n. */
export const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
/** The field prime p. */
export const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn

/** A recoverable ECDSA signature (yParity 2 or 3 when R.x ≥ n: never in practice, refused by the caller). */
/** r, s (low), the recovery id; `ry`: the y of the nonce point R (after the low-s mirror), when the signer has it, for the batch check. */
export type RawSignature = { r: bigint; s: bigint; yParity: number; ry?: bigint }

let engineObject: ECDH | null | undefined
let disabled = false
/** What scrub() leaves OpenSSL holding: 1 (public anyway). */
const ONE = bigintToFixed(1n, 32)

/** OpenSSL's secp256k1, or null when this Node lacks the curve (or it is disabled). Created at first use. */
export function engine(): ECDH | null {
  if (engineObject === undefined) {
    try {
      engineObject = disabled ? null : createECDH('secp256k1')
    } catch {
      engineObject = null
    }
  }
  return engineObject
}

/** Disable (tests, and Nodes to be treated as lacking the curve) or re-enable the native engine. */
export function setEnabled(on: boolean): void {
  disabled = !on
  engineObject = undefined
}

// Whether OpenSSL holds a secret scalar now. Each setPrivateKey replaces the
// last one, and OpenSSL clears a replaced private key (BN_clear_free); so a
// chain of operations clears as it goes, and scrub() clears the last.
let holdsSecret = false

/** Give OpenSSL the scalar `k`; returns k·G (65 bytes). */
function mul(e: ECDH, k: Uint8Array, secret: boolean): Buffer {
  e.setPrivateKey(k)
  holdsSecret = secret
  return e.getPublicKey()
}

/**
 * Overwrite the secret scalar OpenSSL was last given, if any, with 1. Called
 * through sign.ts's release() when a key leaves use; costs one multiplication,
 * and nothing when the last scalar was public.
 */
export function scrub(): void {
  if (holdsSecret && engineObject) mul(engineObject, ONE, false)
}

/** x mod m, in 0 … m-1. */
export const mod = (x: bigint, m: bigint): bigint => {
  const r = x % m
  return r < 0n ? r + m : r
}

/** a⁻¹ mod m (extended Euclid; variable time: only for public values). */
export function invert(a: bigint, m: bigint): bigint {
  let [r0, r1] = [m, mod(a, m)]
  let [t0, t1] = [0n, 1n]
  while (r1 !== 0n) {
    const q = r0 / r1
    ;[r0, r1] = [r1, r0 - q * r1]
    ;[t0, t1] = [t1, t0 - q * t1]
  }
  if (r0 !== 1n) throw new RangeError('not invertible')
  return mod(t0, m)
}

/**
 * Public key of a private key (the caller has checked 0 < key < n). OpenSSL
 * keeps the key until the next operation or scrub().
 * @returns 65 bytes uncompressed, or 33 compressed
 */
export function publicKey(e: ECDH, key: Uint8Array, compressed: boolean): Uint8Array {
  mul(e, key, true)
  return Uint8Array.from(e.getPublicKey(null, compressed ? 'compressed' : 'uncompressed'))
}

/**
 * RFC 6979 (§3.2, HMAC-SHA256, qlen = hlen = 256) nonce and ECDSA with low s:
 * step for step what noble computes with `extraEntropy: false` and `lowS`.
 * OpenSSL holds the nonce afterwards, until verify() or scrub().
 * @param digest - 32 bytes
 * @param key - 32 bytes, 0 < key < n
 */
export function sign(e: ECDH, digest: Uint8Array, key: Uint8Array): RawSignature {
  const d = bytesToBigint(key)
  const z = bytesToBigint(digest) % N // bits2int mod n: a 256-bit digest needs no shift
  const h1 = bigintToFixed(z, 32) // bits2octets
  const hmac = (k: Uint8Array, ...parts: Uint8Array[]): Buffer => {
    const h = createHmac('sha256', k)
    for (const p of parts) h.update(p)
    return h.digest()
  }
  // Steps b-g: V = 0x01…, K = 0x00…, then two rounds keyed by the secret and the digest.
  let V: Uint8Array = new Uint8Array(32).fill(1)
  let K: Uint8Array = new Uint8Array(32)
  const nextV = (): void => {
    const v = hmac(K, V)
    wipe(V)
    V = v
  }
  const step = (k: Uint8Array): void => {
    wipe(K)
    K = k
    nextV()
  }
  try {
    step(hmac(K, V, Uint8Array.of(0), key, h1))
    step(hmac(K, V, Uint8Array.of(1), key, h1))
    for (;;) {
      nextV() // step h.2: tlen = qlen, one block is T
      const k = bytesToBigint(V)
      if (k > 0n && k < N) {
        const R = mul(e, V, true)
        const x = bytesToBigint(R.subarray(1, 33))
        const r = x % N
        if (r !== 0n) {
          // k⁻¹ = b·(k·b)⁻¹ with a random b: the variable-time inversion never sees k itself.
          const b = (bytesToBigint(randomBytes(32)) % (N - 1n)) + 1n
          const kInv = mod(b * invert(k * b, N), N)
          const s = mod(kInv * mod(z + r * d, N), N)
          if (s !== 0n) {
            const yParity = (x === r ? 0 : 2) | (R[64]! & 1)
            // EIP-2: s in the lower half; negating s mirrors R, so the parity flips.
            const y = bytesToBigint(R.subarray(33, 65))
            return s > N >> 1n ? { r, s: N - s, yParity: yParity ^ 1, ry: P - y } : { r, s, yParity, ry: y }
          }
        }
      }
      step(hmac(K, V, Uint8Array.of(0))) // step h.3: K = HMAC_K(V || 0x00), V = HMAC_K(V)
    }
  } finally {
    wipe(K, V)
  }
}

export type Affine = { x: bigint; y: bigint } | null // null: the point at infinity

/** Parse 65 uncompressed bytes (no curve check: the engine produced them, or the caller checked them). */
export function affine(bytes: Uint8Array): Affine {
  return { x: bytesToBigint(bytes.subarray(1, 33)), y: bytesToBigint(bytes.subarray(33, 65)) }
}

/** a + b on y² = x³ + 7 over p (public points only). */
export function add(a: Affine, b: Affine): Affine {
  if (a === null) return b
  if (b === null) return a
  let l: bigint
  if (a.x === b.x) {
    if (mod(a.y + b.y, P) === 0n) return null
    l = mod(3n * a.x * a.x * invert(2n * a.y, P), P)
  } else {
    l = mod((b.y - a.y) * invert(b.x - a.x, P), P)
  }
  const x = mod(l * l - a.x - b.x, P)
  return { x, y: mod(l * (a.x - x) - a.y, P) }
}

/**
 * The signer's self-check: true exactly when the signature recovers, with its
 * recovery id, to `publicKey`, the key of `key`. That is ECDSA verification
 * against Q = publicKey, s·R = z·G + r·Q with R the point of x = r and the
 * recovery id's parity, proven as two equations the signer can check with
 * multiplications of the base point only (OpenSSL's `setPrivateKey`, a third of
 * the cost of its `computeSecret`):
 * - Q = d·G, as (d+1)·G = Q + G;
 * - R = t·G with t = (z + r·d)/s, as (t+1)·G = R + G.
 * Together: s·R = (z + r·d)·G = z·G + r·Q. Neither repeats a multiplication
 * the signer made (its scalars were d and the nonce k; t = k only when the
 * signature is sound, and the check multiplies by t+1); the sums are
 * compared in JavaScript without an inversion (sumIs). A wrong r, s, recovery id, digest, R or Q fails one
 * of the equations.
 * @param key - the private key that signed (32 bytes)
 * @param publicKey - its public key as the caller holds it, 65 bytes uncompressed
 */
export function verify(e: ECDH, digest: Uint8Array, sig: RawSignature, key: Uint8Array, publicKey: Uint8Array): boolean {
  const { r, s, yParity } = sig
  if (r <= 0n || r >= N || s <= 0n || s >= N || (yParity !== 0 && yParity !== 1) || publicKey.length !== 65 || publicKey[0] !== 4) return false
  let R: Affine
  if (sig.ry !== undefined) {
    // The signer's own nonce point: the point with x = r and this parity, once its y is of that
    // parity and (r, y) is on the curve (the lift is unique), without OpenSSL's square root.
    const y = sig.ry
    if (y < 0n || y >= P || Number(y & 1n) !== yParity || mod(y * y - (r * r * r + 7n), P) !== 0n) return false
    R = { x: r, y }
  } else {
    try {
      R = affine(ECDH.convertKey(Uint8Array.of(2 + yParity, ...bigintToFixed(r, 32)), 'secp256k1', undefined, undefined, 'uncompressed') as Buffer)
    } catch {
      return false // no point has this x
    }
  }
  const d = bytesToBigint(key)
  if (d <= 0n || d >= N) return false
  const Q = affine(publicKey)
  const mulG = (k: bigint): Affine => affine(mul(e, bigintToFixed(k, 32), true))
  if (!isMultipleOfG(d, Q!, mulG)) return false
  const t = impliedNonce(digest, r, s, d)
  if (t === 0n) return false
  return isMultipleOfG(t, R!, mulG)
}

/** t = (z + r·d)/s mod n: the nonce a signature (r, s) by key d over `digest` implies (its nonce when it is sound). */
export function impliedNonce(digest: Uint8Array, r: bigint, s: bigint, d: bigint): bigint {
  return mod(mod(bytesToBigint(digest) + r * d, N) * invert(s, N), N)
}

/** The base point. */
export const G = { x: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n, y: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n }

/**
 * Is p = x·G (0 < x < n)? As (x+1)·G = p + G: one multiplication with a scalar other than x (the
 * self-checks of both engines: x is the key or the nonce, which the signer multiplied by), compared
 * with p + G without an inversion. For x = n−1 (x+1 = 0), a random split a·G + (x−a)·G instead.
 * @param mulG - k·G by the engine (constant time: k is secret when x is)
 */
export function isMultipleOfG(x: bigint, p: { x: bigint; y: bigint }, mulG: (k: bigint) => Affine): boolean {
  if (x + 1n < N) return sumIs(p, G, mulG(x + 1n)!)
  let a: bigint
  do a = (bytesToBigint(randomBytes(32)) % (N - 1n)) + 1n
  while (a === x)
  return sumIs(mulG(a), mulG(mod(x - a, N)), p)
}

/**
 * Is a + b = t? Checked without a field inversion (two of them cost more than the rest of this
 * check in JavaScript): for a.x ≠ b.x, with λ = dy/dx, the sum is (λ² − a.x − b.x, λ(a.x − x) − a.y),
 * so it is t exactly when dy² = (t.x + a.x + b.x)·dx² and (t.y + a.y)·dx = dy·(a.x − t.x), mod p.
 */
export function sumIs(a: Affine, b: Affine, t: { x: bigint; y: bigint }): boolean {
  if (a === null || b === null || a.x === b.x) {
    const sum = add(a, b)
    return sum !== null && sum.x === t.x && sum.y === t.y
  }
  const dx = mod(b.x - a.x, P)
  const dy = mod(b.y - a.y, P)
  return mod(dy * dy - (t.x + a.x + b.x) * dx * dx, P) === 0n && mod((t.y + a.y) * dx - dy * (a.x - t.x), P) === 0n
}
