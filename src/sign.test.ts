import { describe, expect, test } from 'vitest'
import * as nobleSecp from '@noble/secp256k1'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { asDigest, asPrivateKey, CURVE_N, engine, getPublicKey, prepareForMany, recoverPublicKey, signDigest, useEngine } from './sign.js'

nobleSecp.hashes.sha256 = sha256
nobleSecp.hashes.hmacSha256 = (k: Uint8Array, m: Uint8Array) => hmac(sha256, k, m)

// Seeded keys and digests: keccak chains, reproducible.
function* cases(n: number): Generator<{ key: Uint8Array; digest: Uint8Array }> {
  let x = keccak_256(new TextEncoder().encode('airsign sign.test seed'))
  for (let i = 0; i < n; i++) {
    const key = (x = keccak_256(x))
    const digest = (x = keccak_256(x))
    yield { key: Uint8Array.from(key), digest: Uint8Array.from(digest) }
  }
}

describe('signDigest (differential vs @noble/secp256k1)', () => {
  test('byte-identical RFC 6979 signatures and recovery ids, before and after the large table', () => {
    let i = 0
    for (const { key, digest } of cases(200)) {
      if (i++ === 100) prepareForMany()
      const k = asPrivateKey(key)
      const ours = signDigest(asDigest(digest), k)
      const theirs = nobleSecp.Signature.fromBytes(nobleSecp.sign(digest, key, { prehash: false, format: 'recovered' }), 'recovered')
      expect([ours.r, ours.s, ours.yParity]).toEqual([theirs.r, theirs.s, theirs.recovery])
      expect(ours.s <= CURVE_N / 2n).toBe(true)
      expect(recoverPublicKey(asDigest(digest), ours)).toEqual(getPublicKey(k))
    }
  })

  test('after prepareForMany, the self-check by verification with the recovery id: same signatures, and a wrong key is refused', () => {
    prepareForMany()
    const key = [...cases(1)][0]!.key
    const k = asPrivateKey(key)
    const pub = getPublicKey(k)
    for (const { digest } of cases(50)) {
      const ours = signDigest(asDigest(digest), k, pub)
      const theirs = nobleSecp.Signature.fromBytes(nobleSecp.sign(digest, key, { prehash: false, format: 'recovered' }), 'recovered')
      expect([ours.r, ours.s, ours.yParity]).toEqual([theirs.r, theirs.s, theirs.recovery])
    }
    const other = getPublicKey(asPrivateKey(keccak_256(key)))
    // the first time by recovery, the second by the table of the (wrong) repeated key: both refuse
    expect(() => signDigest(asDigest(new Uint8Array(32).fill(9)), k, other)).toThrow(expect.objectContaining({ code: 'INTERNAL' }))
    expect(() => signDigest(asDigest(new Uint8Array(32).fill(9)), k, other)).toThrow(expect.objectContaining({ code: 'INTERNAL' }))
  })

  test('the native engine (node:crypto) and the noble engine agree byte for byte: public keys, signatures, recovery ids', () => {
    expect(engine()).toBe('native') // official Node builds have secp256k1 in their OpenSSL
    const all = [...cases(600)]
    const run = (e: 'native' | 'noble'): string[] => {
      useEngine(e)
      try {
        expect(engine()).toBe(e)
        return all.map(({ key, digest }) => {
          const k = asPrivateKey(key)
          const s = signDigest(asDigest(digest), k)
          const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
          return `${hex(getPublicKey(k))} ${hex(getPublicKey(k, true))} ${s.r.toString(16)} ${s.s.toString(16)} ${s.yParity}`
        })
      } finally {
        useEngine('native')
      }
    }
    const native = run('native')
    const noble = run('noble')
    expect(native).toEqual(noble)
    // and the compressed form is the uncompressed one's x with the parity prefix
    const [full, short] = native[0]!.split(' ') as [string, string]
    expect(short).toBe((parseInt(full.slice(128), 16) % 2 ? '03' : '02') + full.slice(2, 66))
  })

  test('the native engine signs the key 1 and n-1 (the edges of the scalar range) as noble does', () => {
    for (const k of [1n, CURVE_N - 1n]) {
      const key = asPrivateKey(Uint8Array.from(Buffer.from(k.toString(16).padStart(64, '0'), 'hex')))
      const digest = new Uint8Array(32).fill(0xff) // above n: reduced mod n, as RFC 6979's bits2octets says
      const ours = signDigest(asDigest(digest), key)
      const theirs = nobleSecp.Signature.fromBytes(nobleSecp.sign(digest, key, { prehash: false, format: 'recovered' }), 'recovered')
      expect([ours.r, ours.s, ours.yParity]).toEqual([theirs.r, theirs.s, theirs.recovery])
    }
  })

  test('invalid private keys are refused', () => {
    expect(() => asPrivateKey(new Uint8Array(32))).toThrow(expect.objectContaining({ code: 'XKEY_INVALID' }))
    const n = Uint8Array.from(Buffer.from(CURVE_N.toString(16), 'hex'))
    expect(() => asPrivateKey(n)).toThrow(expect.objectContaining({ code: 'XKEY_INVALID' }))
    expect(() => asPrivateKey(new Uint8Array(31).fill(1))).toThrow(expect.objectContaining({ code: 'XKEY_INVALID' }))
  })

  test('a signature with r = 0 does not recover: BAD_SIGNATURE', () => {
    expect(() => recoverPublicKey(asDigest(new Uint8Array(32).fill(1)), { r: 0n, s: 1n, yParity: 0 })).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE' }))
  })
})
