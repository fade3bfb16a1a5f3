// SLIP-39: Trezor's 45 vectors case by case (the exact error code and message of
// each invalid one), the wordlist against its upstream sha256, RS1024, GF(256)
// interpolation against a bitwise reference, the Feistel round trip, every error
// code with its message, no input word in any message, and properties: a
// test-only splitter (written from the spec's SplitSecret/GenerateShares) whose
// shares recover to the secret; random and mutated input only ever gives a
// SLIP39_* AirsignError, quickly.
import { createHash, createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import vectorsJson from '../../test-vectors/slip39/slip39-vectors.json' with { type: 'json' }
import { AirsignError } from '../errors.js'
import * as hd from '../hd.js'
import * as slip39 from './slip39.js'
import { WORDLIST } from './slip39-wordlist.js'

type Vector = [description: string, shares: string[], masterSecret: string, xprv: string]
const VECTORS = vectorsJson as Vector[]
const RUNS = { seed: Number(process.env.AIRSIGN_FUZZ_SEED ?? 0x5139), numRuns: Number(process.env.AIRSIGN_FUZZ_RUNS ?? 300) }
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

/** The thrown AirsignError (any other outcome fails the test). */
function thrown(f: () => unknown): AirsignError {
  try {
    f()
  } catch (e) {
    if (e instanceof AirsignError) return e
    throw new Error(`not an AirsignError: ${String(e)}`, { cause: e })
  }
  throw new Error('no error thrown')
}

// ---------------------------------------------------------------- message hygiene

/**
 * List words that airsign's own message templates use ("share 2 does not belong with…",
 * "group", "member", …). An input word may appear in a message only when it is one of these,
 * and then because the template says it. Every other list word in a message is a leak.
 */
const TEMPLATE_WORDS = new Set(['belong', 'both', 'group', 'have', 'length', 'member', 'secret', 'space', 'zero', 'that', 'index'])

/**
 * Assert a message and its hints hold no word of the input shares, and no hex of a secret.
 * Words are compared whole (a message token against an input word): "checksum" holds the
 * list word "check" as a substring. Any list word
 * in a message must be a template word; an input word that is one cannot be told from the template.
 */
function expectNoLeak(e: AirsignError, shares: readonly string[], secrets: readonly string[] = []): void {
  const text = [e.message, ...e.hints].join('\n').toLowerCase()
  const tokens = new Set(text.match(/[a-z]+/g) ?? [])
  for (const share of shares) {
    for (const w of share.trim().split(/\s+/u)) {
      const lw = w.toLowerCase()
      // A token that is no list word cannot be a share's word ("A" would match "a share"); the templates quote no input.
      if (!WORDLIST.includes(lw) || TEMPLATE_WORDS.has(lw)) continue
      expect(tokens.has(lw), `message "${e.message}" holds an input word`).toBe(false)
    }
  }
  for (const token of tokens) {
    if (WORDLIST.includes(token)) expect(TEMPLATE_WORDS.has(token), `message "${e.message}" holds list word "${token}"`).toBe(true)
  }
  for (const s of secrets) if (s.length >= 8) expect(text.includes(s.slice(0, 8).toLowerCase())).toBe(false)
}

// ---------------------------------------------------------------- a test-only encoder

type Fields = Omit<slip39.Share, 'value'> & { value: Uint8Array }

/** Data words + RS1024 checksum → the share text. */
function assemble(data: readonly number[], extendable: boolean): string {
  return [...data, ...slip39.rs1024Checksum(data, extendable)].map((i) => WORDLIST[i]).join(' ')
}

/** The spec's share format, written independently of parseShare: fields → words. */
function encodeShare(f: Fields, padding = 0n): string {
  const n = f.value.length
  const valueWords = Math.ceil((8 * n) / 10)
  const head = (f.identifier << 5) | (f.extendable ? 16 : 0) | f.iterationExponent
  const params = (f.groupIndex << 16) | ((f.groupThreshold - 1) << 12) | ((f.groupCount - 1) << 8) | (f.memberIndex << 4) | (f.memberThreshold - 1)
  let v = BigInt('0x0' + hex(f.value)) | (padding << BigInt(8 * n))
  const vw: number[] = []
  for (let i = 0; i < valueWords; i++) {
    vw.unshift(Number(v & 1023n))
    v >>= 10n
  }
  return assemble([head >> 10, head & 1023, params >> 10, params & 1023, ...vw], f.extendable)
}

/** Deterministic bytes from a seed (sha256 in counter mode): reproducible splits. */
function prng(seed: number): (n: number) => Uint8Array {
  let counter = 0
  return (n) => {
    const out = new Uint8Array(n)
    for (let o = 0; o < n; o += 32) out.set(createHash('sha256').update(`${seed}:${counter++}`).digest().subarray(0, Math.min(32, n - o)), o)
    return out
  }
}

/** The spec's SplitSecret(T, N, S): shares at x = 0 … N−1, digest at 254, secret at 255. */
function splitSecret(t: number, n: number, secret: Uint8Array, rand: (n: number) => Uint8Array): slip39.Point[] {
  if (t === 1) return Array.from({ length: n }, (_, x) => ({ x, y: Uint8Array.from(secret) }))
  const r = rand(secret.length - 4)
  const d = new Uint8Array([...createHmac('sha256', r).update(secret).digest().subarray(0, 4), ...r])
  const base: slip39.Point[] = Array.from({ length: t - 2 }, (_, x) => ({ x, y: rand(secret.length) }))
  const points = [...base, { x: 254, y: d }, { x: 255, y: secret }]
  return [...base, ...Array.from({ length: n - (t - 2) }, (_, k) => ({ x: t - 2 + k, y: slip39.interpolate(points, t - 2 + k) }))]
}

type Scheme = { groupThreshold: number; groups: [threshold: number, count: number][] }
type Made = { shares: string[][]; fields: Fields[][] }

/** The spec's GenerateShares: EMS = Encrypt(MS), split GT-of-G, each group T_i-of-N_i. */
function generate(scheme: Scheme, ms: Uint8Array, passphrase: string, e: number, identifier: number, extendable: boolean, seed: number): Made {
  const rand = prng(seed)
  const ems = slip39.encrypt(ms, passphrase, e, identifier, extendable)
  const groupShares = splitSecret(scheme.groupThreshold, scheme.groups.length, ems, rand)
  const fields = scheme.groups.map(([t, n], gi) =>
    splitSecret(t, n, groupShares[gi]!.y, rand).map((p) => ({
      identifier,
      extendable,
      iterationExponent: e,
      groupIndex: gi,
      groupThreshold: scheme.groupThreshold,
      groupCount: scheme.groups.length,
      memberIndex: p.x,
      memberThreshold: t,
      value: p.y,
    })),
  )
  return { fields, shares: fields.map((g) => g.map((f) => encodeShare(f))) }
}

const MS16 = Uint8Array.from({ length: 16 }, (_, i) => i * 17)
/** 2 of 3 groups: group 1 is 2-of-3, group 2 is 1-of-1, group 3 is 3-of-5. */
const SET = generate({ groupThreshold: 2, groups: [[2, 3], [1, 1], [3, 5]] }, MS16, 'pass', 0, 0x1234, true, 1)
const [G1, G2, G3] = SET.shares as [string[], string[], string[]]

// ---------------------------------------------------------------- wordlist

describe('wordlist', () => {
  test('is the upstream slip-0039/wordlist.txt (sha256), 1024 sorted words, 4 … 8 letters, unique 4-letter prefixes', () => {
    expect(createHash('sha256').update(WORDLIST.join('\n') + '\n').digest('hex')).toBe('bcc4555340332d169718aed8bf31dd9d5248cb7da6e5d355140ef4f1e601eec3')
    expect(WORDLIST).toHaveLength(1024)
    expect([...WORDLIST].sort()).toEqual(WORDLIST)
    for (const w of WORDLIST) expect(w).toMatch(/^[a-z]{4,8}$/)
    expect(new Set(WORDLIST.map((w) => w.slice(0, 4))).size).toBe(1024)
    expect(Object.isFrozen(WORDLIST)).toBe(true)
  })
})

// ---------------------------------------------------------------- Trezor's vectors

/**
 * Vector number → the code airsign throws (undefined: valid). The descriptions are Trezor's.
 * Judgement calls:
 * - 5, 24 (one share of a 2-of-3): too few members, SLIP39_INSUFFICIENT.
 * - 10, 29 ("greater group threshold than group counts"): every share alone says GT = 2 of
 *   G = 1, a field out of range in the share itself (python-shamir-mnemonic refuses it while
 *   decoding the share, before combining), so SLIP39_SHARE for share 1, not SLIP39_SHARE_SET.
 * - 11, 30 ("duplicate member indices"): the two shares are both member 3 with different
 *   values (an exact repeat would be tolerated, as python-shamir-mnemonic's set does): SHARE_SET.
 * - 13, 32 (invalid digest): the shares belong to no secret: SHARE_SET, as the table in
 *   errors.ts says ("a digest that fails").
 * - 14–16, 33–35 (insufficient groups or members): SLIP39_INSUFFICIENT.
 * - 39 (19 words) and 40 (21 words: 14 value words carry 12 bits of padding, more than 8):
 *   lengths no secret gives, SLIP39_SHARE.
 * - 3, 22 ("invalid padding"): the checksum holds and a padding bit is one: SLIP39_SHARE.
 */
const EXPECTED: Record<number, [code: string, message: string] | undefined> = {
  2: ['SLIP39_CHECKSUM', 'share 1: checksum does not match'],
  3: ['SLIP39_SHARE', 'share 1: its padding bits are not zero'],
  5: ['SLIP39_INSUFFICIENT', 'too few shares (group 1: have 1, need 2)'],
  6: ['SLIP39_SHARE_SET', 'share 2 does not belong with share 1: the identifier differs'],
  7: ['SLIP39_SHARE_SET', 'share 2 does not belong with share 1: the iteration exponent differs'],
  8: ['SLIP39_SHARE_SET', 'share 3 does not belong with share 1: the group threshold differs'],
  9: ['SLIP39_SHARE_SET', 'share 2 does not belong with share 1: the group count differs'],
  10: ['SLIP39_SHARE', 'share 1: its group threshold (2) is more than its group count (1)'],
  11: ['SLIP39_SHARE_SET', 'shares 1 and 2 are both member 3 of group 1 but differ'],
  12: ['SLIP39_SHARE_SET', 'shares 1 and 2 are both of group 1 but their member thresholds differ'],
  13: ['SLIP39_SHARE_SET', 'the shares of group 1 do not combine: the digest does not match'],
  14: ['SLIP39_INSUFFICIENT', 'too few shares (groups: have 1, need 2)'],
  15: ['SLIP39_INSUFFICIENT', 'too few shares (groups: have 1, need 2)'],
  16: ['SLIP39_INSUFFICIENT', 'too few shares (group 4: have 1, need 2)'],
  21: ['SLIP39_CHECKSUM', 'share 1: checksum does not match'],
  22: ['SLIP39_SHARE', 'share 1: its padding bits are not zero'],
  24: ['SLIP39_INSUFFICIENT', 'too few shares (group 1: have 1, need 2)'],
  25: ['SLIP39_SHARE_SET', 'share 2 does not belong with share 1: the identifier differs'],
  26: ['SLIP39_SHARE_SET', 'share 2 does not belong with share 1: the iteration exponent differs'],
  27: ['SLIP39_SHARE_SET', 'share 3 does not belong with share 1: the group threshold differs'],
  28: ['SLIP39_SHARE_SET', 'share 2 does not belong with share 1: the group count differs'],
  29: ['SLIP39_SHARE', 'share 1: its group threshold (2) is more than its group count (1)'],
  30: ['SLIP39_SHARE_SET', 'shares 1 and 2 are both member 3 of group 1 but differ'],
  31: ['SLIP39_SHARE_SET', 'shares 1 and 2 are both of group 1 but their member thresholds differ'],
  32: ['SLIP39_SHARE_SET', 'the shares of group 1 do not combine: the digest does not match'],
  33: ['SLIP39_INSUFFICIENT', 'too few shares (groups: have 1, need 2)'],
  34: ['SLIP39_INSUFFICIENT', 'too few shares (groups: have 1, need 2)'],
  35: ['SLIP39_INSUFFICIENT', 'too few shares (group 4: have 1, need 2)'],
  39: ['SLIP39_SHARE', 'share 1 has 19 words; a share has at least 20'],
  40: ['SLIP39_SHARE', 'share 1 has 21 words, a length no secret gives (20 words: 128 bits, 33: 256 bits)'],
}

describe("Trezor's vectors (python-shamir-mnemonic vectors.json, passphrase TREZOR)", () => {
  test('45 vectors, numbered in order; the invalid ones are exactly those with an empty secret', () => {
    expect(VECTORS).toHaveLength(45)
    VECTORS.forEach(([d, , ms], i) => {
      expect(d.startsWith(`${i + 1}. `)).toBe(true)
      expect(ms === '', d).toBe(EXPECTED[i + 1] !== undefined)
    })
  })

  test.each(VECTORS.map((v, i) => [i + 1, ...v] as const))('%i', (n, description, shares, ms, xprv) => {
    const want = EXPECTED[n]
    if (want === undefined) {
      const seed = slip39.recoverMasterSecret(shares, 'TREZOR')
      expect(hex(seed)).toBe(ms)
      const root = hd.fromSeed(seed)
      expect(hd.xprv(root)).toBe(xprv)
      hd.wipe(root)
      const d = slip39.describeShares(shares)
      expect(d.complete).toBe(true)
      expect(d.secretBytes).toBe(ms.length / 2)
      // Every share re-encodes to itself: the test encoder agrees with the decoder.
      shares.forEach((s, i) => expect(encodeShare(slip39.parseShare(s, i + 1))).toBe(s))
      // The same set in reverse order and with one share repeated gives the same secret.
      expect(hex(slip39.recoverMasterSecret([...shares].reverse().concat(shares[0]!), 'TREZOR'))).toBe(ms)
      // Another passphrase gives another wallet (SLIP-39 cannot tell a wrong passphrase).
      expect(hex(slip39.recoverMasterSecret(shares, ''))).not.toBe(ms)
    } else {
      expect(xprv, description).toBe('')
      const e = thrown(() => slip39.recoverMasterSecret(shares, 'TREZOR'))
      expect([e.code, e.message], description).toEqual(want)
      expectNoLeak(e, shares)
      // mnemonic check refuses the same way, except that it describes a set that is only short.
      if (want[0] === 'SLIP39_INSUFFICIENT') expect(slip39.describeShares(shares).complete).toBe(false)
      else expect([thrown(() => slip39.describeShares(shares)).code]).toEqual([want[0]])
    }
  })

  test('the fields of some vectors, decoded', () => {
    const [, [one]] = VECTORS[0]!
    expect({ ...slip39.parseShare(one!, 1), value: undefined }).toEqual({
      identifier: 7945, extendable: false, iterationExponent: 0, groupIndex: 0, groupThreshold: 1, groupCount: 1, memberIndex: 0, memberThreshold: 1, value: undefined,
    })
    const v17 = VECTORS[16]![1].map((s, i) => slip39.parseShare(s, i + 1))
    expect(v17.map((s) => [s.groupIndex, s.groupThreshold, s.groupCount, s.memberIndex, s.memberThreshold])).toEqual([
      [3, 2, 4, 0, 2], [2, 2, 4, 4, 3], [2, 2, 4, 2, 3], [2, 2, 4, 0, 3], [3, 2, 4, 4, 2],
    ])
    expect(slip39.parseShare(VECTORS[41]![1][0]!, 1)).toMatchObject({ extendable: true, iterationExponent: 3 })
    expect(slip39.parseShare(VECTORS[19]![1][0]!, 1).value).toHaveLength(32)
  })

  test('describeShares of vector 17: 2 of 4 groups, groups 3 and 4 given', () => {
    expect(slip39.describeShares(VECTORS[16]![1])).toEqual({
      identifier: 9497, extendable: false, iterationExponent: 0, iterations: 10000, secretBytes: 16, groupThreshold: 2, groupCount: 4, shares: 5,
      groups: [{ group: 3, memberThreshold: 3, shares: 3 }, { group: 4, memberThreshold: 2, shares: 2 }],
      complete: true,
    })
  })
})

// ---------------------------------------------------------------- RS1024

describe('RS1024', () => {
  const words = (s: string): number[] => s.split(' ').map((w) => WORDLIST.indexOf(w))
  const valid = VECTORS.flatMap(([, shares], i) => (EXPECTED[i + 1] === undefined ? shares : []))

  test('every valid share verifies under its own customization string only', () => {
    for (const s of valid) {
      const ext = slip39.parseShare(s, 1).extendable
      expect(slip39.rs1024Verify(words(s), ext)).toBe(true)
      expect(slip39.rs1024Verify(words(s), !ext)).toBe(false)
    }
  })

  test('any one word changed, at any position, is caught', () => {
    for (const s of valid.slice(0, 6)) {
      const w = words(s)
      const ext = slip39.parseShare(s, 1).extendable
      for (let i = 0; i < w.length; i++) {
        for (const delta of [1, 2, 512, 1023]) {
          const m = [...w]
          m[i] = (m[i]! + delta) % 1024
          // Changing word 1 or 2 can flip the ext bit; the share then checks under the other string: fail both.
          expect(slip39.rs1024Verify(m, ext) || slip39.rs1024Verify(m, !ext)).toBe(false)
        }
      }
    }
  })

  test('any two different words swapped is caught', () => {
    for (const s of valid.slice(0, 6)) {
      const w = words(s)
      const ext = slip39.parseShare(s, 1).extendable
      for (let i = 0; i < w.length; i++) {
        for (let j = i + 1; j < w.length; j++) {
          if (w[i] === w[j]) continue
          const m = [...w]
          ;[m[i], m[j]] = [m[j]!, m[i]!]
          expect(slip39.rs1024Verify(m, ext)).toBe(false)
        }
      }
    }
  })

  test('rs1024Checksum makes a share verify (the spec\'s create_checksum)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1023 }), { maxLength: 60 }), fc.boolean(), (data, ext) => {
        expect(slip39.rs1024Verify([...data, ...slip39.rs1024Checksum(data, ext)], ext)).toBe(true)
      }),
      RUNS,
    )
  })

  test('a change in a parsed share is SLIP39_CHECKSUM (or SLIP39_WORD when the word is not one)', () => {
    const [, [one]] = VECTORS[0]!
    const w = one!.split(' ')
    w[9] = WORDLIST[(WORDLIST.indexOf(w[9]!) + 1) % 1024]!
    const e = thrown(() => slip39.parseShare(w.join(' '), 4))
    expect([e.code, e.message, e.hints]).toEqual(['SLIP39_CHECKSUM', 'share 4: checksum does not match', ['a word is mistyped or two words are swapped']])
    expectNoLeak(e, [one!, w.join(' ')])
  })
})

