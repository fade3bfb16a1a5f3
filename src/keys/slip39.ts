/**
 * SLIP-39 (Shamir's Secret-Sharing for Mnemonic Codes): decode shares and
 * recover the master secret, the BIP-32 seed, as Trezor does.
 *
 * A share is 20 … 59 words of the SLIP-39 list (20 for a 128-bit secret, 33 for
 * 256 bits, 59 for 512); each word is 10 bits. Its fields, big-endian:
 * identifier (15 bits) · extendable flag (1) · iteration exponent (4) · group
 * index (4) · group threshold − 1 (4) · group count − 1 (4) · member index (4) ·
 * member threshold − 1 (4) · share value, left-padded with at most 8 zero bits
 * to whole words · RS1024 checksum (3 words, customization "shamir" or
 * "shamir_extendable").
 *
 * Recovery: the shares of each group interpolate (GF(256), Rijndael polynomial)
 * to the group share at x = 255, checked by the digest at x = 254; the group
 * shares interpolate to the encrypted master secret the same way; a 4-round
 * Feistel cipher with PBKDF2-HMAC-SHA256 (2500 << e iterations a round) and the
 * passphrase decrypts it.
 *
 * Input: any run of white space separates words; upper-case ASCII letters are
 * read as lower case (python-shamir-mnemonic lower-cases too); a word must be
 * spelled in full (no 4-letter prefixes: a prefix is a correction airsign would
 * make for the user, and the spec asks implementations not to correct).
 *
 * Error messages name shares by their position (1-based, in the order given)
 * and words by their position in the share; never a word, a share value, the
 * secret or the passphrase.
 * @see https://github.com/satoshilabs/slips/blob/master/slip-0039.md
 * @module
 */
import { createHmac, pbkdf2Sync } from 'node:crypto'
import { AirsignError } from '../errors.js'
import { concatBytes, equalBytes, wipe } from '../bytes.js'
import { WORDLIST } from './slip39-wordlist.js'

/** A decoded share. Thresholds and counts are the actual numbers (the words hold them minus one); indices are the x values, from 0. */
export type Share = {
  /** random 15-bit set identifier: the same in every share of a set */
  readonly identifier: number
  /** the extendable backup flag: when set, the identifier is not part of the encryption salt */
  readonly extendable: boolean
  /** e: each Feistel round runs PBKDF2 2500 << e times */
  readonly iterationExponent: number
  /** x of this share's group share, 0 … 15 */
  readonly groupIndex: number
  /** GT, 1 … 16: how many groups recover the secret */
  readonly groupThreshold: number
  /** G, 1 … 16: how many groups the set has (≥ GT) */
  readonly groupCount: number
  /** x of this share within its group, 0 … 15 */
  readonly memberIndex: number
  /** T, 1 … 16: how many shares of this group recover its group share */
  readonly memberThreshold: number
  /** the share value (16 … 64 bytes, the length of the master secret); secret, the caller wipes it */
  readonly value: Uint8Array
}

/** What a set of shares says about itself, without a word or a secret (for `mnemonic check`). */
export type ShareSetDescription = {
  /** the set's identifier (15 bits; not secret: it is the salt, and the first words show it) */
  readonly identifier: number
  readonly extendable: boolean
  readonly iterationExponent: number
  /** PBKDF2 iterations of the whole decryption: 10000 << e */
  readonly iterations: number
  /** length of the master secret in bytes */
  readonly secretBytes: number
  readonly groupThreshold: number
  readonly groupCount: number
  /** distinct shares given (an exact repeat of a share counts once) */
  readonly shares: number
  /** the groups given, by group number (1-based, as Trezor shows them) */
  readonly groups: readonly { readonly group: number; readonly memberThreshold: number; readonly shares: number }[]
  /** true when recoverMasterSecret would succeed with these shares (for any passphrase): the digests were checked */
  readonly complete: boolean
}

/** Fewest and most words of a share: a 128-bit and a 512-bit master secret (the BIP-32 seed range). */
export const MIN_WORDS = 20
export const MAX_WORDS = 59

const RADIX_BITS = 10
const CHECKSUM_WORDS = 3
/** identifier/ext/e (2 words) + group and member fields (2) + checksum (3) */
const METADATA_WORDS = 7
const DIGEST_INDEX = 254
const SECRET_INDEX = 255
const DIGEST_BYTES = 4
const ROUND_COUNT = 4
const BASE_ITERATIONS = 10000

