/**
 * Differential fuzz of the ABI codec against viem and ethers v6.
 *
 * Canonical: random functions (types nested up to 4 deep: tuples of arrays of
 * tuples, fixed and dynamic arrays; every elementary type at its edges; random
 * or no parameter names; the signature written with random spacing and
 * `tuple(…)`/`(…)`) with random values. viem and ethers each encode the call
 * from a JSON ABI; the two calldata strings must be identical; airsign's
 * encodeCall must give the same bytes, its selector must equal viem's
 * toFunctionSelector and ethers' id(), its canonical signature ethers'
 * 'sighash' format; airsign's strict decode must give back exactly the
 * generated values with no issue.
 *
 * Mutated: from each canonical encoding, one mutation aimed at a word whose
 * role is known (found by an independent walk over the types and values, not
 * by the decoder) with the exact reason and path strict decoding must give,
 * and one blind mutation (trailing bytes, cuts, random byte flips). For every
 * mutant: strict decoding either returns values whose canonical encoding is
 * the mutant byte for byte, or values null and exactly one named issue;
 * lenient decoding reports the same first issue, never throws, and its
 * values (when not fatal) encode. The oracles' behaviour on mutants is not
 * asserted here: decode.test.ts pins it row by row (RESEARCH §3.5).
 *
 * The type `function` has no oracle (neither viem nor ethers encodes it);
 * decode.test.ts and encode.test.ts cover it.
 *
 * Seeded: AIRSIGN_DIFF_SEED replays another run; a failure names the seed,
 * the case, the signature and the bytes.
 * @module
 */
import { describe, expect, test } from 'vitest'
import { encodeFunctionData, toFunctionSelector, type Abi } from 'viem'
import { id, Interface } from 'ethers'
import { bytesToHex } from '../bytes.js'
import { prng, seed, type Rng } from '../test/prng.js'
import { decode, REASONS, type IssueReason } from './decode.js'
import { encode, encodeCall } from './encode.js'
import { canonicalType, headSize, isDynamic, parseJsonAbi, parseSignature, type AbiFunction, type AbiType, type AbiValue, type Param } from './types.js'

const SEED = seed(0xab1f022n)
const CHUNKS = 4
const PER_CHUNK = 550
const MAX_DEPTH = 4


/** What the run covered: the test at the end checks every elementary type and edge was drawn. */
const seen = { types: new Set<string>(), edges: new Set<string>(), mutations: new Map<string, number>(), cases: 0, mutants: 0 }

const ELEMENTARY: AbiType[] = [
  ...Array.from({ length: 32 }, (_, i): AbiType => ({ kind: 'uint', bits: 8 * (i + 1) })),
  ...Array.from({ length: 32 }, (_, i): AbiType => ({ kind: 'int', bits: 8 * (i + 1) })),
  ...Array.from({ length: 32 }, (_, i): AbiType => ({ kind: 'fixedBytes', size: i + 1 })),
  { kind: 'address' },
  { kind: 'address' },
  { kind: 'bool' },
  { kind: 'bool' },
  { kind: 'bytes' },
  { kind: 'bytes' },
  { kind: 'bytes' },
  { kind: 'string' },
  { kind: 'string' },
  { kind: 'string' },
]

// Words airsign's signature parser reads as modifiers or keywords: not usable as generated names.
const RESERVED = new Set(['memory', 'calldata', 'storage', 'indexed', 'payable', 'returns', 'tuple', 'function'])
const NAME_START = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$'
const NAME_REST = NAME_START + '0123456789'

function randName(r: Rng): string {
  for (;;) {
    let s = NAME_START[r.int(NAME_START.length)]!
    const n = r.int(9)
    for (let i = 0; i < n; i++) s += NAME_REST[r.int(NAME_REST.length)]!
    if (!RESERVED.has(s)) return s
  }
}

