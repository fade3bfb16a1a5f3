/**
 * ABI decoding, strict by default.
 *
 * Strict (the default): only the canonical encoding decodes, the one bytes
 * string a Solidity encoder would write for the values. Anything else stops
 * the decoder with a named reason (an `Issue`): dirty padding, a value out of
 * its type's range, a bool that is not 0/1, bytes after the arguments, an
 * offset that points backwards, into the head, at data read before (aliased)
 * or past a gap, offset and length words with high bits, lengths past the
 * data, invalid UTF-8, nesting or size bombs.
 *
 * Lenient: decodes what a Solidity contract would read from the same bytes
 * (ABI coder v1 clean-up: values masked or sign-extended to their type, any
 * nonzero bool true; offsets followed wherever they point inside the data;
 * bytes after the arguments ignored) and lists every difference from the
 * canonical encoding as an Issue. A lenient decoding is never "clear": the
 * review shows the issues and flags them. Bounds still hold in lenient mode:
 * an offset or length outside the data is fatal (a contract reverts too), and
 * the number of decoded values and bytes is capped (aliased offsets could
 * otherwise inflate 2 MB of input into gigabytes of output).
 * @see https://docs.soliditylang.org/en/latest/abi-spec.html
 * @module
 */
import { AirsignError } from '../errors.js'
import { bytesToBigint } from '../bytes.js'
import { headSize, isDynamic, type AbiType, type AbiValue, type Param } from './types.js'

/** Why an encoding is not canonical. Stable names: the review and tests use them. */
export const REASONS = [
  'DIRTY_PADDING', // nonzero bytes where the encoding pads with zeros (address, bytesN, bytes/string tails)
  'PADDING_MISSING', // the data ends inside the zero padding after bytes/string
  'VALUE_RANGE', // a uintN/intN word outside the type's range (not zero- or sign-extended)
  'BOOL_RANGE', // a bool word other than 0 or 1
  'TRAILING_BYTES', // bytes after the last argument
  'OFFSET_BACKWARD', // an offset that points into the head of its own tuple or before it
  'OFFSET_ALIASED', // an offset that points at bytes another value was read from
  'OFFSET_GAP', // an offset that skips bytes (unread bytes between tails)
  'OFFSET_RANGE', // an offset word with high bits, or pointing where not even one word fits before the end (fatal)
  'LENGTH_RANGE', // a length word with high bits, or a length that runs past the data (fatal)
  'DATA_SHORT', // the data ends inside a value (fatal)
  'BAD_UTF8', // a string that is not valid UTF-8
  'SIZE_LIMIT', // more values or bytes than the decoder's cap (fatal)
] as const
export type IssueReason = (typeof REASONS)[number]

/** One difference from the canonical encoding, with where it is. */
export type Issue = { readonly reason: IssueReason; readonly path: string; readonly message: string }

/** The reasons that make even a lenient decoding impossible (a contract would revert on them too). */
export const FATAL: ReadonlySet<IssueReason> = new Set(['OFFSET_RANGE', 'LENGTH_RANGE', 'DATA_SHORT', 'SIZE_LIMIT'])

export type DecodeOptions = {
  /** Decode what a contract would read and list the differences (default: strict, stop at the first). */
  readonly lenient?: boolean
  /** Most values (every element and component counts) decoded; default 100 000. */
  readonly maxValues?: number
  /** Most bytes and string bytes copied out; default 16 × the input + 64 KiB. */
  readonly maxBytes?: number
}

/**
 * The result: `values` (null when decoding stopped), every `issue` found
 * (strict: at most one), and `trailing`, the bytes after the last one read.
 */
export type Decoded = { readonly values: AbiValue[] | null; readonly issues: readonly Issue[]; readonly trailing: Uint8Array }

/** Thrown internally to stop decoding; never escapes this module. */
class Stop {
  readonly issue: Issue
  constructor(issue: Issue) {
    this.issue = issue
  }
}