const WORD_INDEX: ReadonlyMap<string, number> = new Map(WORDLIST.map((w, i) => [w, i]))

// ---------------------------------------------------------------- RS1024

const GEN = [0xe0e040, 0x1c1c080, 0x3838100, 0x7070200, 0xe0e0009, 0x1c0c2412, 0x38086c24, 0x3090fc48, 0x21b1f890, 0x3f3f120] as const

function customization(extendable: boolean): number[] {
  return Array.from(extendable ? 'shamir_extendable' : 'shamir', (c) => c.charCodeAt(0))
}

/**
 * The RS1024 polymod of the spec's "Checksum" section (a BCH view of a Reed–Solomon code over GF(1024)).
 * @param values - 10-bit values (the customization string's bytes, then the words)
 * @returns the 30-bit remainder; 1 for a valid share
 */
export function rs1024Polymod(values: Iterable<number>): number {
  let chk = 1
  for (const v of values) {
    const b = chk >>> 20
    chk = ((chk & 0xfffff) << 10) ^ v
    for (let i = 0; i < 10; i++) if ((b >>> i) & 1) chk ^= GEN[i]!
  }
  return chk
}

/**
 * Whether the words of a share (checksum included) pass RS1024.
 * @param words - the share as 10-bit word indices
 * @param extendable - selects the customization string
 */
export function rs1024Verify(words: readonly number[], extendable: boolean): boolean {
  return rs1024Polymod([...customization(extendable), ...words]) === 1
}

/**
 * The three checksum words of a share's data part (to build test shares; recovery only verifies).
 * @param data - the share without its checksum, as 10-bit word indices
 * @param extendable - selects the customization string
 */
export function rs1024Checksum(data: readonly number[], extendable: boolean): [number, number, number] {
  const pm = rs1024Polymod([...customization(extendable), ...data, 0, 0, 0]) ^ 1
  return [(pm >>> 20) & 1023, (pm >>> 10) & 1023, pm & 1023]
}

// ---------------------------------------------------------------- GF(256)

// Log and antilog tables of GF(256) mod x^8 + x^4 + x^3 + x + 1, generator 3.
const EXP = new Uint8Array(255)
const LOG = new Uint8Array(256)
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x
  LOG[x] = i
  x ^= ((x << 1) ^ (x & 0x80 ? 0x11b : 0)) & 0xff // x · 3 = x · 2 + x
}

/** A point of a byte-wise polynomial: the index x and the value bytes y. */
export type Point = { readonly x: number; readonly y: Uint8Array }

/**
 * Lagrange interpolation in GF(256), byte by byte: the value at `x` of the
 * polynomials of lowest degree through the points (the spec's Interpolate).
 * @param points - distinct x in 0 … 255, values of one length
 * @param x - the index to evaluate at
 * @returns a new array (the caller wipes it)
 * @throws RangeError for repeated x or unequal lengths (callers check both first)
 */
export function interpolate(points: readonly Point[], x: number): Uint8Array {
  const n = points[0]?.y.length ?? 0
  if (new Set(points.map((p) => p.x)).size !== points.length) throw new RangeError('interpolate: repeated x')
  if (points.some((p) => p.y.length !== n)) throw new RangeError('interpolate: values of different lengths')
  const hit = points.find((p) => p.x === x)
  if (hit) return Uint8Array.from(hit.y)
  // log of ∏_j (x − x_j); subtraction is xor in GF(2^8).
  let logProd = 0
  for (const p of points) logProd += LOG[p.x ^ x]!
  const out = new Uint8Array(n)
  for (const pi of points) {
    // log of the basis ∏_{j≠i} (x − x_j) / (x_i − x_j)
    let logBasis = logProd - LOG[pi.x ^ x]!
    for (const pj of points) if (pj !== pi) logBasis -= LOG[pi.x ^ pj.x]!
    logBasis = ((logBasis % 255) + 255) % 255
    for (let k = 0; k < n; k++) {
      const y = pi.y[k]!
      if (y !== 0) out[k] = out[k]! ^ EXP[(LOG[y]! + logBasis) % 255]!
    }
  }
  return out
}

// ---------------------------------------------------------------- encryption

/**
 * Printable ASCII (32 … 126), the only passphrases SLIP-39 allows.
 * @throws AirsignError MNEMONIC_ENCODING for any other character
 */
