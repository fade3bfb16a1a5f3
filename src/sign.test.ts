import { describe, expect, test } from 'vitest'
import * as nobleSecp from '@noble/secp256k1'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { asDigest, asPrivateKey, CURVE_N, engine, getPublicKey, prepareForMany, recoverPublicKey, release, signDigest, useEngine } from './sign.js'
import * as native from './secp-native.js'

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

describe('secp-native verify (the self-check of the native engine)', () => {
  const e = native.engine()!
  const N = CURVE_N
  const G = secp256k1.Point.BASE
  const hex32 = (n: bigint): Uint8Array => Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'))
  /** noble's answer: does (digest, sig) recover to pub? */
  const nobleRecovers = (digest: Uint8Array, sig: native.RawSignature, pub: Uint8Array): boolean => {
    try {
      const raw = new secp256k1.Signature(sig.r, sig.s, sig.yParity).toBytes('recovered')
      return Buffer.from(secp256k1.recoverPublicKey(raw, digest, { prehash: false })).equals(Buffer.from(secp256k1.Point.fromBytes(pub).toBytes(true)))
    } catch {
      return false
    }
  }
  /** A valid signature for Q with chosen u1 = z/s and u2 = r/s: R = u1·G + u2·Q, r = R.x, s = r/u2, z = u1·s. */
  const forge = (u1: bigint, u2: bigint, Q: InstanceType<typeof secp256k1.Point>) => {
    const R = (u1 === 0n ? secp256k1.Point.ZERO : G.multiply(u1)).add(Q.multiply(u2)).toAffine()
    const r = R.x % N
    const s = (r * secp256k1.Point.Fn.inv(u2)) % N
    return { digest: hex32((u1 * s) % N), sig: { r, s, yParity: Number(R.y & 1n) } }
  }

  const P = secp256k1.Point.Fp.ORDER
  /** The y of the point with x = r and that parity, or null when no point has x = r. */
  const lift = (r: bigint, parity: number): bigint | null => {
    try {
      return secp256k1.Point.fromBytes(Uint8Array.from([2 + parity, ...hex32(r)])).toAffine().y
    } catch {
      return null
    }
  }
  test('accepts what the native signer makes and refuses every mutation, as noble recovery decides', () => {
    let checked = 0
    for (const { key, digest } of cases(150)) {
      const k = asPrivateKey(key)
      const pub = getPublicKey(k)
      const sig = native.sign(e, digest, k)
      expect(native.verify(e, digest, sig, k, pub)).toBe(true)
      const other = getPublicKey(asPrivateKey(keccak_256(key)))
      const flipped = Uint8Array.from(digest)
      flipped[31] = flipped[31]! ^ 1
      const mutants: [Uint8Array, native.RawSignature, Uint8Array][] = [
        [digest, { ...sig, yParity: sig.yParity ^ 1 }, pub],
        [digest, { ...sig, s: sig.s + 1n }, pub],
        [digest, { ...sig, r: sig.r + 1n }, pub],
        [digest, { ...sig, s: N - sig.s }, pub], // mirrored s without the parity: another key
        [digest, { ...sig, s: N - sig.s, yParity: sig.yParity ^ 1 }, pub], // mirrored s and parity: the same key (high s)
        [flipped, sig, pub],
        [digest, sig, other],
      ]
      for (const [d, m, q] of mutants) {
        const { ry, ...bare } = m
        const noble = nobleRecovers(d, m, q)
        // Without the nonce point's y (OpenSSL lifts r), and with the y of the point that r and the parity name.
        expect(native.verify(e, d, bare, k, q)).toBe(noble)
        expect(native.verify(e, d, { ...bare, ry: lift(bare.r, bare.yParity) ?? 0n }, k, q)).toBe(noble)
        // With the signer's y left as it was: never accepted where noble refuses.
        if (!noble) expect(native.verify(e, d, { ...bare, ry: ry! }, k, q)).toBe(false)
        checked++
      }
      const { ry: y0 } = sig
      expect(native.verify(e, digest, { ...sig, s: N - sig.s, yParity: sig.yParity ^ 1, ry: P - y0! }, k, pub)).toBe(true)
      expect(native.verify(e, digest, { ...sig, s: N - sig.s, yParity: sig.yParity ^ 1 }, k, pub)).toBe(false) // the y no longer of that parity
      expect(native.verify(e, digest, { ...sig, yParity: sig.yParity ^ 1 }, k, pub)).toBe(false)
      expect(native.verify(e, digest, { ...sig, ry: y0! + 2n }, k, pub)).toBe(false) // off the curve, same parity
      expect(native.verify(e, digest, { ...sig, ry: y0! + P }, k, pub)).toBe(false) // not reduced
      // The key that signed must be the key of the public key: another key, the right public key.
      expect(native.verify(e, digest, sig, asPrivateKey(keccak_256(key)), pub)).toBe(false)
      expect(native.verify(e, digest, sig, k, other)).toBe(false)
    }
    expect(checked).toBe(150 * 7)
  })

  test('the edge scalars: u1 = 0 (digest ≡ 0 mod n), u2 = 1 and u2 = n-1, and the negated key', () => {
    const rnd = [...cases(30)]
    for (const { key, digest } of rnd) {
      const d = BigInt('0x' + Buffer.from(key).toString('hex')) % N
      const Q = G.multiply(d)
      const pub = Q.toBytes(false)
      const neg = Q.negate().toBytes(false)
      const u = BigInt('0x' + Buffer.from(digest).toString('hex')) % N
      for (const [u1, u2] of [[0n, u], [u, 1n], [u, N - 1n], [0n, 1n], [0n, N - 1n], [u, u]] as [bigint, bigint][]) {
        const f = forge(u1, u2, Q)
        expect(native.verify(e, f.digest, f.sig, hex32(d), pub), `${u1} ${u2}`).toBe(true)
        expect(native.verify(e, f.digest, f.sig, hex32(d), neg)).toBe(false) // −Q has the same x, and is not d·G
        expect(nobleRecovers(f.digest, f.sig, neg)).toBe(false)
      }
    }
    // digests 0 and n sign and verify natively (u1 = 0)
    const k = asPrivateKey(hex32(7n))
    for (const z of [0n, N]) {
      const digest = hex32(z)
      const sig = native.sign(e, digest, k)
      expect(native.verify(e, digest, sig, k, getPublicKey(k))).toBe(true)
      expect(nobleRecovers(digest, sig, getPublicKey(k))).toBe(true)
    }
  })

  test('out-of-range and malformed input is refused, not thrown', () => {
    const k = asPrivateKey(hex32(5n))
    const pub = getPublicKey(k)
    const digest = new Uint8Array(32).fill(3)
    const sig = native.sign(e, digest, k)
    for (const bad of [{ ...sig, r: 0n }, { ...sig, s: 0n }, { ...sig, r: N }, { ...sig, s: N }, { ...sig, yParity: 2 }]) expect(native.verify(e, digest, bad, k, pub)).toBe(false)
    const offCurve = Uint8Array.from(pub)
    offCurve[64] = offCurve[64]! ^ 1
    expect(native.verify(e, digest, sig, k, offCurve)).toBe(false)
    expect(native.verify(e, digest, sig, k, pub.subarray(0, 33))).toBe(false)
    expect(native.verify(e, digest, sig, hex32(0n), pub)).toBe(false)
    expect(native.verify(e, digest, sig, hex32(N), pub)).toBe(false)
  })
})