// ---------------------------------------------------------------- GF(256)

/** Bitwise GF(256) product mod x^8 + x^4 + x^3 + x + 1 (independent of the module's tables). */
function gmul(a: number, b: number): number {
  let p = 0
  for (let i = 0; i < 8; i++) {
    if (b & 1) p ^= a
    const hi = a & 0x80
    a = (a << 1) & 0xff
    if (hi) a ^= 0x1b
    b >>= 1
  }
  return p
}
/** Horner evaluation of a polynomial (coefficients low → high) at x. */
function evalPoly(coeffs: readonly number[], x: number): number {
  let y = 0
  for (let i = coeffs.length - 1; i >= 0; i--) y = gmul(y, x) ^ coeffs[i]!
  return y
}

describe('GF(256) interpolation', () => {
  test('FIPS-197 §4.2 example: {57} · {83} = {c1}, through interpolation of a line', () => {
    expect(gmul(0x57, 0x83)).toBe(0xc1)
    // The line through (0, 0) and (1, 0x57) is y = 0x57·x: at x = 0x83 it is {c1}.
    expect([...slip39.interpolate([{ x: 0, y: Uint8Array.of(0) }, { x: 1, y: Uint8Array.of(0x57) }], 0x83)]).toEqual([0xc1])
  })

  test('m points of random polynomials of degree < m give the polynomials at any x, byte by byte', () => {
    const arb = fc
      .integer({ min: 1, max: 16 })
      .chain((m) =>
        fc.record({
          polys: fc.array(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: m, maxLength: m }), { minLength: 1, maxLength: 8 }),
          xs: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: m, maxLength: m }),
          at: fc.integer({ min: 0, max: 255 }),
        }),
      )
    fc.assert(
      fc.property(arb, ({ polys, xs, at }) => {
        const points = xs.map((x) => ({ x, y: Uint8Array.from(polys.map((c) => evalPoly(c, x))) }))
        expect([...slip39.interpolate(points, at)]).toEqual(polys.map((c) => evalPoly(c, at)))
      }),
      RUNS,
    )
  })

  test('refuses repeated x and unequal lengths (callers check both before)', () => {
    expect(() => slip39.interpolate([{ x: 1, y: Uint8Array.of(1) }, { x: 1, y: Uint8Array.of(2) }], 255)).toThrow(RangeError)
    expect(() => slip39.interpolate([{ x: 1, y: Uint8Array.of(1) }, { x: 2, y: Uint8Array.of(2, 3) }], 255)).toThrow(RangeError)
  })
})

