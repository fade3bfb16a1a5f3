/**
 * The subset of CBOR (RFC 8949) that the UR registry types use: unsigned and
 * negative integers, byte strings, text strings, arrays, maps, tags, booleans
 * and null, all with definite lengths. Encoding is deterministic (shortest
 * head, map keys in the order given); decoding refuses indefinite lengths,
 * floats, duplicate map keys and trailing bytes (a longer-than-needed head is
 * accepted: other encoders write them and nothing here hashes the encoding).
 * @see https://www.rfc-editor.org/rfc/rfc8949
 * @see https://github.com/BlockchainCommons/Research/blob/master/papers/bcr-2020-005-ur.md
 * @module
 */
import { AirsignError } from '../errors.js'

/** A CBOR tag wrapping a value. */
export type Tagged = { readonly tag: number; readonly value: Value }
/** A decoded CBOR value. Integers are bigint; maps keep their keys in order. */
export type Value = bigint | Uint8Array | string | boolean | null | readonly Value[] | CborMap | Tagged
/** A CBOR map. */
export type CborMap = Map<Value, Value>

/** Nesting limit: a crafted input must not blow the stack. */
const MAX_DEPTH = 32

/**
 * A tagged value.
 * @example tagged(37, uuidBytes)
 */
export function tagged(tag: number, value: Value): Tagged {
  return { tag, value }
}

/** Is this value a tag (and not a map, array or byte string)? */
export function isTagged(v: Value | undefined): v is Tagged {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !(v instanceof Map) && !Array.isArray(v)
}

// Major type (3 bits) || additional information (5 bits), then 0/1/2/4/8 bytes of argument, big-endian.
function head(major: number, n: bigint, out: number[]): void {
  const m = major << 5
  if (n < 24n) out.push(m | Number(n))
  else if (n < 0x100n) out.push(m | 24, Number(n))
  else if (n < 0x10000n) out.push(m | 25, Number(n >> 8n), Number(n & 0xffn))
  else if (n < 0x100000000n) out.push(m | 26, ...[24n, 16n, 8n, 0n].map((s) => Number((n >> s) & 0xffn)))
  else out.push(m | 27, ...[56n, 48n, 40n, 32n, 24n, 16n, 8n, 0n].map((s) => Number((n >> s) & 0xffn)))
}

function put(v: Value, out: number[]): void {
  if (typeof v === 'bigint') {
    if (v >= 0n) head(0, v, out)
    else head(1, -1n - v, out)
  } else if (v instanceof Uint8Array) {
    head(2, BigInt(v.length), out)
    for (const b of v) out.push(b)
  } else if (typeof v === 'string') {
    const b = new TextEncoder().encode(v)
    head(3, BigInt(b.length), out)
    for (const x of b) out.push(x)
  } else if (typeof v === 'boolean') {
    out.push(v ? 0xf5 : 0xf4)
  } else if (v === null) {
    out.push(0xf6)
  } else if (Array.isArray(v)) {
    head(4, BigInt(v.length), out)
    for (const x of v) put(x, out)
  } else if (v instanceof Map) {
    head(5, BigInt(v.size), out)
    for (const [k, x] of v) {
      put(k, out)
      put(x, out)
    }
  } else {
    const t = v as Tagged
    head(6, BigInt(t.tag), out)
    put(t.value, out)
  }
}

/**
 * Encode a value.
 * @param v - the value
 * @returns its CBOR bytes
 * @example encode(new Map([[1n, 2n]])) // Uint8Array [0xa1, 0x01, 0x02]
 */
export function encode(v: Value): Uint8Array {
  const out: number[] = []
  put(v, out)
  return Uint8Array.from(out)
}

function bad(message: string): never {
  throw new AirsignError('QR_UR_DECODE', `CBOR: ${message}`)
}

/**
 * Decode exactly one CBOR value that spans all of `bytes`.
 * @param bytes - the encoding
 * @returns the value
 * @throws AirsignError QR_UR_DECODE on malformed or unsupported CBOR
 */
export function decode(bytes: Uint8Array): Value {
  let pos = 0
  const arg = (info: number): bigint => {
    if (info < 24) return BigInt(info)
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0
    if (size === 0) bad(info === 31 ? 'indefinite lengths are not supported' : 'reserved additional information')
    if (pos + size > bytes.length) bad('truncated')
    let n = 0n
    for (let i = 0; i < size; i++) n = (n << 8n) | BigInt(bytes[pos++]!)
    return n
  }
  const length = (info: number): number => {
    const n = arg(info)
    if (n > BigInt(bytes.length - pos)) bad('length runs past the end')
    return Number(n)
  }
  const item = (depth: number): Value => {
    if (depth > MAX_DEPTH) bad('nested too deeply')
    if (pos >= bytes.length) bad('truncated')
    const ib = bytes[pos++]!
    const major = ib >> 5
    const info = ib & 0x1f
    switch (major) {
      case 0:
        return arg(info)
      case 1:
        return -1n - arg(info)
      case 2: {
        const n = length(info)
        const b = bytes.slice(pos, pos + n)
        pos += n
        return b
      }
      case 3: {
        const n = length(info)
        const b = bytes.subarray(pos, pos + n)
        pos += n
        try {
          return new TextDecoder('utf-8', { fatal: true }).decode(b)
        } catch {
          return bad('text string is not valid UTF-8')
        }
      }
      case 4: {
        const n = length(info)
        const a: Value[] = []
        for (let i = 0; i < n; i++) a.push(item(depth + 1))
        return a
      }
      case 5: {
        const n = length(info)
        const m: CborMap = new Map()
        for (let i = 0; i < n; i++) {
          const k = item(depth + 1)
          if (typeof k !== 'bigint' && typeof k !== 'string') bad('map keys must be integers or text')
          if (m.has(k)) bad('duplicate map key')
          m.set(k, item(depth + 1))
        }
        return m
      }
      case 6: {
        const t = arg(info)
        if (t > 0xffffffffn) bad('tag out of range')
        return { tag: Number(t), value: item(depth + 1) }
      }
      default:
        if (info === 20) return false
        if (info === 21) return true
        if (info === 22) return null
        return bad('floats and simple values are not supported')
    }
  }
  const v = item(0)
  if (pos !== bytes.length) bad('trailing bytes after the value')
  return v
}