describe('the native engine lets go of secrets', () => {
  test('a key or nonce stays in OpenSSL only until the next operation or release()', () => {
    const e = native.engine()!
    const one = '0'.repeat(63) + '1'
    const held = (): string => e.getPrivateKey('hex').padStart(64, '0')
    const key = asPrivateKey(new Uint8Array(32).fill(0x42))
    const pub = getPublicKey(key)
    expect(held()).toBe('42'.repeat(32)) // the key, until…
    native.scrub()
    expect(held()).toBe(one)
    native.scrub() // nothing secret: no work, still 1
    expect(held()).toBe(one)
    const digest = asDigest(new Uint8Array(32).fill(7))
    const sig = signDigest(digest, key, pub) // signs (the nonce) and checks (random splits replace it)
    const w = secp256k1.Point.Fn.inv(sig.s)
    const nonce = (((7n * ((1n << 256n) - 1n)) / 255n + sig.r * BigInt('0x' + '42'.repeat(32))) % CURVE_N) * w % CURVE_N
    expect(secp256k1.Point.BASE.multiply(nonce).toAffine().x % CURVE_N).toBe(sig.r) // it is the nonce
    // The last scalar is the check's nonce + 1 (not the nonce itself): secret until release().
    expect(BigInt('0x' + held())).toBe(nonce + 1n)
    release()
    expect(held()).toBe(one)
    getPublicKey(key)
    release()
    expect(held()).toBe(one)
  })
})