// ---------------------------------------------------------------- Feistel

describe('encryption (4-round Feistel, PBKDF2-HMAC-SHA256)', () => {
  test('decrypt(encrypt(ms)) = ms for random secrets, passphrases, identifiers, both ext values', () => {
    const arb = fc.record({
      half: fc.integer({ min: 8, max: 32 }),
      seed: fc.integer(),
      pass: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
      id: fc.integer({ min: 0, max: 0x7fff }),
      ext: fc.boolean(),
      e: fc.integer({ min: 0, max: 1 }),
    })
    fc.assert(
      fc.property(arb, ({ half, seed, pass, id, ext, e }) => {
        const ms = prng(seed)(2 * half)
        const ems = slip39.encrypt(ms, pass, e, id, ext)
        expect(hex(ems)).not.toBe(hex(ms))
        expect(hex(slip39.decrypt(ems, pass, e, id, ext))).toBe(hex(ms))
      }),
      { ...RUNS, numRuns: 50 },
    )
  })

  test('the salt: with ext = 0 the identifier changes the result, with ext = 1 it does not', () => {
    expect(hex(slip39.decrypt(MS16, '', 0, 1, false))).not.toBe(hex(slip39.decrypt(MS16, '', 0, 2, false)))
    expect(hex(slip39.decrypt(MS16, '', 0, 1, true))).toBe(hex(slip39.decrypt(MS16, '', 0, 2, true)))
    expect(hex(slip39.decrypt(MS16, '', 0, 1, true))).not.toBe(hex(slip39.decrypt(MS16, '', 0, 1, false)))
    expect(hex(slip39.decrypt(MS16, '', 0, 1, true))).not.toBe(hex(slip39.decrypt(MS16, '', 1, 1, true)))
  })

  test('the first vector by hand: EMS = its share value (1-of-1), MS = Decrypt(EMS, "TREZOR", e = 0, id 7945, ext 0)', () => {
    const [, [one], ms] = VECTORS[0]!
    const s = slip39.parseShare(one!, 1)
    expect(hex(slip39.decrypt(s.value, 'TREZOR', 0, s.identifier, false))).toBe(ms)
  })

  test('a passphrase outside printable ASCII is refused before any work (the spec: it MUST be printable ASCII)', () => {
    for (const p of ['é', 'tab\there', 'line\n', '\u007f', '😀']) {
      const e = thrown(() => slip39.recoverMasterSecret(VECTORS[0]![1], p))
      expect([e.code, e.message]).toEqual(['MNEMONIC_ENCODING', 'passphrase: SLIP-39 allows printable ASCII only (space … ~)'])
    }
    expect(hex(slip39.recoverMasterSecret(VECTORS[0]![1], ' ~'))).toHaveLength(32)
  })
})