/** Names for a list: all unnamed, all named, or a mix (unique within the list). */
function randNames(r: Rng, n: number): string[] {
  const mode = r.int(3)
  const used = new Set<string>()
  return Array.from({ length: n }, () => {
    if (mode === 0 || (mode === 2 && r.int(2) === 0)) return ''
    let s = randName(r)
    while (used.has(s)) s = randName(r)
    used.add(s)
    return s
  })
}

/** A random type; composites get rarer with depth, and none below MAX_DEPTH levels. */
function randType(r: Rng, depth: number): AbiType {
  if (depth >= MAX_DEPTH || r.int(10) >= 4 - (depth >> 1)) return r.pick(ELEMENTARY)
  switch (r.int(4)) {
    case 0:
      return { kind: 'array', item: randType(r, depth + 1), length: null }
    case 1:
      return { kind: 'array', item: randType(r, depth + 1), length: 1 + r.int(3) }
    default: {
      const n = 1 + r.int(4)
      const names = randNames(r, n)
      return { kind: 'tuple', components: names.map((name) => ({ name, type: randType(r, depth + 1) })) }
    }
  }
}

/** The most leaf values a type can hold here (dynamic arrays hold at most 3 elements). */
function maxLeaves(t: AbiType): number {
  if (t.kind === 'array') return (t.length ?? 3) * maxLeaves(t.item)
  if (t.kind === 'tuple') return t.components.reduce((n, c) => n + maxLeaves(c.type), 0)
  return 1
}

function randParams(r: Rng): Param[] {
  for (;;) {
    const n = r.int(7)
    const names = randNames(r, n)
    const ps = names.map((name) => ({ name, type: randType(r, 0) }))
    if (ps.reduce((k, p) => k + maxLeaves(p.type), 0) <= 150) return ps
  }
}

const STRINGS = ['', 'a', 'hello world', 'é', '€', '😀', '中文字符', 'e\u0301', '\ufeff', '\ufeffabc', '\u0000', 'nul\u0000in', '\u202eevil', '﷽', 'Ω≈ç√∫', '\u{10ffff}', '\u{1f469}\u200d\u{1f4bb}']

function randString(r: Rng): string {
  switch (r.int(4)) {
    case 0:
      return r.pick(STRINGS)
    case 1: {
      // Mixed: pieces of every UTF-8 length (1 to 4 bytes), up to a few hundred bytes.
      const n = r.int(r.int(4) === 0 ? 120 : 20)
      let s = ''
      for (let i = 0; i < n; i++) s += r.pick(STRINGS) + String.fromCodePoint(r.pick([0x20 + r.int(95), 0x80 + r.int(0x780), 0x800 + r.int(0xd000), 0x10000 + r.int(0xfffff)]))
      return s
    }
    case 2:
      return 'x'.repeat(r.pick([31, 32, 33, 64, 65]))
    default:
      return Array.from({ length: r.int(40) }, () => String.fromCharCode(0x20 + r.int(95))).join('')
  }
}

function edgeUint(r: Rng, bits: number): bigint {
  const max = (1n << BigInt(bits)) - 1n
  const k = r.int(7)
  seen.edges.add(`uint${bits}:${['0', '1', 'max', 'max-1', 'half', 'random', 'small'][k]}`)
  return [0n, 1n, max, max - 1n, 1n << BigInt(bits - 1), r.big(max), r.big(255n) & max][k]!
}

function edgeInt(r: Rng, bits: number): bigint {
  const half = 1n << BigInt(bits - 1)
  const k = r.int(8)
  seen.edges.add(`int${bits}:${['min', 'min+1', '-1', '0', '1', 'max', 'random', 'small'][k]}`)
  return [-half, -half + 1n, -1n, 0n, 1n, half - 1n, r.big(2n * half - 1n) - half, BigInt(r.int(256)) - 128n][k]!
}

function randBytes(r: Rng): Uint8Array {
  return r.bytes(r.pick([0, 0, 1, 20, 31, 32, 33, 64, 65, r.int(100), r.int(300)]))
}