function passphraseBytes(passphrase: string): Uint8Array {
  if (!/^[\x20-\x7e]*$/.test(passphrase)) {
    throw new AirsignError('MNEMONIC_ENCODING', 'passphrase: SLIP-39 allows printable ASCII only (space … ~)', {
      hints: ['SLIP-39 requires an ASCII passphrase; a wallet that accepted another would not be portable'],
    })
  }
  return Uint8Array.from(passphrase, (c) => c.charCodeAt(0))
}

function feistel(input: Uint8Array, passphrase: string, iterationExponent: number, identifier: number, extendable: boolean, rounds: readonly number[]): Uint8Array {
  if (input.length % 2 !== 0 || input.length === 0) throw new RangeError('feistel: odd length')
  if (!Number.isInteger(iterationExponent) || iterationExponent < 0 || iterationExponent > 15) throw new RangeError('feistel: iteration exponent')
  const pass = passphraseBytes(passphrase)
  const half = input.length / 2
  const iterations = (BASE_ITERATIONS / ROUND_COUNT) << iterationExponent
  // ext = 0: salt "shamir" || id (2 bytes, big-endian); ext = 1: no prefix.
  const prefix = extendable ? new Uint8Array(0) : Uint8Array.from([...'shamir'].map((c) => c.charCodeAt(0)).concat([identifier >> 8, identifier & 0xff]))
  let l = input.slice(0, half)
  let r = input.slice(half)
  try {
    for (const i of rounds) {
      const password = concatBytes(Uint8Array.of(i), pass)
      const salt = concatBytes(prefix, r)
      const f = pbkdf2Sync(password, salt, iterations, half, 'sha256')
      wipe(password, salt)
      const next = new Uint8Array(half)
      for (let k = 0; k < half; k++) next[k] = l[k]! ^ f[k]!
      wipe(f, l)
      l = r
      r = next
    }
    return concatBytes(r, l)
  } finally {
    wipe(l, r, pass)
  }
}

/**
 * Encrypt a master secret (the spec's Encrypt; for tests and a future split).
 * @param masterSecret - an even number of bytes
 * @param passphrase - printable ASCII
 * @param iterationExponent - e, 0 … 15
 * @param identifier - 15 bits (part of the salt when not extendable)
 * @param extendable - the ext flag
 * @returns EMS (the caller wipes it)
 * @throws AirsignError MNEMONIC_ENCODING for a passphrase that is not printable ASCII
 */
export function encrypt(masterSecret: Uint8Array, passphrase: string, iterationExponent: number, identifier: number, extendable: boolean): Uint8Array {
  return feistel(masterSecret, passphrase, iterationExponent, identifier, extendable, [0, 1, 2, 3])
}

/**
 * Decrypt an encrypted master secret (the spec's Decrypt: the rounds in reverse order).
 * Any passphrase gives some secret: there is nothing to verify it against (by design).
 * @returns MS (the caller wipes it)
 * @throws AirsignError MNEMONIC_ENCODING for a passphrase that is not printable ASCII
 */
export function decrypt(encrypted: Uint8Array, passphrase: string, iterationExponent: number, identifier: number, extendable: boolean): Uint8Array {
  return feistel(encrypted, passphrase, iterationExponent, identifier, extendable, [3, 2, 1, 0])
}

// ---------------------------------------------------------------- one share

/**
 * Split a share into word indices. Any white space separates words; A–Z are read as a–z.
 * @throws AirsignError SLIP39_WORD naming the share and the word by position
 */
function wordIndices(text: string, position: number): number[] {
  const trimmed = text.trim()
  const words = trimmed === '' ? [] : trimmed.split(/\s+/u)
  const out: number[] = []
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!
    const index = /^[A-Za-z]+$/.test(w) ? WORD_INDEX.get(w.toLowerCase()) : undefined
    if (index === undefined) {
      out.fill(0)
      throw new AirsignError('SLIP39_WORD', `share ${position}, word ${i + 1} is not in the SLIP-39 wordlist`, {
        hints: ['write each word in full, as the list spells it'],
      })
    }
    out.push(index)
  }
  return out
}

/** Whether a share of `words` words has a valid length: 20 … 59, padding of at most 8 bits (a secret of whole 16-bit units). */
function lengthProblem(words: number): string | undefined {
  if (words < MIN_WORDS) return `has ${words} word${words === 1 ? '' : 's'}; a share has at least ${MIN_WORDS}`
  if (words > MAX_WORDS) return `has ${words} words; a share has at most ${MAX_WORDS} (a 512-bit secret)`
  if ((RADIX_BITS * (words - METADATA_WORDS)) % 16 > 8) return `has ${words} words, a length no secret gives (20 words: 128 bits, 33: 256 bits)`
  return undefined
}

