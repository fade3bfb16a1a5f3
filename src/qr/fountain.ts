/**
 * Fountain codes for multi-part URs (BCR-2020-005 §Multi-part URs): the
 * message is cut into equal fragments; part n ≤ seqLen carries fragment n,
 * later parts carry the XOR of a pseudo-random set of fragments chosen by a
 * Xoshiro256** generator seeded with SHA-256(seqNum || checksum). A decoder
 * that has any large enough mix of parts, in any order, rebuilds the message.
 *
 * The random choices must match the encoder's bit for bit. The reference
 * implementation MetaMask and Keystone use (`@ngraveio/bc-ur`) turns each
 * 64-bit output into a double through bignumber.js: x / 18446744073709552000
 * (the decimal text of the double 2^64) rounded half-up to 20 decimal places.
 * `nextDouble` reproduces that exactly with bigint arithmetic; it differs from
 * the C++ reference's x / 2^64 only below 1e-19, far from any boundary the
 * choices depend on.
 * @see https://github.com/BlockchainCommons/Research/blob/master/papers/bcr-2020-005-ur.md
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { AirsignError } from '../errors.js'
import { crc32 } from './bytewords.js'

const MASK64 = (1n << 64n) - 1n
const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (64n - k))) & MASK64

/** A seeded Xoshiro256** generator. */
type Rng = { nextDouble(): number; nextInt(low: number, high: number): number }

// bignumber.js reads the JS number 2^64 as its shortest decimal text.
const DIVISOR = 18446744073709552000n
const SCALE = 10n ** 20n

function xoshiro(seed: Uint8Array): Rng {
  const digest = sha256(seed)
  const s: bigint[] = [0n, 0n, 0n, 0n]
  for (let i = 0; i < 4; i++) {
    let v = 0n
    for (let n = 0; n < 8; n++) v = (v << 8n) | BigInt(digest[8 * i + n]!)
    s[i] = v
  }
  const next = (): bigint => {
    // xoshiro256** (Blackman and Vigna): result = rotl(s1 * 5, 7) * 9
    const [s0, s1, s2, s3] = s as [bigint, bigint, bigint, bigint]
    const result = (rotl((s1 * 5n) & MASK64, 7n) * 9n) & MASK64
    const t = (s1 << 17n) & MASK64
    const n2 = s2 ^ s0
    const n3 = s3 ^ s1
    s[1] = s1 ^ n2
    s[0] = s0 ^ n3
    s[2] = n2 ^ t
    s[3] = rotl(n3, 45n)
    return result
  }
  const nextDouble = (): number => {
    const x = next() * SCALE
    let q = x / DIVISOR
    if (2n * (x % DIVISOR) >= DIVISOR) q += 1n // ROUND_HALF_UP
    return Number(`${q}e-20`)
  }
  return { nextDouble, nextInt: (low, high) => Math.floor(nextDouble() * (high - low + 1) + low) }
}

// Vose's alias method over weights 1/1, 1/2, … 1/n, in the exact float order of the reference.
function chooseDegree(seqLen: number, rng: Rng): number {
  const p = Array.from({ length: seqLen }, (_, i) => 1 / (i + 1))
  const sum = p.reduce((a, v) => a + v, 0)
  const scaled = p.map((v) => (v * seqLen) / sum)
  const prob = new Array<number>(seqLen)
  const alias = new Array<number>(seqLen)
  const small: number[] = []
  const large: number[] = []
  for (let i = seqLen - 1; i >= 0; i--) (scaled[i]! < 1 ? small : large).push(i)
  while (small.length > 0 && large.length > 0) {
    const less = small.pop()!
    const more = large.pop()!
    prob[less] = scaled[less]!
    alias[less] = more
    scaled[more] = scaled[more]! + scaled[less]! - 1
    ;(scaled[more]! < 1 ? small : large).push(more)
  }
  while (large.length > 0) prob[large.pop()!] = 1
  while (small.length > 0) prob[small.pop()!] = 1
  const c = Math.floor(rng.nextDouble() * seqLen)
  return (rng.nextDouble() < prob[c]! ? c : alias[c]!) + 1
}