// ignoreBOM: a leading U+FEFF is part of the string's value; by default TextDecoder drops it,
// and "\uFEFFabc" would decode as "abc" from bytes that are the canonical encoding of the former.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const UTF8_LOSSY = new TextDecoder('utf-8', { ignoreBOM: true })
const WORD = 32
const TWO = (bits: number) => 1n << BigInt(bits)

class State {
  readonly issues: Issue[] = []
  values = 0
  bytes = 0
  /** The highest byte index read + 1 (lenient: trailing bytes are after it). */
  maxRead = 0
  readonly data: Uint8Array
  readonly lenient: boolean
  readonly maxValues: number
  readonly maxBytes: number
  constructor(data: Uint8Array, lenient: boolean, maxValues: number, maxBytes: number) {
    this.data = data
    this.lenient = lenient
    this.maxValues = maxValues
    this.maxBytes = maxBytes
  }

  issue(reason: IssueReason, path: string, message: string): void {
    const i: Issue = { reason, path, message }
    if (!this.lenient || FATAL.has(reason)) throw new Stop(i)
    if (this.issues.length < 64) this.issues.push(i)
  }

  count(path: string, n = 1): void {
    this.values += n
    if (this.values > this.maxValues) throw new Stop({ reason: 'SIZE_LIMIT', path, message: `more than ${this.maxValues} values` })
  }

  /** Refuse before allocating `n` more values; they are counted as each is read. */
  reserve(path: string, n: number): void {
    if (this.values + n > this.maxValues) throw new Stop({ reason: 'SIZE_LIMIT', path, message: `more than ${this.maxValues} values` })
  }

  spend(path: string, n: number): void {
    this.bytes += n
    if (this.bytes > this.maxBytes) throw new Stop({ reason: 'SIZE_LIMIT', path, message: `more than ${this.maxBytes} bytes of decoded data` })
  }

  /** The 32-byte word at `at`. */
  word(at: number, path: string): Uint8Array {
    if (at + WORD > this.data.length) throw new Stop({ reason: 'DATA_SHORT', path, message: `the data ends at byte ${this.data.length}, inside the word at ${at}` })
    if (at + WORD > this.maxRead) this.maxRead = at + WORD
    return this.data.subarray(at, at + WORD)
  }
}

function allZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false
  return true
}

/** A word read as an offset or a length: must fit in the data (fatal otherwise). */
function smallWord(s: State, at: number, path: string, what: 'offset' | 'length'): number {
  const w = s.word(at, path)
  const n = bytesToBigint(w)
  if (n > BigInt(s.data.length)) {
    const reason = what === 'offset' ? 'OFFSET_RANGE' : 'LENGTH_RANGE'
    throw new Stop({ reason, path, message: `${what} ${n > 0xffffffffn ? `0x${n.toString(16)}` : n} is past the end of the data (${s.data.length} bytes)` })
  }
  return Number(n)
}

/** A static value in place at `at`. */
function readStatic(s: State, t: AbiType, at: number, path: string): AbiValue {
  switch (t.kind) {
    case 'uint': {
      s.count(path)
      const w = s.word(at, path)
      const n = bytesToBigint(w)
      if (n >= TWO(t.bits)) {
        s.issue('VALUE_RANGE', path, `uint${t.bits} word 0x${n.toString(16)} is out of range`)
        return n & (TWO(t.bits) - 1n)
      }
      return n
    }
    case 'int': {
      s.count(path)
      const n = bytesToBigint(s.word(at, path))
      // Canonical: the 256-bit two's complement sign-extension of an intN.
      const low = n & (TWO(t.bits) - 1n)
      const v = low >= TWO(t.bits - 1) ? low - TWO(t.bits) : low
      const canonical = v < 0n ? v + TWO(256) : v
      if (canonical !== n) s.issue('VALUE_RANGE', path, `int${t.bits} word 0x${n.toString(16)} is not sign-extended from ${t.bits} bits`)
      return v
    }
    case 'bool': {
      s.count(path)
      const n = bytesToBigint(s.word(at, path))
      if (n > 1n) s.issue('BOOL_RANGE', path, `bool word 0x${n.toString(16)} is neither 0 nor 1`)
      return n !== 0n
    }
    case 'address': {
      s.count(path)
      const w = s.word(at, path)
      if (!allZero(w.subarray(0, 12))) s.issue('DIRTY_PADDING', path, 'address word has nonzero upper 12 bytes')
      return w.slice(12)
    }
    case 'fixedBytes':
    case 'function': {
      s.count(path)
      const size = t.kind === 'function' ? 24 : t.size
      const w = s.word(at, path)
      if (!allZero(w.subarray(size))) s.issue('DIRTY_PADDING', path, `${t.kind === 'function' ? 'function' : `bytes${size}`} word has nonzero bytes after the first ${size}`)
      return w.slice(0, size)
    }
    case 'array': {
      s.count(path)
      const out: AbiValue[] = []
      const step = headSize(t.item)
      for (let i = 0; i < t.length!; i++) out.push(readStatic(s, t.item, at + i * step, `${path}[${i}]`))
      return out
    }
    case 'tuple': {
      s.count(path)
      const out: AbiValue[] = []
      let p = at
      t.components.forEach((c, i) => {
        out.push(readStatic(s, c.type, p, join(path, c.name, i)))
        p += headSize(c.type)
      })
      return out
    }
    default:
      throw new Error(`readStatic on the dynamic type ${t.kind}`)
  }
}

