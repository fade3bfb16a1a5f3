/**
 * Uniform Resources (BCR-2020-005): `ur:<type>/<bytewords>` for one part,
 * `ur:<type>/<seqNum>-<seqLen>/<bytewords>` for each part of a fountain-coded
 * message. The payload is CBOR: the registry item itself for one part, the
 * array `[seqNum, seqLen, messageLen, checksum, fragment]` for a part.
 * Text is case-insensitive; upper case fits the alphanumeric QR mode.
 * @see https://github.com/BlockchainCommons/Research/blob/master/papers/bcr-2020-005-ur.md
 * @module
 */
import { AirsignError } from '../errors.js'
import * as bytewords from './bytewords.js'
import * as cbor from './cbor.js'
import * as fountain from './fountain.js'

/** A decoded UR: its type and its CBOR payload. */
export type Ur = { readonly type: string; readonly cbor: Uint8Array }

const TYPE_RE = /^[a-z0-9-]+$/

/**
 * The text of a UR, as one part or as fountain parts.
 * @param ur - type and CBOR
 * @param maxFragmentLen - split into parts of at most this many bytes; undefined: one part
 * @param count - number of parts (default: the fragments themselves; more adds mixed parts)
 * @returns the lines, lower case
 * @example encode({ type: 'eth-signature', cbor }) // ['ur:eth-signature/…']
 */
export function encode(ur: Ur, maxFragmentLen?: number, count?: number): string[] {
  if (!TYPE_RE.test(ur.type)) throw new TypeError(`bad UR type ${ur.type}`)
  if (maxFragmentLen === undefined || ur.cbor.length <= maxFragmentLen) {
    if (count === undefined || count <= 1) return [`ur:${ur.type}/${bytewords.encodeMinimal(ur.cbor)}`]
  }
  const parts = fountain.encodeParts(ur.cbor, maxFragmentLen ?? ur.cbor.length, count)
  return parts.map((p) => partText(ur.type, p))
}

/**
 * One fountain part's text, for animations that run past the pure parts.
 * @param seqNum - 1-based part number (above seqLen: mixed parts)
 */
export function encodePart(ur: Ur, maxFragmentLen: number, seqNum: number): string {
  return partText(ur.type, fountain.encodeParts(ur.cbor, maxFragmentLen, 1, seqNum)[0]!)
}

function partText(type: string, p: fountain.Part): string {
  const body = cbor.encode([BigInt(p.seqNum), BigInt(p.seqLen), BigInt(p.messageLen), BigInt(p.checksum), p.data])
  return `ur:${type}/${p.seqNum}-${p.seqLen}/${bytewords.encodeMinimal(body)}`
}

/** Collects UR parts until the message is whole. */
export type Reader = {
  /**
   * Add one line of text (white space around it is ignored).
   * @throws AirsignError QR_UR_DECODE for text that is not a UR part of the same message
   */
  add(line: string): void
  /** The UR once complete, else null. */
  result(): Ur | null
  /** What is known so far, for an error message. */
  progress(): { parts: number; known: number; total: number }
}

function parsePart(body: Uint8Array): fountain.Part {
  const v = cbor.decode(body)
  const n = (x: cbor.Value | undefined, max: bigint): number | null => (typeof x === 'bigint' && x >= 0n && x <= max ? Number(x) : null)
  if (!Array.isArray(v) || v.length !== 5) throw new AirsignError('QR_UR_DECODE', 'multi-part UR: a part is not [seqNum, seqLen, messageLen, checksum, data]')
  const a = v as cbor.Value[]
  const seqNum = n(a[0], 0xffffffffn)
  const seqLen = n(a[1], 0xffffffffn)
  const messageLen = n(a[2], 0xffffffffn)
  const checksum = n(a[3], 0xffffffffn)
  const data = a[4]
  if (seqNum === null || seqLen === null || messageLen === null || checksum === null || !(data instanceof Uint8Array)) {
    throw new AirsignError('QR_UR_DECODE', 'multi-part UR: a part has fields of the wrong type')
  }
  return { seqNum, seqLen, messageLen, checksum, data }
}

/**
 * A reader for one UR, single or multi-part, parts in any order, duplicates allowed.
 * @param expectedType - refuse other types (QR_UR_TYPE)
 */
export function createReader(expectedType?: string): Reader {
  let type: string | null = null
  let single: Uint8Array | null = null
  let parts = 0
  const decoder = fountain.createDecoder()
  return {
    add(line) {
      const text = line.trim().toLowerCase()
      const m = /^ur:([^/]+)\/(?:([0-9]+)-([0-9]+)\/)?([a-z]+)$/.exec(text)
      if (!m) throw new AirsignError('QR_UR_DECODE', 'not a UR: expected ur:<type>/<bytewords> or ur:<type>/<n>-<m>/<bytewords>')
      const t = m[1]!
      if (!TYPE_RE.test(t)) throw new AirsignError('QR_UR_DECODE', 'UR type has characters other than a-z, 0-9 and -')
      if (expectedType !== undefined && t !== expectedType) throw new AirsignError('QR_UR_TYPE', `expected ur:${expectedType}, got ur:${t}`)
      if (type !== null && t !== type) throw new AirsignError('QR_UR_DECODE', `parts of different URs are mixed (ur:${type} and ur:${t})`)
      type = t
      parts++
      const body = bytewords.decodeMinimal(m[4]!)
      if (m[2] === undefined) {
        if (single !== null && !equal(single, body)) throw new AirsignError('QR_UR_DECODE', 'two different single-part URs were given')
        single = body
        return
      }
      const part = parsePart(body)
      if (String(part.seqNum) !== m[2] || String(part.seqLen) !== m[3]) {
        throw new AirsignError('QR_UR_DECODE', `multi-part UR: the header ${m[2]}-${m[3]} does not match the part's own numbers`)
      }
      if (part.seqNum < 1) throw new AirsignError('QR_UR_DECODE', 'multi-part UR: part numbers start at 1')
      decoder.receive(part)
    },
    result() {
      if (type === null) return null
      if (single !== null) return { type, cbor: single }
      const msg = decoder.result()
      return msg === null ? null : { type, cbor: msg }
    },
    progress: () => ({ parts, ...decoder.progress() }),
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