function u32be(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)
}

/**
 * The fragment indexes (0-based) that part `seqNum` mixes.
 * @param seqNum - 1-based part number
 * @param seqLen - number of fragments
 * @param checksum - CRC-32 of the whole message
 * @example chooseFragments(3, 9, crc) // [2]: the first seqLen parts are pure
 */
export function chooseFragments(seqNum: number, seqLen: number, checksum: number): number[] {
  if (seqNum <= seqLen) return [seqNum - 1]
  const seed = new Uint8Array(8)
  seed.set(u32be(seqNum), 0)
  seed.set(u32be(checksum), 4)
  const rng = xoshiro(seed)
  const degree = chooseDegree(seqLen, rng)
  const remaining = Array.from({ length: seqLen }, (_, i) => i)
  const shuffled: number[] = []
  while (remaining.length > 0) shuffled.push(remaining.splice(rng.nextInt(0, remaining.length - 1), 1)[0]!)
  return shuffled.slice(0, degree)
}

/** One fountain part: the fields of the CBOR array `[seqNum, seqLen, messageLen, checksum, data]`. */
export type Part = {
  readonly seqNum: number
  readonly seqLen: number
  readonly messageLen: number
  readonly checksum: number
  readonly data: Uint8Array
}

/**
 * The fragment length: the smallest that splits the message into equal parts
 * of at most `maxLen` bytes (and, when possible, at least `minLen`).
 */
export function fragmentLength(messageLen: number, maxLen: number, minLen = 10): number {
  const maxCount = Math.ceil(messageLen / minLen)
  let len = messageLen
  for (let count = 1; count <= maxCount; count++) {
    len = Math.ceil(messageLen / count)
    if (len <= maxLen) break
  }
  return len
}

/**
 * Cut a message into fountain parts 1 … `count` (the first seqLen are the
 * fragments themselves, the rest mixes).
 * @param message - the bytes (a UR's CBOR)
 * @param maxFragmentLen - the largest fragment
 * @param count - how many parts to make (default: seqLen)
 * @param first - the first part number (default 1)
 */
export function encodeParts(message: Uint8Array, maxFragmentLen: number, count?: number, first = 1): Part[] {
  const len = fragmentLength(message.length, maxFragmentLen)
  const seqLen = Math.ceil(message.length / len)
  const fragments: Uint8Array[] = []
  for (let i = 0; i < seqLen; i++) {
    const f = new Uint8Array(len) // the last fragment is padded with zeros
    f.set(message.subarray(i * len, (i + 1) * len))
    fragments.push(f)
  }
  const checksum = crc32(message)
  const parts: Part[] = []
  for (let seqNum = first; seqNum < first + (count ?? seqLen); seqNum++) {
    const data = new Uint8Array(len)
    for (const i of chooseFragments(seqNum, seqLen, checksum)) xorInto(data, fragments[i]!)
    parts.push({ seqNum, seqLen, messageLen: message.length, checksum, data })
  }
  return parts
}

function xorInto(a: Uint8Array, b: Uint8Array): void {
  for (let i = 0; i < a.length; i++) a[i]! ^= b[i]!
}

/** A part being reduced: the set of fragments it still mixes. */
type Mixed = { indexes: Set<number>; data: Uint8Array }

/** Decoder state: feed parts with `receive`, read `result` once complete. */
export type Decoder = {
  /** Add a part (duplicates and parts that add nothing are fine). @throws AirsignError QR_UR_DECODE when it belongs to another message */
  receive(part: Part): void
  /** How many of the seqLen fragments are known. */
  progress(): { known: number; total: number }
  /** The message, once every fragment is known; null before. @throws AirsignError QR_UR_DECODE when the checksum does not match */
  result(): Uint8Array | null
}

/** Bounds on what a decoder accepts: far above any real request, low enough that a crafted part costs little. */
export const LIMITS = { messageLen: 4 * 1024 * 1024, seqLen: 10_000 } as const

const key = (s: Set<number>): string => [...s].sort((a, b) => a - b).join(',')