/**
 * Decode one share and verify its checksum.
 * @param text - the words, separated by any white space; upper case accepted
 * @param position - the share's number in the user's list (1-based), used in messages
 * @returns the share's fields; `value` is secret and the caller wipes it
 * @throws AirsignError SLIP39_WORD (a word not in the list), SLIP39_SHARE (a length no
 *   secret gives, a group threshold above the group count, padding bits that are not
 *   zero), SLIP39_CHECKSUM
 * @example parseShare(line, 1).memberThreshold // 2
 */
export function parseShare(text: string, position: number): Share {
  const w = wordIndices(text, position)
  try {
    const bad = lengthProblem(w.length)
    if (bad) throw new AirsignError('SLIP39_SHARE', `share ${position} ${bad}`, { hints: ['a word is missing or one too many, or two shares are on one line'] })
    const head = (w[0]! << 10) | w[1]!
    const identifier = head >>> 5
    const extendable = ((head >>> 4) & 1) === 1
    const iterationExponent = head & 15
    if (!rs1024Verify(w, extendable)) {
      throw new AirsignError('SLIP39_CHECKSUM', `share ${position}: checksum does not match`, { hints: ['a word is mistyped or two words are swapped'] })
    }
    const params = (w[2]! << 10) | w[3]!
    const groupIndex = params >>> 16
    const groupThreshold = ((params >>> 12) & 15) + 1
    const groupCount = ((params >>> 8) & 15) + 1
    const memberIndex = (params >>> 4) & 15
    const memberThreshold = (params & 15) + 1
    if (groupThreshold > groupCount) {
      throw new AirsignError('SLIP39_SHARE', `share ${position}: its group threshold (${groupThreshold}) is more than its group count (${groupCount})`)
    }
    const valueWords = w.slice(4, w.length - CHECKSUM_WORDS)
    const value = unpad(valueWords, position)
    valueWords.fill(0)
    return { identifier, extendable, iterationExponent, groupIndex, groupThreshold, groupCount, memberIndex, memberThreshold, value }
  } finally {
    w.fill(0)
  }
}

/**
 * The share value from its words: drop the left padding (which must be zero bits), then bytes.
 * @throws AirsignError SLIP39_SHARE for a padding bit that is one
 */
function unpad(words: readonly number[], position: number): Uint8Array {
  const pad = (RADIX_BITS * words.length) % 16
  const out = new Uint8Array((RADIX_BITS * words.length - pad) / 8)
  const first = words[0]!
  if (first >>> (RADIX_BITS - pad) !== 0) throw new AirsignError('SLIP39_SHARE', `share ${position}: its padding bits are not zero`)
  let acc = first & ((1 << (RADIX_BITS - pad)) - 1)
  let bits = RADIX_BITS - pad
  let o = 0
  for (let i = 1; i <= words.length; i++) {
    while (bits >= 8) {
      bits -= 8
      out[o++] = (acc >>> bits) & 0xff
      acc &= (1 << bits) - 1
    }
    if (i < words.length) {
      acc = (acc << RADIX_BITS) | words[i]!
      bits += RADIX_BITS
    }
  }
  acc = 0
  return out
}

// ---------------------------------------------------------------- a set of shares

type Entry = { readonly share: Share; readonly position: number }
type Group = { readonly index: number; readonly memberThreshold: number; readonly first: Entry; readonly members: Map<number, Entry> }
type ShareSet = { readonly first: Entry; readonly groups: ReadonlyMap<number, Group>; readonly entries: readonly Entry[] }

function wipeSet(entries: readonly Entry[]): void {
  for (const e of entries) wipe(e.share.value)
}

function sameShare(a: Share, b: Share): boolean {
  return (
    a.identifier === b.identifier &&
    a.extendable === b.extendable &&
    a.iterationExponent === b.iterationExponent &&
    a.groupIndex === b.groupIndex &&
    a.groupThreshold === b.groupThreshold &&
    a.groupCount === b.groupCount &&
    a.memberIndex === b.memberIndex &&
    a.memberThreshold === b.memberThreshold &&
    equalBytes(a.value, b.value)
  )
}