/** A path segment: the component's name, or its index in brackets. */
function join(path: string, name: string, i: number): string {
  const seg = name !== '' ? name : `[${i}]`
  if (path === '') return seg
  return seg.startsWith('[') ? path + seg : `${path}.${seg}`
}

/**
 * A sequence of values laid out head then tail from `start` (a tuple's
 * components, an array's elements). Returns the values and, in strict mode,
 * the byte after the last tail: the canonical end of this encoding.
 */
function readSequence(s: State, types: readonly AbiType[], names: readonly string[], start: number, path: string, bound: number): { values: AbiValue[]; end: number } {
  let head = start
  let headEnd = start
  for (const t of types) headEnd += headSize(t)
  if (headEnd > s.data.length) throw new Stop({ reason: 'DATA_SHORT', path, message: `the data ends at byte ${s.data.length}, inside a head that runs to ${headEnd}` })
  let expected = headEnd
  const values: AbiValue[] = []
  for (let i = 0; i < types.length; i++) {
    const t = types[i]!
    const p = join(path, names[i] ?? '', i)
    if (!isDynamic(t)) {
      values.push(readStatic(s, t, head, p))
      head += headSize(t)
      continue
    }
    const rel = smallWord(s, head, p, 'offset')
    head += WORD
    const at = start + rel
    // Every dynamic value starts with at least one word (a length, or a head holding an offset):
    // an offset with no room for it points past the data, whatever the gap or aliasing checks would say.
    if (at + WORD > s.data.length) throw new Stop({ reason: 'OFFSET_RANGE', path: p, message: `offset ${rel} from byte ${start} points past the end of the data (${s.data.length} bytes)` })
    if (at !== expected) {
      if (at < headEnd) s.issue('OFFSET_BACKWARD', p, `offset ${rel} points into the head of its ${start === 0 && path === '' ? 'arguments' : 'enclosing value'} (canonical: ${expected - start})`)
      else if (at < expected) s.issue('OFFSET_ALIASED', p, `offset ${rel} points at bytes read before (canonical: ${expected - start})`)
      else s.issue('OFFSET_GAP', p, `offset ${rel} skips ${at - expected} bytes (canonical: ${expected - start})`)
    }
    const { value, end } = readDynamic(s, t, at, p, bound)
    values.push(value)
    // Lenient: the canonical position of the next tail is after the farthest one seen.
    expected = Math.max(expected, end)
  }
  return { values, end: expected }
}