/**
 * A fountain decoder: simple parts fill fragments directly; mixed parts are
 * reduced by every known fragment, and by each other when one's set of
 * fragments contains another's, until they become simple.
 */
export function createDecoder(): Decoder {
  let shape: Omit<Part, 'seqNum' | 'data'> & { fragLen: number } | null = null
  const known = new Map<number, Uint8Array>()
  let mixed: Mixed[] = []
  const seen = new Set<string>()

  const addSimple = (index: number, data: Uint8Array): void => {
    if (known.has(index)) return
    known.set(index, data)
    // Reduce every mixed part by the new fragment; those that become simple cascade.
    const pending = mixed
    mixed = []
    for (const m of pending) reduceAndAdd(m)
  }
  const reduceAndAdd = (m: Mixed): void => {
    for (const i of [...m.indexes]) {
      const f = known.get(i)
      if (f) {
        xorInto(m.data, f)
        m.indexes.delete(i)
      }
    }
    for (const o of mixed) {
      if (o.indexes.size < m.indexes.size && [...o.indexes].every((i) => m.indexes.has(i))) {
        xorInto(m.data, o.data)
        for (const i of o.indexes) m.indexes.delete(i)
      }
    }
    if (m.indexes.size === 0) return
    if (m.indexes.size === 1) return addSimple([...m.indexes][0]!, m.data)
    const k = key(m.indexes)
    if (mixed.some((o) => key(o.indexes) === k)) return
    // The new part may in turn reduce older, larger ones.
    for (const o of mixed) {
      if (m.indexes.size < o.indexes.size && [...m.indexes].every((i) => o.indexes.has(i))) {
        xorInto(o.data, m.data)
        for (const i of m.indexes) o.indexes.delete(i)
      }
    }
    mixed.push(m)
    const singles = mixed.filter((o) => o.indexes.size === 1)
    if (singles.length > 0) {
      mixed = mixed.filter((o) => o.indexes.size > 1)
      for (const s of singles) addSimple([...s.indexes][0]!, s.data)
    }
  }

  return {
    receive(part) {
      if (part.seqLen < 1 || part.messageLen < 1 || part.data.length === 0) throw new AirsignError('QR_UR_DECODE', 'multi-part UR: empty part')
      if (part.messageLen > LIMITS.messageLen || part.seqLen > LIMITS.seqLen) {
        throw new AirsignError('QR_UR_DECODE', `multi-part UR: ${part.seqLen} parts of a ${part.messageLen}-byte message is more than airsign reads (${LIMITS.seqLen} parts, ${LIMITS.messageLen} bytes)`)
      }
      if (part.seqLen !== Math.ceil(part.messageLen / part.data.length)) {
        throw new AirsignError('QR_UR_DECODE', 'multi-part UR: fragment length does not fit the message length and part count')
      }
      if (shape === null) {
        shape = { seqLen: part.seqLen, messageLen: part.messageLen, checksum: part.checksum, fragLen: part.data.length }
      } else if (shape.seqLen !== part.seqLen || shape.messageLen !== part.messageLen || shape.checksum !== part.checksum || shape.fragLen !== part.data.length) {
        throw new AirsignError('QR_UR_DECODE', 'multi-part UR: parts of different messages are mixed')
      }
      const tag = `${part.seqNum}`
      if (seen.has(tag) || known.size === shape.seqLen) return
      seen.add(tag)
      const indexes = new Set(chooseFragments(part.seqNum, part.seqLen, part.checksum))
      reduceAndAdd({ indexes, data: part.data.slice() })
    },
    progress: () => ({ known: known.size, total: shape?.seqLen ?? 0 }),
    result() {
      if (shape === null || known.size < shape.seqLen) return null
      const out = new Uint8Array(shape.seqLen * shape.fragLen)
      for (let i = 0; i < shape.seqLen; i++) out.set(known.get(i)!, i * shape.fragLen)
      const message = out.slice(0, shape.messageLen)
      if (crc32(message) !== shape.checksum) throw new AirsignError('QR_UR_DECODE', 'multi-part UR: the reassembled message fails its checksum')
      return message
    },
  }
}