describe('sumIs (the self-check adds points without inverting)', () => {
  const G = secp256k1.Point.BASE
  const aff = (p: InstanceType<typeof secp256k1.Point>) => p.toAffine()
  test('a + b = t exactly when noble says so: random points, doubling, inverses, one coordinate off', () => {
    let x = keccak_256(new TextEncoder().encode('sumIs'))
    for (let i = 0; i < 100; i++) {
      x = keccak_256(x)
      const A = G.multiply((BigInt('0x' + Buffer.from(x).toString('hex')) % (CURVE_N - 1n)) + 1n)
      x = keccak_256(x)
      const B = G.multiply((BigInt('0x' + Buffer.from(x).toString('hex')) % (CURVE_N - 1n)) + 1n)
      const T = aff(A.add(B))
      expect(native.sumIs(aff(A), aff(B), T)).toBe(true)
      expect(native.sumIs(aff(A), aff(B), { x: T.x, y: T.y ^ 1n })).toBe(false)
      expect(native.sumIs(aff(A), aff(B), { x: T.x ^ 1n, y: T.y })).toBe(false)
      expect(native.sumIs(aff(A), aff(B), aff(A.subtract(B)))).toBe(false) // the other sum of ±B
      expect(native.sumIs(aff(A), aff(A), aff(A.double()))).toBe(true)
      expect(native.sumIs(aff(A), aff(A), aff(A))).toBe(false)
      expect(native.sumIs(aff(A), aff(A.negate()), aff(A))).toBe(false) // the point at infinity is no t
    }
  })
})

test('the one-shot self-check at the key edges: keys 1, 2, n−2 and n−1 (d+1 = 0: the split) sign and check, as noble signs', () => {
  for (const d of [1n, 2n, CURVE_N - 2n, CURVE_N - 1n]) {
    const key = asPrivateKey(Uint8Array.from(Buffer.from(d.toString(16).padStart(64, '0'), 'hex')))
    const digest = asDigest(keccak_256(new TextEncoder().encode(`edge ${d}`)))
    const theirs = secp256k1.Signature.fromBytes(secp256k1.sign(digest, key, { prehash: false, lowS: true, format: 'recovered', extraEntropy: false }), 'recovered')
    expect(signDigest(digest, key)).toEqual({ r: theirs.r, s: theirs.s, yParity: theirs.recovery })
    expect(native.verify(native.engine()!, digest, native.sign(native.engine()!, digest, key), key, getPublicKey(asPrivateKey(Uint8Array.from(Buffer.from(((d % (CURVE_N - 1n)) + 1n).toString(16).padStart(64, '0'), 'hex')))))).toBe(false)
  }
})
