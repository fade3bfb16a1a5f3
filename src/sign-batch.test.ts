/**
 * The batch self-check (sign.ts verifyBatch / deferChecks / settleChecks): a
 * block of signatures by one key is proven at once, as strongly as one by one;
 * a corrupted signature in any position of a block fails the block, and the
 * block's recheck names that position.
 */
import { describe, expect, test } from 'vitest'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { asDigest, asPrivateKey, CURVE_N, deferChecks, getPublicKey, pendingChecks, prepareForMany, settleChecks, signDigest, stopDeferring, verifyBatch, type PendingCheck } from './sign.js'
import { bytesToBigint } from './bytes.js'
import * as native from './secp-native.js'

const key = asPrivateKey(keccak_256(new TextEncoder().encode('airsign batch-check test key')))
const pub = getPublicKey(key)
const digest = (i: number) => asDigest(keccak_256(new TextEncoder().encode(`message ${i}`)))
/** A block of sound signatures, made (and each checked) one by one. */
function block(n: number, from = 0): PendingCheck[] {
  return Array.from({ length: n }, (_, i) => {
    const d = digest(from + i)
    const s = signDigest(d, key, pub)
    return { z: bytesToBigint(d), r: s.r, s: s.s, yParity: s.yParity }
  })
}

describe('verifyBatch', () => {
  const good = block(40)
  test('a block of sound signatures passes, with any weights', () => {
    expect(verifyBatch(good, pub)).toBe(true)
    expect(verifyBatch(good, pub, (n) => Array.from({ length: n }, (_, i) => BigInt(i + 1)))).toBe(true)
    expect(verifyBatch(good.slice(0, 1), pub)).toBe(true)
  })
  test('one corrupted signature in any position fails the block: s, r, the recovery id, the digest', () => {
    for (let i = 0; i < good.length; i++) {
      const at = (patch: Partial<PendingCheck>) => good.map((g, j) => (j === i ? { ...g, ...patch } : g))
      const it = good[i]!
      expect(verifyBatch(at({ s: (it.s * 3n) % CURVE_N }), pub), `s at ${i}`).toBe(false)
      expect(verifyBatch(at({ r: it.r ^ 1n }), pub), `r at ${i}`).toBe(false)
      expect(verifyBatch(at({ yParity: 1 - it.yParity }), pub), `parity at ${i}`).toBe(false)
      expect(verifyBatch(at({ z: it.z ^ 1n }), pub), `digest at ${i}`).toBe(false)
    }
  })
  test("another key's signatures fail; so do out-of-range values", () => {
    const other = getPublicKey(asPrivateKey(keccak_256(new TextEncoder().encode('another key'))))
    expect(verifyBatch(good, other)).toBe(false)
    expect(verifyBatch([{ ...good[0]!, s: 0n }], pub)).toBe(false)
    expect(verifyBatch([{ ...good[0]!, r: CURVE_N }], pub)).toBe(false)
  })
})

describe('verifyBatch with the signer\'s own R (the native engine gives its y: no square root)', () => {
  const e = native.engine()
  test.runIf(e !== null)('sound signatures pass; a wrong y, a y off the curve or a corruption in any position fails', () => {
    const items = Array.from({ length: 24 }, (_, i) => {
      const d = digest(5000 + i)
      const s = native.sign(e!, d, key)
      return { z: bytesToBigint(d), r: s.r, s: s.s, yParity: s.yParity, ry: s.ry }
    })
    expect(items.every((it) => it.ry !== undefined)).toBe(true)
    expect(verifyBatch(items, pub)).toBe(true)
    const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn
    for (let i = 0; i < items.length; i++) {
      const at = (patch: Partial<PendingCheck>) => items.map((g, j) => (j === i ? { ...g, ...patch } : g))
      const it = items[i]!
      expect(verifyBatch(at({ ry: P - it.ry! }), pub), `mirrored y at ${i}`).toBe(false) // the other parity: refused
      expect(verifyBatch(at({ ry: P - it.ry!, yParity: 1 - it.yParity }), pub), `-R at ${i}`).toBe(false) // -R with its parity: the equation fails
      expect(verifyBatch(at({ ry: it.ry! + 2n }), pub), `y off the curve at ${i}`).toBe(false)
      expect(verifyBatch(at({ s: (it.s * 3n) % CURVE_N }), pub), `s at ${i}`).toBe(false)
    }
  })
})

describe('deferred checks (sign --batch)', () => {
  test('after prepareForMany and deferChecks, repeated signatures wait; settle proves them, or names the bad one', () => {
    prepareForMany()
    signDigest(digest(1000), key, pub) // the first by this key is checked at once
    deferChecks()
    try {
      for (let i = 0; i < 10; i++) signDigest(digest(1001 + i), key, pub)
      expect(pendingChecks()).toBe(10)
      expect(settleChecks()).toBe(null)
      expect(pendingChecks()).toBe(0)
      expect(settleChecks()).toBe(null)
    } finally {
      stopDeferring()
    }
    // Back to checking each: nothing waits.
    signDigest(digest(2000), key, pub)
    expect(pendingChecks()).toBe(0)
  })
})