// ---------------------------------------------------------------- input and errors

describe('parseShare', () => {
  const [, [one]] = VECTORS[0]!

  test('any run of white space separates words; upper and mixed case are read as lower case', () => {
    const messy = `\t ${one!.toUpperCase().split(' ').join(' \t  \n')}  \r\n`
    expect(hex(slip39.parseShare(messy, 1).value)).toBe(hex(slip39.parseShare(one!, 1).value))
    const mixed = one!.split(' ').map((w, i) => (i % 2 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ')
    expect(hex(slip39.recoverMasterSecret([mixed], 'TREZOR'))).toBe(VECTORS[0]![2])
  })

  test('SLIP39_WORD names the share and the word by position, never the word', () => {
    const w = one!.split(' ')
    for (const bad of ['bitcoin', 'acad', 'academi', 'ACADEMICS', 'acadеmic' /* Cyrillic е */, '\u212Aey' /* Kelvin sign: lower-cases to "key" */, '1', 'é']) {
      const m = [...w]
      m[6] = bad
      const e = thrown(() => slip39.recoverMasterSecret([G1[0]!, m.join(' ')], ''))
      expect([e.code, e.message, e.hints]).toEqual(['SLIP39_WORD', 'share 2, word 7 is not in the SLIP-39 wordlist', ['write each word in full, as the list spells it']])
      expect(e.message).not.toContain(bad)
      expectNoLeak(e, [G1[0]!, m.join(' ')])
    }
  })

  test('SLIP39_SHARE for lengths no secret gives: 0, 19, 21, 60 words', () => {
    const w = one!.split(' ')
    const cases: [string, string][] = [
      ['', 'share 1 has 0 words; a share has at least 20'],
      ['   \n ', 'share 1 has 0 words; a share has at least 20'],
      ['academic', 'share 1 has 1 word; a share has at least 20'],
      [w.slice(0, 19).join(' '), 'share 1 has 19 words; a share has at least 20'],
      [[...w, 'acid'].join(' '), 'share 1 has 21 words, a length no secret gives (20 words: 128 bits, 33: 256 bits)'],
      [[...w, ...w, ...w].join(' '), 'share 1 has 60 words; a share has at most 59 (a 512-bit secret)'],
    ]
    for (const [text, message] of cases) {
      const e = thrown(() => slip39.parseShare(text, 1))
      expect([e.code, e.message]).toEqual(['SLIP39_SHARE', message])
      expectNoLeak(e, [text])
    }
  })

  test('the lengths that parse: 20 + the value words of 16 … 64 bytes (20, 22, 23, 25, … 33, … 59)', () => {
    const lengths: number[] = []
    for (let n = 16; n <= 64; n += 2) {
      const s = encodeShare({ ...slip39.parseShare(one!, 1), value: prng(n)(n) })
      expect(slip39.parseShare(s, 1).value).toHaveLength(n)
      lengths.push(s.split(' ').length)
    }
    expect(lengths[0]).toBe(20)
    expect(lengths[8]).toBe(33)
    expect(lengths.at(-1)).toBe(59)
    // Exactly the word counts that parseShare accepts.
    for (let w = 0; w <= 70; w++) {
      const ok = w >= 20 && w <= 59 && (10 * (w - 7)) % 16 <= 8
      expect(lengths.includes(w), `${w} words`).toBe(ok)
    }
  })

  test('SLIP39_SHARE for a padding bit that is one (with a valid checksum), and for GT > G', () => {
    const base = slip39.parseShare(one!, 1)
    const padded = encodeShare(base, 1n)
    let e = thrown(() => slip39.parseShare(padded, 3))
    expect([e.code, e.message]).toEqual(['SLIP39_SHARE', 'share 3: its padding bits are not zero'])
    const big = encodeShare({ ...base, value: new Uint8Array(32) }, 2n)
    expect(thrown(() => slip39.parseShare(big, 1)).code).toBe('SLIP39_SHARE')
    e = thrown(() => slip39.parseShare(encodeShare({ ...base, groupThreshold: 5, groupCount: 4 }), 2))
    expect([e.code, e.message]).toEqual(['SLIP39_SHARE', 'share 2: its group threshold (5) is more than its group count (4)'])
    // 16 groups of 16 is the most the 4-bit fields hold, and parses.
    expect(slip39.parseShare(encodeShare({ ...base, groupIndex: 15, groupThreshold: 16, groupCount: 16, memberIndex: 15, memberThreshold: 16 }), 1)).toMatchObject({
      groupIndex: 15, groupThreshold: 16, groupCount: 16, memberIndex: 15, memberThreshold: 16,
    })
  })
})

describe('recoverMasterSecret and describeShares: the set', () => {
  const recover = (shares: string[]): string => hex(slip39.recoverMasterSecret(shares, 'pass'))

  test('the test set recovers from any 2 groups, each with its threshold, in any order', () => {
    expect(recover([G1[0]!, G1[2]!, G2[0]!])).toBe(hex(MS16))
    expect(recover([G3[4]!, G2[0]!, G3[0]!, G3[2]!])).toBe(hex(MS16))
    expect(recover([G3[1]!, G1[1]!, G3[3]!, G1[0]!, G3[4]!])).toBe(hex(MS16))
  })

  const cases: [what: string, shares: () => string[], code: string, message: string][] = [
    ['no share', () => [], 'SLIP39_INSUFFICIENT', 'no share given'],
    ['one share of 2-of-3', () => [G1[0]!], 'SLIP39_INSUFFICIENT', 'too few shares (group 1: have 1, need 2; groups: have 1, need 2)'],
    ['one complete group of two needed', () => [G1[0]!, G1[1]!], 'SLIP39_INSUFFICIENT', 'too few shares (groups: have 1, need 2)'],
    ['two groups, one short', () => [G2[0]!, G3[0]!, G3[1]!], 'SLIP39_INSUFFICIENT', 'too few shares (group 3: have 2, need 3)'],
    ['an exact repeat does not count twice', () => [G2[0]!, G1[0]!, G1[0]!], 'SLIP39_INSUFFICIENT', 'too few shares (group 1: have 1, need 2)'],
    ['more members than the threshold', () => [G2[0]!, G1[0]!, G1[1]!, G1[2]!], 'SLIP39_SHARE_SET', 'group 1: 3 shares given; its threshold is 2: give exactly 2'],
    ['more groups than the threshold', () => [G2[0]!, G1[0]!, G1[1]!, G3[0]!], 'SLIP39_SHARE_SET', 'shares of 3 groups given; the group threshold is 2: give the shares of exactly 2'],
  ]
  test.each(cases)('%s', (_, shares, code, message) => {
    const e = thrown(() => slip39.recoverMasterSecret(shares(), 'pass'))
    expect([e.code, e.message]).toEqual([code, message])
    expectNoLeak(e, shares(), [hex(MS16)])
  })

  /** A share of the test set with fields changed and the checksum made anew. */
  const variant = (share: string, change: Partial<Fields>): string => encodeShare({ ...slip39.parseShare(share, 1), ...change })

  test('SLIP39_SHARE_SET names the field that differs, in the spec\'s order', () => {
    const other = generate({ groupThreshold: 2, groups: [[2, 3], [1, 1], [3, 5]] }, new Uint8Array(32).fill(9), 'pass', 0, 0x1234, true, 2).shares
    const cases: [string[], string][] = [
      [[G1[0]!, variant(G1[1]!, { identifier: 0x1235 })], 'share 2 does not belong with share 1: the identifier differs'],
      [[G1[0]!, variant(G1[1]!, { extendable: false })], 'share 2 does not belong with share 1: the extendable flag differs'],
      [[G1[0]!, G1[1]!, variant(G2[0]!, { iterationExponent: 1 })], 'share 3 does not belong with share 1: the iteration exponent differs'],
      [[G1[0]!, variant(G1[1]!, { groupThreshold: 1 })], 'share 2 does not belong with share 1: the group threshold differs'],
      [[G1[0]!, variant(G1[1]!, { groupCount: 4 })], 'share 2 does not belong with share 1: the group count differs'],
      [[G1[0]!, other[0]![1]!], 'share 2 does not belong with share 1: the length differs'],
      [[G1[0]!, variant(G1[1]!, { memberThreshold: 3 })], 'shares 1 and 2 are both of group 1 but their member thresholds differ'],
      [[G1[1]!, G2[0]!, variant(G1[0]!, { memberIndex: 1 })], 'shares 1 and 3 are both member 2 of group 1 but differ'],
      [[G2[0]!, G1[0]!, variant(G1[1]!, { value: new Uint8Array(16).fill(1) })], 'the shares of group 1 do not combine: the digest does not match'],
      // Two group shares, each valid in itself, from two splits of the same EMS: the group level's digest fails.
      [[G2[0]!, ...generate({ groupThreshold: 2, groups: [[2, 3], [1, 1], [3, 5]] }, MS16, 'pass', 0, 0x1234, true, 3).shares[0]!.slice(0, 2)], 'the groups do not combine: the digest does not match'],
    ]
    for (const [shares, message] of cases) {
      const e = thrown(() => slip39.recoverMasterSecret(shares, 'pass'))
      expect([e.code, e.message]).toEqual(['SLIP39_SHARE_SET', message])
      expectNoLeak(e, shares, [hex(MS16)])
      expect(thrown(() => slip39.describeShares(shares)).message).toBe(message)
    }
  })

  test('threshold 1: the one share is the group share; two members of a 1-of-2 group are one too many', () => {
    const set = generate({ groupThreshold: 1, groups: [[1, 2]] }, MS16, '', 0, 77, false, 4).shares[0]!
    expect(hex(slip39.recoverMasterSecret([set[1]!], ''))).toBe(hex(MS16))
    const e = thrown(() => slip39.recoverMasterSecret(set, ''))
    expect([e.code, e.message]).toEqual(['SLIP39_SHARE_SET', 'group 1: 2 shares given; its threshold is 1: give exactly 1'])
  })

  test('describeShares: what mnemonic check prints, for a short set and a complete one', () => {
    expect(slip39.describeShares([G3[0]!, G1[2]!, G3[4]!, G3[0]!])).toEqual({
      identifier: 0x1234, extendable: true, iterationExponent: 0, iterations: 10000, secretBytes: 16, groupThreshold: 2, groupCount: 3, shares: 3,
      groups: [{ group: 1, memberThreshold: 2, shares: 1 }, { group: 3, memberThreshold: 3, shares: 2 }],
      complete: false,
    })
    expect(slip39.describeShares([G2[0]!, G3[0]!, G3[3]!, G3[1]!])).toMatchObject({ shares: 4, complete: true })
    expect(thrown(() => slip39.describeShares([])).code).toBe('SLIP39_INSUFFICIENT')
  })

  test('the share values handed back by parseShare are the caller\'s; recover leaves the input strings untouched', () => {
    const shares = [G1[0]!, G1[2]!, G2[0]!]
    const copy = [...shares]
    recover(shares)
    expect(shares).toEqual(copy)
  })
})

// ---------------------------------------------------------------- properties

/** Printable-ASCII passphrases. */
const passphrase = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 })

