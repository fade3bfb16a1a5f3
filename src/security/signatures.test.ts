/**
 * Issue 5.5, from the outside: every signature airsign makes recovers to the
 * signing key's address, has a low s (EIP-2), and the signed transaction
 * re-parses (by ethers, the oracle) to exactly the fields that were signed.
 * sign.ts checks recovery and low s at run time before returning a
 * signature; these properties check the whole path on random transactions
 * and random keys.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { computeAddress, Transaction } from 'ethers'
import * as bytes from '../bytes.js'
import * as tx from '../tx.js'
import { asPrivateKey, CURVE_N, getPublicKey, signDigest } from '../sign.js'

const RUNS = { seed: Number(process.env.AIRSIGN_FUZZ_SEED ?? 0x5eed5), numRuns: Number(process.env.AIRSIGN_FUZZ_RUNS ?? 200) }

const valid = (k: Uint8Array): boolean => {
  try {
    asPrivateKey(Uint8Array.from(k))
    return true
  } catch {
    return false
  }
}
const key = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter(valid)
const unsigned = fc.record({
  type: fc.constant(0 as const),
  chainId: fc.oneof(fc.constantFrom(1n, 137n, 110n, 111n), fc.bigInt({ min: 1n, max: (1n << 64n) - 1n })),
  nonce: fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }),
  gasPrice: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
  gas: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  to: fc.option(fc.uint8Array({ minLength: 20, maxLength: 20 })),
  value: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
  data: fc.uint8Array({ maxLength: 64 }),
})

describe('sound signatures', () => {
  test('a signed transaction re-parses to its fields, recovers to the key, and has a low s', () => {
    fc.assert(
      fc.property(unsigned, key, (u, k) => {
        const pk = asPrivateKey(Uint8Array.from(k))
        const signed = tx.sign(u, pk)
        const t = Transaction.from(bytes.bytesToHex(signed.raw))
        expect({
          type: t.type,
          chainId: t.chainId,
          nonce: BigInt(t.nonce),
          gasPrice: t.gasPrice,
          gas: t.gasLimit,
          to: t.to?.toLowerCase() ?? null,
          value: t.value,
          data: t.data,
        }).toEqual({ type: 0, chainId: u.chainId, nonce: u.nonce, gasPrice: u.gasPrice, gas: u.gas, to: u.to && bytes.bytesToHex(u.to), value: u.value, data: bytes.bytesToHex(u.data) })
        expect(t.from).toBe(computeAddress(bytes.bytesToHex(getPublicKey(pk))))
        expect(BigInt(t.signature!.s) <= CURVE_N / 2n).toBe(true)
        expect(t.hash).toBe(bytes.bytesToHex(signed.hash))
      }),
      RUNS,
    )
  })

  test('signDigest refuses to return a signature that does not recover to the given public key', () => {
    // The self-check compares against the public key the caller says belongs to the key: a
    // mismatch (a fault in derivation, or a bug) stops the signature from leaving sign.ts.
    const k = asPrivateKey(Uint8Array.from(Buffer.alloc(32, 1)))
    const other = getPublicKey(asPrivateKey(Uint8Array.from(Buffer.alloc(32, 2))))
    const digest = Uint8Array.from(Buffer.alloc(32, 7)) as never
    expect(() => signDigest(digest, k, other)).toThrow(expect.objectContaining({ code: 'INTERNAL' }))
    expect(signDigest(digest, k, getPublicKey(k)).s <= CURVE_N / 2n).toBe(true)
  })
})