/** The first parameter two shares of one set must share and do not, in the spec's order. */
function commonMismatch(a: Share, b: Share): string | undefined {
  if (a.identifier !== b.identifier) return 'identifier'
  if (a.extendable !== b.extendable) return 'extendable flag'
  if (a.iterationExponent !== b.iterationExponent) return 'iteration exponent'
  if (a.groupThreshold !== b.groupThreshold) return 'group threshold'
  if (a.groupCount !== b.groupCount) return 'group count'
  if (a.value.length !== b.value.length) return 'length'
  return undefined
}

/**
 * Parse every share and check that they belong together (all but the counts).
 * An exact repeat of a share is dropped, as python-shamir-mnemonic does (it keeps a set).
 * @throws AirsignError SLIP39_WORD, SLIP39_CHECKSUM, SLIP39_SHARE, SLIP39_SHARE_SET, SLIP39_INSUFFICIENT (no share)
 */
function analyze(texts: readonly string[]): ShareSet {
  if (texts.length === 0) throw new AirsignError('SLIP39_INSUFFICIENT', 'no share given')
  const entries: Entry[] = []
  try {
    for (let i = 0; i < texts.length; i++) entries.push({ share: parseShare(texts[i]!, i + 1), position: i + 1 })
    const first = entries[0]!
    const groups = new Map<number, Group>()
    for (const e of entries) {
      const field = commonMismatch(first.share, e.share)
      if (field) {
        throw new AirsignError('SLIP39_SHARE_SET', `share ${e.position} does not belong with share ${first.position}: the ${field} differs`, {
          hints: [field === 'identifier' || field === 'extendable flag' || field === 'iteration exponent' ? 'the shares of one set begin with the same two words' : 'the shares are from different sets'],
        })
      }
      const s = e.share
      let g = groups.get(s.groupIndex)
      if (!g) groups.set(s.groupIndex, (g = { index: s.groupIndex, memberThreshold: s.memberThreshold, first: e, members: new Map() }))
      if (s.memberThreshold !== g.memberThreshold) {
        throw new AirsignError('SLIP39_SHARE_SET', `shares ${g.first.position} and ${e.position} are both of group ${g.index + 1} but their member thresholds differ`)
      }
      const twin = g.members.get(s.memberIndex)
      if (twin) {
        if (sameShare(twin.share, s)) continue
        throw new AirsignError('SLIP39_SHARE_SET', `shares ${twin.position} and ${e.position} are both member ${s.memberIndex + 1} of group ${g.index + 1} but differ`, {
          hints: ['a share is from another set with the same first words, or was altered'],
        })
      }
      g.members.set(s.memberIndex, e)
    }
    return { first, groups, entries }
  } catch (e) {
    wipeSet(entries)
    throw e
  }
}

/**
 * Why the set cannot be combined yet, or undefined when it holds exactly the
 * shares the spec combines: GT groups, each with exactly its threshold.
 * More is refused too (the spec: "MUST be equal"), as python-shamir-mnemonic does.
 */
function shortfall(set: ShareSet): AirsignError | undefined {
  const { groupThreshold } = set.first.share
  const groups = [...set.groups.values()].sort((a, b) => a.index - b.index)
  for (const g of groups) {
    if (g.members.size > g.memberThreshold) {
      return new AirsignError('SLIP39_SHARE_SET', `group ${g.index + 1}: ${g.members.size} shares given; its threshold is ${g.memberThreshold}: give exactly ${g.memberThreshold}`)
    }
  }
  if (groups.length > groupThreshold) {
    return new AirsignError('SLIP39_SHARE_SET', `shares of ${groups.length} groups given; the group threshold is ${groupThreshold}: give the shares of exactly ${groupThreshold}`)
  }
  const missing: string[] = []
  for (const g of groups) if (g.members.size < g.memberThreshold) missing.push(`group ${g.index + 1}: have ${g.members.size}, need ${g.memberThreshold}`)
  if (groups.length < groupThreshold) missing.push(`groups: have ${groups.length}, need ${groupThreshold}`)
  if (missing.length > 0) return new AirsignError('SLIP39_INSUFFICIENT', `too few shares (${missing.join('; ')})`)
  return undefined
}

/**
 * The spec's RecoverSecret: threshold 1 is the one value; otherwise interpolate
 * at 255, and check the digest (interpolated at 254): its first 4 bytes are
 * HMAC-SHA256(key = its other bytes, the secret).
 * @throws AirsignError SLIP39_SHARE_SET when the digest does not match
 */