/** A random scheme: GT-of-G groups, each T-of-N (T = 1 only with N = 1, as GenerateShares requires). */
const scheme: fc.Arbitrary<Scheme> = fc
  .array(fc.integer({ min: 1, max: 5 }).chain((t) => fc.integer({ min: t === 1 ? 1 : t, max: t === 1 ? 1 : 6 }).map((n) => [t, n] as [number, number])), { minLength: 1, maxLength: 5 })
  .chain((groups) => fc.integer({ min: 1, max: groups.length }).map((groupThreshold) => ({ groupThreshold, groups })))

describe('properties', () => {
  test('split → recover is the identity: any GT groups, T shares of each, any order, any length 16 … 64', () => {
    const arb = fc.record({
      scheme,
      bytes: fc.integer({ min: 8, max: 32 }).map((h) => 2 * h),
      seed: fc.integer(),
      pass: passphrase,
      id: fc.integer({ min: 0, max: 0x7fff }),
      ext: fc.boolean(),
      pick: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
    })
    fc.assert(
      fc.property(arb, ({ scheme, bytes, seed, pass, id, ext, pick }) => {
        const ms = prng(seed ^ 0x55)(bytes)
        const made = generate(scheme, ms, pass, 0, id, ext, seed)
        // Choose GT groups and T members of each from the pick list; shuffle by it too.
        let k = 0
        const order = made.shares.map((_, i) => i).sort((a, b) => (pick[(a + k) % 40]! % 97) - (pick[(b + k) % 40]! % 97))
        const chosen: string[] = []
        for (const gi of order.slice(0, scheme.groupThreshold)) {
          const [t] = scheme.groups[gi]!
          const members = made.shares[gi]!.map((s, j) => [s, pick[(j + ++k) % 40]!] as const).sort((a, b) => a[1] - b[1])
          chosen.push(...members.slice(0, t).map(([s]) => s))
        }
        chosen.sort((a, b) => (a < b ? -1 : 1))
        expect(slip39.describeShares(chosen).complete).toBe(true)
        expect(hex(slip39.recoverMasterSecret(chosen, pass))).toBe(hex(ms))
        // One share fewer is never enough.
        const e = thrown(() => slip39.recoverMasterSecret(chosen.slice(1), pass))
        expect(e.code).toBe('SLIP39_INSUFFICIENT')
        expectNoLeak(e, chosen, [hex(ms)])
      }),
      { ...RUNS, numRuns: 100 },
    )
  })

  const SLIP39_CODES = ['SLIP39_WORD', 'SLIP39_CHECKSUM', 'SLIP39_SHARE', 'SLIP39_SHARE_SET', 'SLIP39_INSUFFICIENT']
  /** Recover, and check the outcome: a secret, or a SLIP39_* AirsignError with no input word in it; quickly. */
  function probe(shares: string[]): void {
    const t0 = performance.now()
    try {
      slip39.recoverMasterSecret(shares, 'TREZOR')
    } catch (e) {
      if (!(e instanceof AirsignError)) throw new Error(`not an AirsignError: ${String(e)}`, { cause: e })
      expect(SLIP39_CODES).toContain(e.code)
      expectNoLeak(e, shares)
      try {
        slip39.describeShares(shares)
      } catch (d) {
        expect(d).toBeInstanceOf(AirsignError)
        expect(SLIP39_CODES).toContain((d as AirsignError).code)
      }
    }
    expect(performance.now() - t0).toBeLessThan(1000)
  }

  test('random word sequences and random text: only SLIP39_* errors, fast', () => {
    const word = fc.oneof(fc.constantFrom(...WORDLIST), fc.constantFrom(...WORDLIST).map((w) => w.toUpperCase()), fc.string({ maxLength: 9 }))
    const shareText = fc.oneof(
      fc.array(fc.constantFrom(...WORDLIST), { minLength: 0, maxLength: 70 }).map((w) => w.join(' ')),
      fc.array(word, { maxLength: 40 }).map((w) => w.join(' ')),
      fc.string({ maxLength: 200 }),
    )
    fc.assert(fc.property(fc.array(shareText, { maxLength: 4 }), (shares) => probe(shares)), RUNS)
  })

  test('mutated valid vector sets (a word changed, two swapped, one dropped or added, shares mixed): only SLIP39_* errors, fast', () => {
    const valid = VECTORS.filter(([, , ms]) => ms !== '').map(([, shares]) => shares)
    const op = fc.record({
      how: fc.constantFrom('replace', 'swap', 'delete', 'insert', 'mix', 'drop', 'duplicate', 'case'),
      share: fc.nat(),
      at: fc.nat(),
      at2: fc.nat(),
      word: fc.integer({ min: 0, max: 1023 }),
    })
    const arb = fc.record({ set: fc.integer({ min: 0, max: valid.length - 1 }), ops: fc.array(op, { minLength: 1, maxLength: 3 }) })
    fc.assert(
      fc.property(arb, ({ set, ops }) => {
        const shares = valid[set]!.map((s) => s.split(' '))
        for (const o of ops) {
          if (shares.length === 0) break
          const s = shares[o.share % shares.length]!
          const i = o.at % s.length
          const j = o.at2 % s.length
          if (o.how === 'replace') s[i] = WORDLIST[o.word]!
          else if (o.how === 'swap') [s[i], s[j]] = [s[j]!, s[i]!]
          else if (o.how === 'delete') s.splice(i, 1)
          else if (o.how === 'insert') s.splice(i, 0, WORDLIST[o.word]!)
          else if (o.how === 'mix') shares.push(valid[o.word % valid.length]![0]!.split(' '))
          else if (o.how === 'drop') shares.splice(o.share % shares.length, 1)
          else if (o.how === 'duplicate') shares.push([...s])
          else s[i] = s[i]!.toUpperCase()
        }
        probe(shares.map((s) => s.join(' ')))
      }),
      RUNS,
    )
  })
})