/** A dynamic value whose encoding starts at `at`. Returns it and the byte after its canonical encoding. */
function readDynamic(s: State, t: AbiType, at: number, path: string, bound: number): { value: AbiValue; end: number } {
  if (bound > 64) throw new Stop({ reason: 'SIZE_LIMIT', path, message: 'dynamic values nest deeper than 64' })
  switch (t.kind) {
    case 'bytes':
    case 'string': {
      s.count(path)
      const len = smallWord(s, at, path, 'length')
      const from = at + WORD
      if (from + len > s.data.length) throw new Stop({ reason: 'LENGTH_RANGE', path, message: `length ${len} runs past the end of the data (${s.data.length - from} bytes left)` })
      const padded = Math.ceil(len / WORD) * WORD
      const end = from + padded
      if (end > s.data.length) s.issue('PADDING_MISSING', path, `the padding of ${t.kind} is cut off: the data ends ${end - s.data.length} bytes short`)
      else if (!allZero(s.data.subarray(from + len, end))) s.issue('DIRTY_PADDING', path, `nonzero bytes in the padding after the ${len} bytes of ${t.kind}`)
      if (Math.min(end, s.data.length) > s.maxRead) s.maxRead = Math.min(end, s.data.length)
      s.spend(path, len)
      const raw = s.data.slice(from, from + len)
      if (t.kind === 'bytes') return { value: raw, end }
      try {
        return { value: UTF8.decode(raw), end }
      } catch {
        s.issue('BAD_UTF8', path, 'string is not valid UTF-8')
        return { value: UTF8_LOSSY.decode(raw), end }
      }
    }
    case 'array': {
      s.count(path)
      let start = at
      let length = t.length
      if (length === null) {
        length = smallWord(s, at, path, 'length')
        start = at + WORD
        // Every element takes at least its head: a length that cannot fit is refused before anything is allocated.
        const min = headSize(t.item)
        if (length * min > s.data.length - start) throw new Stop({ reason: 'LENGTH_RANGE', path, message: `array length ${length} needs ${length * min} bytes, ${s.data.length - start} left` })
      }
      s.reserve(path, length)
      const { values, end } = readSequence(s, new Array<AbiType>(length).fill(t.item), [], start, path, bound + 1)
      return { value: values, end }
    }
    case 'tuple': {
      s.count(path)
      const { values, end } = readSequence(
        s,
        t.components.map((c) => c.type),
        t.components.map((c) => c.name),
        at,
        path,
        bound + 1,
      )
      return { value: values, end }
    }
    default:
      throw new Error(`readDynamic on the static type ${t.kind}`)
  }
}

/**
 * Decode ABI-encoded values (a function's arguments without the selector).
 * @param params - the parameters (names label the issue paths)
 * @param data - the encoded bytes
 * @param opts - `lenient`, limits
 * @returns values, issues, trailing bytes; never throws for bad data
 * @example decode([{ name: 'x', type: { kind: 'uint', bits: 8 } }], word(257)).issues[0].reason // 'VALUE_RANGE'
 */
export function decode(params: readonly Param[], data: Uint8Array, opts: DecodeOptions = {}): Decoded {
  const s = new State(data, opts.lenient === true, opts.maxValues ?? 100_000, opts.maxBytes ?? 16 * data.length + 65536)
  try {
    const { values, end } = readSequence(
      s,
      params.map((p) => p.type),
      params.map((p) => p.name),
      0,
      '',
      0,
    )
    const last = s.lenient ? s.maxRead : end
    const trailing = data.slice(Math.min(last, data.length))
    if (trailing.length > 0) s.issue('TRAILING_BYTES', '', `${trailing.length} bytes after the arguments`)
    return { values, issues: s.issues, trailing }
  } catch (e) {
    if (!(e instanceof Stop)) throw e
    return { values: null, issues: [...s.issues, e.issue], trailing: new Uint8Array(0) }
  }
}

/**
 * Decode the canonical encoding only.
 * @throws AirsignError ABI_DECODE naming the reason and where
 */
export function decodeCanonical(params: readonly Param[], data: Uint8Array): AbiValue[] {
  const r = decode(params, data)
  if (r.values === null || r.issues.length > 0) throw issueError(r.issues[0]!)
  return r.values
}

/** The AirsignError for an issue: `ABI_DECODE`, message `REASON at path: …`. */
export function issueError(i: Issue): AirsignError {
  return new AirsignError('ABI_DECODE', `${i.reason}${i.path ? ` at ${i.path}` : ''}: ${i.message}`)
}