function randValue(r: Rng, t: AbiType): AbiValue {
  seen.types.add(canonicalType(t).replace(/[[(].*/, '') || 'tuple')
  switch (t.kind) {
    case 'uint':
      return edgeUint(r, t.bits)
    case 'int':
      return edgeInt(r, t.bits)
    case 'bool':
      return r.int(2) === 0
    case 'address':
      return r.int(8) === 0 ? new Uint8Array(20) : r.int(8) === 0 ? new Uint8Array(20).fill(0xff) : r.bytes(20)
    case 'fixedBytes':
      return r.int(6) === 0 ? new Uint8Array(t.size) : r.bytes(t.size)
    case 'function':
      return r.bytes(24)
    case 'bytes':
      return randBytes(r)
    case 'string':
      return randString(r)
    case 'array': {
      const n = t.length ?? r.pick([0, 1, 2, 3])
      return Array.from({ length: n }, () => randValue(r, t.item))
    }
    case 'tuple':
      return t.components.map((c) => randValue(r, c.type))
  }
}

/** The type as a JSON ABI parameter, the way solc writes it. */
function jsonParam(name: string, t: AbiType): Record<string, unknown> {
  let base = t
  let suffix = ''
  while (base.kind === 'array') {
    suffix = `[${base.length ?? ''}]` + suffix
    base = base.item
  }
  if (base.kind === 'tuple') return { name, type: 'tuple' + suffix, components: base.components.map((c) => jsonParam(c.name, c.type)) }
  return { name, type: canonicalType(base) + suffix }
}

/** The type as human-readable text, with random spacing, `tuple(` or `(`, and aliases (uint, int, byte). */
function textType(r: Rng, t: AbiType): string {
  const sep = (): string => r.pick([',', ', ', ' ,', ' , '])
  switch (t.kind) {
    case 'array':
      return `${textType(r, t.item)}${r.pick(['', ' '])}[${t.length ?? ''}]`
    case 'tuple':
      return `${r.pick(['(', 'tuple(', '( '])}${t.components.map((c) => textType(r, c.type) + (c.name ? ' ' + c.name : '')).join(sep())}${r.pick([')', ' )'])}`
    case 'uint':
    case 'int':
      return t.bits === 256 && r.int(3) === 0 ? t.kind : `${t.kind}${t.bits}`
    case 'fixedBytes':
      return t.size === 1 && r.int(3) === 0 ? 'byte' : `bytes${t.size}`
    default:
      return canonicalType(t)
  }
}

function textSignature(r: Rng, name: string, ps: readonly Param[]): string {
  const params = ps
    .map((p) => {
      const mod = isDynamic(p.type) && r.int(4) === 0 ? ` ${r.pick(['memory', 'calldata'])}` : ''
      return textType(r, p.type) + mod + (p.name ? ' ' + p.name : '')
    })
    .join(r.pick([',', ', ']))
  return `${r.pick(['', 'function '])}${name}(${params})${r.pick(['', ' external', ' external payable', ' public returns (bool)'])}`
}

/** A value as viem and ethers take it: hex strings for bytes and addresses, bigints, arrays for tuples. */
function toOracle(t: AbiType, v: AbiValue): unknown {
  switch (t.kind) {
    case 'address':
    case 'fixedBytes':
    case 'function':
    case 'bytes':
      return bytesToHex(v as Uint8Array)
    case 'array':
      return (v as AbiValue[]).map((x) => toOracle(t.item, x))
    case 'tuple':
      return (v as AbiValue[]).map((x, i) => toOracle(t.components[i]!.type, x))
    default:
      return v
  }
}

/** A value in one comparable text: bigint as 123n, bytes as hex, strings JSON-quoted. */
function norm(v: AbiValue | null): string {
  if (v === null) return 'null'
  if (typeof v === 'bigint') return `${v}n`
  if (v instanceof Uint8Array) return bytesToHex(v)
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'boolean') return String(v)
  return `[${v.map(norm).join(',')}]`
}

/** A generated case: the function (parsed from its text), its JSON ABI, values, and the canonical encoding. */
type Case = { fn: AbiFunction; text: string; abi: Record<string, unknown>; values: AbiValue[]; calldata: Uint8Array }

function makeCase(r: Rng): Omit<Case, 'calldata'> {
  const name = randName(r)
  const inputs = randParams(r)
  const text = textSignature(r, name, inputs)
  const abi = { type: 'function', name, stateMutability: 'nonpayable', inputs: inputs.map((p) => jsonParam(p.name, p.type)), outputs: [] }
  return { fn: parseSignature(text), text, abi, values: inputs.map((p) => randValue(r, p.type)) }
}

/** Check one case against the oracles; returns the list of what differed. */
function checkCanonical(c: Omit<Case, 'calldata'>): { problems: string[]; calldata: Uint8Array } {
  const problems: string[] = []
  const { fn, abi, values } = c
  const fromJson = parseJsonAbi([abi])[0]!
  if (norm([fromJson.signature, fromJson.selector]) !== norm([fn.signature, fn.selector]) || JSON.stringify(fromJson.inputs) !== JSON.stringify(fn.inputs)) problems.push(`JSON ABI parses to ${fromJson.signature}, the text to ${fn.signature}`)
  const args = fn.inputs.map((p, i) => toOracle(p.type, values[i]!))
  const viem = encodeFunctionData({ abi: [abi] as unknown as Abi, functionName: fn.name, args } as never)
  const iface = new Interface([abi])
  const ethers = iface.encodeFunctionData(fn.name, args)
  if (viem !== ethers) problems.push(`viem and ethers differ:\n  viem   ${viem}\n  ethers ${ethers}`)
  const ours = bytesToHex(encodeCall(fn, values))
  if (ours !== viem) problems.push(`airsign encodes ${ours}, viem ${viem}`)
  const sel = bytesToHex(fn.selector)
  if (sel !== toFunctionSelector(fn.signature) || sel !== id(fn.signature).slice(0, 10) || sel !== viem.slice(0, 10)) problems.push(`selector ${sel} (viem ${toFunctionSelector(fn.signature)}, ethers ${id(fn.signature).slice(0, 10)})`)
  const sighash = iface.getFunction(fn.name)!.format('sighash')
  if (sighash !== fn.signature) problems.push(`signature ${fn.signature}, ethers ${sighash}`)
  const calldata = encodeCall(fn, values)
  const d = decode(fn.inputs, calldata.subarray(4))
  if (d.issues.length > 0 || norm(d.values) !== norm(values)) problems.push(`strict decode: ${norm(d.values)} ${JSON.stringify(d.issues)}; generated ${norm(values)}`)
  return { problems, calldata }
}

/** A word or range whose role in the canonical encoding is known. */
type Slot =
  | { role: 'static'; type: AbiType; at: number; path: string }
  | { role: 'offset'; at: number; target: number; headEnd: number; earlier: number[]; path: string }
  | { role: 'length'; at: number; of: 'bytes' | 'string' | 'array'; start: number; itemHead: number; path: string }
  | { role: 'data'; at: number; len: number; string: boolean; path: string }

/** The issue path of a component or element, as the decoder names it: the name, else [i]. */
function join(path: string, name: string, i: number): string {
  const seg = name !== '' ? name : `[${i}]`
  if (path === '') return seg
  return seg.startsWith('[') ? path + seg : `${path}.${seg}`
}

/** Encoded size of a value (heads and tails), from its type and value alone. */
function size(t: AbiType, v: AbiValue): number {
  if (!isDynamic(t)) return headSize(t)
  if (t.kind === 'bytes') return 32 + Math.ceil((v as Uint8Array).length / 32) * 32
  if (t.kind === 'string') return 32 + Math.ceil(new TextEncoder().encode(v as string).length / 32) * 32
  if (t.kind === 'array') {
    const items = v as AbiValue[]
    return (t.length === null ? 32 : 0) + seqSize(items.map(() => t.item), items)
  }
  const tt = t as AbiType & { kind: 'tuple' }
  return seqSize(
    tt.components.map((c) => c.type),
    v as AbiValue[],
  )
}

function seqSize(types: readonly AbiType[], values: readonly AbiValue[]): number {
  return types.reduce((n, t, i) => n + headSize(t) + (isDynamic(t) ? size(t, values[i]!) : 0), 0)
}

/** Walk a sequence laid out from `start` and list the role of every word. */
function walkSeq(types: readonly AbiType[], names: readonly string[], values: readonly AbiValue[], start: number, path: string, out: Slot[]): void {
  const headEnd = start + types.reduce((n, t) => n + headSize(t), 0)
  let head = start
  let tail = headEnd
  const earlier: number[] = []
  types.forEach((t, i) => {
    const p = join(path, names[i] ?? '', i)
    if (isDynamic(t)) {
      out.push({ role: 'offset', at: head, target: tail, headEnd, earlier: [...earlier], path: p })
      walkValue(t, values[i]!, tail, p, out)
      earlier.push(tail)
      tail += size(t, values[i]!)
    } else {
      walkValue(t, values[i]!, head, p, out)
    }
    head += headSize(t)
  })
}

function walkValue(t: AbiType, v: AbiValue, at: number, path: string, out: Slot[]): void {
  switch (t.kind) {
    case 'bytes':
    case 'string': {
      const len = t.kind === 'string' ? new TextEncoder().encode(v as string).length : (v as Uint8Array).length
      out.push({ role: 'length', at, of: t.kind, start: at + 32, itemHead: 1, path })
      out.push({ role: 'data', at: at + 32, len, string: t.kind === 'string', path })
      return
    }
    case 'array': {
      const items = v as AbiValue[]
      let start = at
      if (t.length === null) {
        out.push({ role: 'length', at, of: 'array', start: at + 32, itemHead: headSize(t.item), path })
        start += 32
      }
      walkSeq(
        items.map(() => t.item),
        [],
        items,
        start,
        path,
        out,
      )
      return
    }
    case 'tuple':
      walkSeq(
        t.components.map((c) => c.type),
        t.components.map((c) => c.name),
        v as AbiValue[],
        at,
        path,
        out,
      )
      return
    default:
      out.push({ role: 'static', type: t, at, path })
  }
}

const setWord = (b: Uint8Array, at: number, n: bigint): void => {
  for (let i = 31; i >= 0; i--) {
    b[at + i] = Number(n & 0xffn)
    n >>= 8n
  }
}
const readWord = (b: Uint8Array, at: number): bigint => b.subarray(at, at + 32).reduce((n, x) => (n << 8n) | BigInt(x), 0n)
const nonzero = (r: Rng): number => 1 + r.int(255)

/** A mutant: the bytes, what was done, and the exact issue strict decoding must report (null: any named one, or canonical). */
type Mutant = { kind: string; data: Uint8Array; expect: { reason: IssueReason; path: string } | null; reasons?: readonly IssueReason[] }

/** One mutation aimed at a slot of known role, with the reason it must cause. Null when the slot allows none. */
function aimed(r: Rng, enc: Uint8Array, s: Slot): Mutant | null {
  const m = enc.slice()
  const want = (kind: string, reason: IssueReason): Mutant => ({ kind, data: m, expect: { reason, path: s.path } })
  switch (s.role) {
    case 'static': {
      const t = s.type
      if (t.kind === 'address') {
        m[s.at + r.int(12)] = nonzero(r)
        return want('address padding byte', 'DIRTY_PADDING')
      }
      if (t.kind === 'fixedBytes' && t.size < 32) {
        m[s.at + t.size + r.int(32 - t.size)] = nonzero(r)
        return want(`bytesN padding byte`, 'DIRTY_PADDING')
      }
      if (t.kind === 'uint' && t.bits < 256) {
        // Any bit above N: a high byte set, or the one bit just above.
        if (r.int(2) === 0) m[s.at + r.int(32 - t.bits / 8)] = nonzero(r)
        else setWord(m, s.at, readWord(m, s.at) | (1n << BigInt(t.bits)))
        return want('uintN high bits', 'VALUE_RANGE')
      }
      if (t.kind === 'int' && t.bits < 256) {
        // The bytes above N are all 00 or all ff (the sign); changing any breaks the sign extension.
        const i = s.at + r.int(32 - t.bits / 8)
        m[i] = m[i]! ^ nonzero(r)
        return want('intN sign extension', 'VALUE_RANGE')
      }
      if (t.kind === 'bool') {
        setWord(m, s.at, r.pick([2n, 3n, 0xffn, 0x100n, 1n << 255n, (1n << 256n) - 1n, 2n + r.big(1n << 200n)]))
        return want('bool = 2 or more', 'BOOL_RANGE')
      }
      return null
    }
    case 'data': {
      const padEnd = Math.ceil(s.len / 32) * 32
      if (s.string && s.len > 0 && r.int(2) === 0) {
        // Bytes that occur in no valid UTF-8 text.
        m[s.at + r.int(s.len)] = r.pick([0xff, 0xfe, 0xc0, 0xc1, 0xf5, 0xf8])
        return want('invalid UTF-8', 'BAD_UTF8')
      }
      if (padEnd > s.len) {
        m[s.at + s.len + r.int(padEnd - s.len)] = nonzero(r)
        return want('tail padding byte', 'DIRTY_PADDING')
      }
      return null
    }
    case 'offset': {
      const rel = readWord(m, s.at)
      const start = s.target - Number(rel)
      const k = s.earlier.length > 0 && r.int(3) === 0 ? 3 : r.int(5)
      if (k === 0) {
        setWord(m, s.at, rel | (1n << BigInt(32 + r.int(224))))
        return want('offset high bit', 'OFFSET_RANGE')
      }
      if (k === 1) {
        const to = s.target + 32 * (1 + r.int(3))
        setWord(m, s.at, BigInt(to - start))
        return want('offset bumped', to + 32 > m.length ? 'OFFSET_RANGE' : 'OFFSET_GAP')
      }
      if (k === 2) {
        const to = s.target - 32 * (1 + r.int(2))
        if (to < start) return null
        setWord(m, s.at, BigInt(to - start))
        return want('offset lowered', to < s.headEnd ? 'OFFSET_BACKWARD' : 'OFFSET_ALIASED')
      }
      if (k === 3 && s.earlier.length > 0) {
        setWord(m, s.at, BigInt(r.pick(s.earlier) - start))
        return want('offset aliased to an earlier sibling', 'OFFSET_ALIASED')
      }
      setWord(m, s.at, BigInt(r.int(Math.max(1, (s.headEnd - start) / 32)) * 32))
      return want('offset into the head', 'OFFSET_BACKWARD')
    }
    case 'length': {
      const len = readWord(m, s.at)
      if (len > 0n && r.int(3) === 0) {
        // Shorter: the cut-off data turns into padding or unread bytes; what strict says depends on
        // those bytes (it may even be canonical), so only the invariants are checked.
        setWord(m, s.at, len - 1n - r.big(len - 1n))
        return { kind: 'length lowered', data: m, expect: null }
      }
      if (r.int(2) === 0) {
        setWord(m, s.at, readWord(m, s.at) | (1n << BigInt(32 + r.int(224))))
        return want('length high bit', 'LENGTH_RANGE')
      }
      // The smallest length that cannot fit in what is left after the length word, and a little more.
      const left = m.length - s.start
      setWord(m, s.at, BigInt(Math.floor(left / s.itemHead) + 1 + r.int(40)))
      return want('length past the data', 'LENGTH_RANGE')
    }
  }
}

/** A blind mutation: no role known; only the cut and the trailing bytes have a known outcome. */
function blind(r: Rng, enc: Uint8Array): Mutant {
  const k = r.int(4)
  if (k === 0 || enc.length === 0) {
    const extra = r.bytes(1 + r.int(64))
    const m = new Uint8Array(enc.length + extra.length)
    m.set(enc)
    m.set(extra, enc.length)
    return { kind: 'trailing bytes', data: m, expect: { reason: 'TRAILING_BYTES', path: '' } }
  }
  if (k === 1) {
    const cut = 1 + r.int(Math.min(enc.length, r.int(2) === 0 ? 64 : enc.length))
    return { kind: 'cut', data: enc.slice(0, enc.length - cut), expect: null, reasons: ['DATA_SHORT', 'LENGTH_RANGE', 'OFFSET_RANGE', 'PADDING_MISSING'] }
  }
  const m = enc.slice()
  const n = 1 + r.int(k === 2 ? 1 : 4)
  for (let i = 0; i < n; i++) m[r.int(m.length)] = r.int(256)
  return { kind: k === 2 ? 'one random byte' : 'random bytes', data: m, expect: null }
}

/** Check one mutant against the invariants; returns what failed. */
function checkMutant(params: readonly Param[], mu: Mutant): string[] {
  const problems: string[] = []
  let strict, lenient
  try {
    strict = decode(params, mu.data)
    lenient = decode(params, mu.data, { lenient: true })
  } catch (e) {
    return [`decode threw ${String(e)}`]
  }
  if (strict.values !== null) {
    if (strict.issues.length > 0) problems.push(`strict values with issues ${JSON.stringify(strict.issues)}`)
    let again = ''
    try {
      again = bytesToHex(encode(params, strict.values))
    } catch (e) {
      again = String(e)
    }
    if (again !== bytesToHex(mu.data)) problems.push(`strict accepted bytes that are not the canonical encoding of ${norm(strict.values)}`)
    if (norm(lenient.values) !== norm(strict.values) || lenient.issues.length > 0) problems.push(`lenient differs on a canonical input: ${JSON.stringify(lenient.issues)}`)
  } else {
    if (strict.issues.length !== 1 || !REASONS.includes(strict.issues[0]!.reason)) problems.push(`strict refused with ${JSON.stringify(strict.issues)}`)
    // Lenient reads the same words in the same order up to the first difference.
    else if (JSON.stringify(lenient.issues[0]) !== JSON.stringify(strict.issues[0])) problems.push(`lenient's first issue ${JSON.stringify(lenient.issues[0])}, strict's ${JSON.stringify(strict.issues[0])}`)
    if (lenient.values !== null) {
      try {
        const again = encode(params, lenient.values)
        const back = decode(params, again)
        if (norm(back.values) !== norm(lenient.values)) problems.push(`lenient values do not survive a round trip: ${norm(lenient.values)}`)
      } catch (e) {
        problems.push(`lenient values do not encode: ${String(e)}`)
      }
    } else if (!lenient.issues.some((i) => ['OFFSET_RANGE', 'LENGTH_RANGE', 'DATA_SHORT', 'SIZE_LIMIT'].includes(i.reason))) {
      problems.push(`lenient stopped without a fatal issue: ${JSON.stringify(lenient.issues)}`)
    }
  }
  const got = strict.issues[0] ? { reason: strict.issues[0].reason, path: strict.issues[0].path } : null
  if (mu.expect !== null && JSON.stringify(got) !== JSON.stringify(mu.expect)) problems.push(`${mu.kind}: expected ${JSON.stringify(mu.expect)}, got ${JSON.stringify(strict.issues)}`)
  if (mu.reasons && (got === null || !mu.reasons.includes(got.reason))) problems.push(`${mu.kind}: expected one of ${mu.reasons.join(' ')}, got ${JSON.stringify(strict.issues)}`)
  return problems
}

describe(`ABI differential fuzz against viem and ethers, seed 0x${SEED.toString(16)}`, () => {
  test.each(Array.from({ length: CHUNKS }, (_, i) => i))(`chunk %i: ${PER_CHUNK} random functions, canonical then mutated`, (chunk) => {
    const r = prng(SEED + BigInt(chunk) * 0x1000003n)
    const failures: string[] = []
    for (let i = 0; i < PER_CHUNK && failures.length < 5; i++) {
      const c = makeCase(r)
      const { problems, calldata } = checkCanonical(c)
      seen.cases++
      const where = `seed 0x${SEED.toString(16)} chunk ${chunk} case ${i}: ${c.text}\n  values ${norm(c.values)}`
      if (problems.length > 0) {
        failures.push(`${where}\n  ${problems.join('\n  ')}`)
        continue
      }
      const enc = calldata.subarray(4)
      const slots: Slot[] = []
      walkSeq(
        c.fn.inputs.map((p) => p.type),
        c.fn.inputs.map((p) => p.name),
        c.values,
        0,
        '',
        slots,
      )
      // One blind mutation, and up to three aimed ones: a role first (so the rarer roles, strings
      // and offsets, are hit as often as the many static words), then a slot of that role.
      const mutants: Mutant[] = [blind(r, enc)]
      const roles = [...new Set(slots.map((s) => (s.role === 'data' && s.string ? 'string' : s.role)))]
      for (let tries = 0; tries < 8 && mutants.length < 4 && slots.length > 0; tries++) {
        const role = r.pick(roles)
        const mu = aimed(r, enc, r.pick(slots.filter((s) => (s.role === 'data' && s.string ? 'string' : s.role) === role)))
        if (mu) mutants.push(mu)
      }
      for (const mu of mutants) {
        seen.mutants++
        seen.mutations.set(mu.kind, (seen.mutations.get(mu.kind) ?? 0) + 1)
        const p = checkMutant(c.fn.inputs, mu)
        if (p.length > 0) failures.push(`${where}\n  mutant (${mu.kind}) ${bytesToHex(mu.data)}\n  ${p.join('\n  ')}`)
      }
    }
    expect(failures).toEqual([])
  })

  test('the run covered what it claims: counts, every elementary type, every edge, every mutation kind', () => {
    expect(seen.cases).toBe(CHUNKS * PER_CHUNK)
    expect(seen.mutants).toBeGreaterThanOrEqual(3 * 2000)
    const want = [...Array.from({ length: 32 }, (_, i) => [`uint${8 * (i + 1)}`, `int${8 * (i + 1)}`, `bytes${i + 1}`]).flat(), 'address', 'bool', 'bytes', 'string', 'tuple']
    expect(want.filter((t) => !seen.types.has(t))).toEqual([])
    const edges = Array.from({ length: 32 }, (_, i) => 8 * (i + 1)).flatMap((b) => [`uint${b}:0`, `uint${b}:1`, `uint${b}:max`, `int${b}:min`, `int${b}:-1`, `int${b}:0`, `int${b}:max`])
    expect(edges.filter((e) => !seen.edges.has(e))).toEqual([])
    const kinds = [
      'address padding byte',
      'bytesN padding byte',
      'uintN high bits',
      'intN sign extension',
      'bool = 2 or more',
      'invalid UTF-8',
      'tail padding byte',
      'offset high bit',
      'offset bumped',
      'offset lowered',
      'offset aliased to an earlier sibling',
      'offset into the head',
      'length high bit',
      'length past the data',
      'length lowered',
      'trailing bytes',
      'cut',
      'one random byte',
      'random bytes',
    ]
    expect(kinds.filter((k) => (seen.mutations.get(k) ?? 0) < 20)).toEqual([])
    expect([...seen.mutations.keys()].filter((k) => !kinds.includes(k))).toEqual([])
  })
})