function recoverSecret(threshold: number, points: readonly Point[], what: string): Uint8Array {
  if (threshold === 1) return Uint8Array.from(points[0]!.y)
  const secret = interpolate(points, SECRET_INDEX)
  const digestShare = interpolate(points, DIGEST_INDEX)
  const mac = createHmac('sha256', digestShare.subarray(DIGEST_BYTES)).update(secret).digest()
  const ok = equalBytes(mac.subarray(0, DIGEST_BYTES), digestShare.subarray(0, DIGEST_BYTES))
  wipe(mac, digestShare)
  if (!ok) {
    wipe(secret)
    throw new AirsignError('SLIP39_SHARE_SET', `${what} do not combine: the digest does not match`, {
      hints: ['a share is from another set with the same first words, or was altered'],
    })
  }
  return secret
}

/** The encrypted master secret of a complete set (both levels' digests checked). The caller wipes it. */
function recoverEncrypted(set: ShareSet): Uint8Array {
  const groups = [...set.groups.values()].sort((a, b) => a.index - b.index)
  const groupShares: Point[] = []
  try {
    for (const g of groups) {
      const points = [...g.members.values()].map((e) => ({ x: e.share.memberIndex, y: e.share.value }))
      groupShares.push({ x: g.index, y: recoverSecret(g.memberThreshold, points, `the shares of group ${g.index + 1}`) })
    }
    return recoverSecret(set.first.share.groupThreshold, groupShares, 'the groups')
  } finally {
    for (const p of groupShares) wipe(p.y)
  }
}

/**
 * Recover the master secret (the BIP-32 seed) from a set of shares: the spec's
 * "Combining the shares", every check it lists. Exact repeats of a share count once.
 * The PBKDF2 cost grows with the iteration exponent: e = 0 takes milliseconds, each step doubles it.
 * @param shares - one share a string, in the user's order (blank lines dropped by the caller)
 * @param passphrase - printable ASCII, '' when none; any passphrase gives a secret (a wrong one a different wallet)
 * @returns the master secret, 16 … 64 bytes; the caller wipes it
 * @throws AirsignError SLIP39_WORD, SLIP39_CHECKSUM, SLIP39_SHARE (one share), SLIP39_SHARE_SET
 *   (shares that do not belong together, a repeated member, more shares than the thresholds,
 *   a digest that fails), SLIP39_INSUFFICIENT (too few shares or groups),
 *   MNEMONIC_ENCODING (a passphrase that is not printable ASCII)
 */
export function recoverMasterSecret(shares: readonly string[], passphrase: string): Uint8Array {
  passphraseBytes(passphrase).fill(0)
  const set = analyze(shares)
  try {
    const problem = shortfall(set)
    if (problem) throw problem
    const ems = recoverEncrypted(set)
    try {
      const s = set.first.share
      return decrypt(ems, passphrase, s.iterationExponent, s.identifier, s.extendable)
    } finally {
      wipe(ems)
    }
  } finally {
    wipeSet(set.entries)
  }
}

/**
 * What a set of shares is, for `mnemonic check`: no word, no share value, no secret.
 * When the set is complete the digests are checked too (no passphrase is needed for that).
 * @param shares - as for recoverMasterSecret
 * @returns the set's parameters, the groups given and whether it is complete
 * @throws AirsignError as recoverMasterSecret, except SLIP39_INSUFFICIENT (an incomplete set is
 *   described, `complete: false`) — but SLIP39_INSUFFICIENT for an empty list
 */
export function describeShares(shares: readonly string[]): ShareSetDescription {
  const set = analyze(shares)
  try {
    const problem = shortfall(set)
    if (problem && problem.code !== 'SLIP39_INSUFFICIENT') throw problem
    if (!problem) wipe(recoverEncrypted(set))
    const s = set.first.share
    const groups = [...set.groups.values()].sort((a, b) => a.index - b.index)
    return {
      identifier: s.identifier,
      extendable: s.extendable,
      iterationExponent: s.iterationExponent,
      iterations: BASE_ITERATIONS << s.iterationExponent,
      secretBytes: s.value.length,
      groupThreshold: s.groupThreshold,
      groupCount: s.groupCount,
      shares: groups.reduce((n, g) => n + g.members.size, 0),
      groups: groups.map((g) => ({ group: g.index + 1, memberThreshold: g.memberThreshold, shares: g.members.size })),
      complete: problem === undefined,
    }
  } finally {
    wipeSet(set.entries)
  }
}
