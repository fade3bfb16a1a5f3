/**
 * Solidity ABI types: the type model, the parser for type strings and
 * human-readable signatures (`transfer(address to, uint256 amount)`, with
 * `tuple(…)`, `(…)`, `memory`/`calldata`, `function … returns …`), JSON ABI
 * entries, canonical signatures and 4-byte selectors.
 *
 * Refused at parse time, each with a message that names the type: unknown
 * elementary types, `uintN`/`intN` with N not a multiple of 8 in 8…256,
 * `bytesN` with N outside 1…32, fixed-point `(u)fixedMxN` (no Solidity
 * compiler accepts them as parameters; no oracle decodes them), zero-sized
 * types (`T[0]` and the empty tuple `()` as a value: 64 bytes of input could
 * then stand for 2^32 elements), nesting deeper than MAX_TYPE_DEPTH.
 * @see https://docs.soliditylang.org/en/latest/abi-spec.html
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { AirsignError } from '../errors.js'
import { utf8ToBytes } from '../bytes.js'

/** An ABI type. `bytes` with `size` is bytesN; without, the dynamic `bytes`. */
export type AbiType =
  | { readonly kind: 'uint'; readonly bits: number }
  | { readonly kind: 'int'; readonly bits: number }
  | { readonly kind: 'address' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'fixedBytes'; readonly size: number }
  | { readonly kind: 'function' }
  | { readonly kind: 'bytes' }
  | { readonly kind: 'string' }
  | { readonly kind: 'array'; readonly item: AbiType; readonly length: number | null }
  | { readonly kind: 'tuple'; readonly components: readonly Param[] }

/** A named (or unnamed: `name === ''`) parameter or tuple component. */
export type Param = { readonly name: string; readonly type: AbiType }

/** A function: its name, parameters and the 4-byte selector of its canonical signature. */
export type AbiFunction = {
  readonly name: string
  readonly inputs: readonly Param[]
  /** `name(type,type)`, tuples as `(…)`: what the selector hashes. */
  readonly signature: string
  readonly selector: Uint8Array
}

/**
 * A decoded value. uintN/intN: bigint; bool: boolean; address: 20 bytes;
 * bytesN, function (24 bytes) and bytes: Uint8Array; string: string;
 * arrays and tuples: an array of values in order (tuple components by
 * position; their names are in the type).
 */
export type AbiValue = bigint | boolean | string | Uint8Array | readonly AbiValue[]

/** Deepest nesting of arrays and tuples in a type. */
export const MAX_TYPE_DEPTH = 32
/** Largest fixed array length in a type (a larger one cannot fit in calldata anyway). */
export const MAX_FIXED_LENGTH = 1 << 20

function typeError(message: string): never {
  throw new AirsignError('ABI_TYPE', message)
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** Parse one elementary type name, or null when it is not one. */
function elementary(name: string, where: string): AbiType | null {
  switch (name) {
    case 'address':
      return { kind: 'address' }
    case 'bool':
      return { kind: 'bool' }
    case 'string':
      return { kind: 'string' }
    case 'bytes':
      return { kind: 'bytes' }
    case 'function':
      return { kind: 'function' }
    case 'uint':
      return { kind: 'uint', bits: 256 }
    case 'int':
      return { kind: 'int', bits: 256 }
    case 'byte':
      return { kind: 'fixedBytes', size: 1 }
  }
  let m = /^(u?int)([0-9]+)$/.exec(name)
  if (m) {
    const bits = Number(m[2])
    if (!(bits >= 8 && bits <= 256 && bits % 8 === 0) || m[2]!.startsWith('0')) typeError(`${where}: "${name}" is not a type (${m[1]}N needs N = 8, 16, … 256)`)
    return { kind: m[1] === 'uint' ? 'uint' : 'int', bits }
  }
  m = /^bytes([0-9]+)$/.exec(name)
  if (m) {
    const size = Number(m[1])
    if (!(size >= 1 && size <= 32) || m[1]!.startsWith('0')) typeError(`${where}: "${name}" is not a type (bytesN needs N = 1 … 32)`)
    return { kind: 'fixedBytes', size }
  }
  if (/^u?fixed([0-9]+x[0-9]+)?$/.test(name)) typeError(`${where}: fixed-point type "${name}" is not supported (Solidity cannot take it as a parameter)`)
  return null
}

/** A small recursive-descent parser over a signature or type string. */
class Reader {
  pos = 0
  readonly text: string
  readonly where: string
  constructor(text: string, where: string) {
    this.text = text
    this.where = where
  }
  ws(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++
  }
  peek(): string {
    this.ws()
    return this.text[this.pos] ?? ''
  }
  eat(c: string): boolean {
    if (this.peek() !== c) return false
    this.pos++
    return true
  }
  expect(c: string): void {
    if (!this.eat(c)) this.fail(`expected "${c}"`)
  }
  word(): string {
    this.ws()
    const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(this.text.slice(this.pos))
    if (!m) return ''
    this.pos += m[0].length
    return m[0]
  }
  done(): boolean {
    this.ws()
    return this.pos >= this.text.length
  }
  fail(what: string): never {
    typeError(`${this.where}: ${what} at position ${this.pos + 1} of "${this.text.length > 200 ? this.text.slice(0, 200) + '…' : this.text}"`)
  }
}

const MODIFIERS = new Set(['memory', 'calldata', 'storage', 'indexed', 'payable'])

/**
 * How deep arrays and tuples nest in a type: 0 for an elementary type.
 * @example nestingOf(parseType('(uint8[])[2]')) // 3
 */
export function nestingOf(t: AbiType): number {
  if (t.kind === 'array') return 1 + nestingOf(t.item)
  if (t.kind === 'tuple') return 1 + t.components.reduce((n, c) => Math.max(n, nestingOf(c.type)), 0)
  return 0
}

/**
 * type := (elementary | '(' params ')' | 'tuple' '(' params ')') ('[' digits? ']')*
 * `depth` is the number of tuples around this type; the type's own nesting is
 * added to it, so the limit holds for the whole type however arrays and tuples
 * alternate (the decoder recurses once per level).
 */
function readType(r: Reader, depth: number): AbiType {
  if (depth > MAX_TYPE_DEPTH) r.fail(`types nest deeper than ${MAX_TYPE_DEPTH}`)
  let t: AbiType
  if (r.peek() === '(') {
    t = { kind: 'tuple', components: readParams(r, depth + 1) }
  } else {
    const name = r.word()
    if (name === '') r.fail('expected a type')
    if (name === 'tuple' && r.peek() === '(') t = { kind: 'tuple', components: readParams(r, depth + 1) }
    else t = elementary(name, r.where) ?? r.fail(`unknown type "${name}"`)
  }
  if (t.kind === 'tuple' && t.components.length === 0) r.fail('the empty tuple () has no encoding of its own (zero-sized type)')
  return readArrays(r, t, depth)
}

/** The array suffixes `[]`, `[n]` after a type, outermost last. */
function readArrays(r: Reader, base: AbiType, depth: number): AbiType {
  let t = base
  let nesting = depth + nestingOf(base)
  if (nesting > MAX_TYPE_DEPTH) r.fail(`types nest deeper than ${MAX_TYPE_DEPTH}`)
  while (r.peek() === '[') {
    r.pos++
    r.ws()
    const m = /^[0-9]*/.exec(r.text.slice(r.pos))![0]
    r.pos += m.length
    r.expect(']')
    if (m === '') {
      t = { kind: 'array', item: t, length: null }
    } else {
      const n = Number(m)
      if (n === 0 || (m.length > 1 && m.startsWith('0'))) r.fail(`array length [${m}] (a fixed array needs 1 or more elements: T[0] is a zero-sized type)`)
      if (n > MAX_FIXED_LENGTH) r.fail(`array length [${m}] is above ${MAX_FIXED_LENGTH}`)
      t = { kind: 'array', item: t, length: n }
    }
    if (++nesting > MAX_TYPE_DEPTH) r.fail(`types nest deeper than ${MAX_TYPE_DEPTH}`)
  }
  return t
}

/** params := '(' (param (',' param)*)? ')' ; param := type modifier* name? */
function readParams(r: Reader, depth: number): Param[] {
  r.expect('(')
  const out: Param[] = []
  if (r.eat(')')) return out
  for (;;) {
    const type = readType(r, depth)
    let name = ''
    for (;;) {
      const save = r.pos
      const w = r.word()
      if (w === '') break
      if (MODIFIERS.has(w)) continue
      if (name !== '') {
        r.pos = save
        r.fail(`unexpected "${w}"`)
      }
      name = w
    }
    out.push({ name, type })
    if (r.eat(')')) return out
    r.expect(',')
  }
}

/**
 * Parse one type string (`uint256`, `(address,uint256)[]`, `tuple(bytes b)[2]`).
 * @param text - the type
 * @param where - names the source in error messages
 * @returns the type
 * @throws AirsignError ABI_TYPE
 * @example parseType('uint8[]') // { kind: 'array', item: { kind: 'uint', bits: 8 }, length: null }
 */
export function parseType(text: string, where = 'type'): AbiType {
  const r = new Reader(text, where)
  const t = readType(r, 0)
  if (!r.done()) r.fail('unexpected text after the type')
  return t
}

/**
 * Parse a human-readable function signature: `transfer(address to, uint256 amount)`,
 * `function approve(address,uint256) external returns (bool)`, the ERC-7730 keys
 * with spaces after commas, tuples as `(…)` or `tuple(…)`.
 * @param text - the signature
 * @param where - names the source in error messages
 * @returns the function with its canonical signature and selector
 * @throws AirsignError ABI_TYPE
 */
export function parseSignature(text: string, where = 'signature'): AbiFunction {
  const r = new Reader(text, where)
  let name = r.word()
  if (name === 'function') name = r.word()
  if (name === '' || !IDENT.test(name)) r.fail('expected a function name')
  // Depth 0: the parameter list is not a tuple around each parameter's type.
  const inputs = readParams(r, 0)
  // What may follow in Solidity-like text: visibility, mutability, returns (…).
  for (;;) {
    const save = r.pos
    const w = r.word()
    if (w === '') break
    if (w === 'returns') {
      readParams(r, 0)
      continue
    }
    if (['external', 'public', 'internal', 'private', 'view', 'pure', 'payable', 'nonpayable', 'virtual', 'override'].includes(w)) continue
    r.pos = save
    r.fail(`unexpected "${w}"`)
  }
  if (!r.done()) r.fail('unexpected text after the signature')
  return makeFunction(name, inputs)
}

/** A function value from its parts (computes the canonical signature and the selector). */
export function makeFunction(name: string, inputs: readonly Param[]): AbiFunction {
  const signature = `${name}(${inputs.map((p) => canonicalType(p.type)).join(',')})`
  return { name, inputs, signature, selector: selectorOf(signature) }
}

/** The 4-byte selector: the first 4 bytes of keccak256 of the canonical signature. */
export function selectorOf(signature: string): Uint8Array {
  return keccak_256(utf8ToBytes(signature)).slice(0, 4)
}

/**
 * The canonical form of a type, as selectors hash it: `uint256`, `(address,bool)[]`.
 * @example canonicalType(parseType('uint')) // 'uint256'
 */
export function canonicalType(t: AbiType): string {
  switch (t.kind) {
    case 'uint':
    case 'int':
      return `${t.kind}${t.bits}`
    case 'fixedBytes':
      return `bytes${t.size}`
    case 'array':
      return `${canonicalType(t.item)}[${t.length ?? ''}]`
    case 'tuple':
      return `(${t.components.map((c) => canonicalType(c.type)).join(',')})`
    default:
      return t.kind
  }
}

/** A dynamic type: encoded in the tail behind an offset. */
export function isDynamic(t: AbiType): boolean {
  switch (t.kind) {
    case 'bytes':
    case 'string':
      return true
    case 'array':
      return t.length === null || isDynamic(t.item)
    case 'tuple':
      return t.components.some((c) => isDynamic(c.type))
    default:
      return false
  }
}

/** Bytes a value of this type takes in its enclosing head: 32 for a dynamic type (the offset), its whole size for a static one. */
export function headSize(t: AbiType): number {
  if (isDynamic(t)) return 32
  if (t.kind === 'array') return t.length! * headSize(t.item)
  if (t.kind === 'tuple') return t.components.reduce((n, c) => n + headSize(c.type), 0)
  return 32
}

/**
 * One JSON ABI parameter (`{name, type, components}`) → Param. `depth` is the
 * number of tuples around it. Tuple components keep their names: the type is
 * built from them, and only the array suffix of `tuple[2][]` is parsed as text.
 */
function jsonParam(p: unknown, where: string, depth: number): Param {
  if (typeof p !== 'object' || p === null) typeError(`${where}: a parameter must be an object with "type"`)
  const o = p as Record<string, unknown>
  if (typeof o.type !== 'string') typeError(`${where}: a parameter must have a string "type"`)
  const name = o.name === undefined || o.name === null ? '' : o.name
  if (typeof name !== 'string' || (name !== '' && !IDENT.test(name))) typeError(`${where}: parameter name ${JSON.stringify(name)} is not an identifier`)
  if (depth > MAX_TYPE_DEPTH) typeError(`${where}: types nest deeper than ${MAX_TYPE_DEPTH}`)
  const m = /^tuple((\[[0-9]*\])*)$/.exec(o.type)
  if (m) {
    if (!Array.isArray(o.components)) typeError(`${where}: a tuple parameter needs "components"`)
    const components = o.components.map((c, i) => jsonParam(c, `${where}.components[${i}]`, depth + 1))
    if (components.length === 0) typeError(`${where}: the empty tuple () has no encoding of its own (zero-sized type)`)
    const r = new Reader(m[1]!, where)
    const type = readArrays(r, { kind: 'tuple', components }, depth)
    if (!r.done()) r.fail('unexpected text after the type')
    return { name, type }
  }
  const r = new Reader(o.type, where)
  const type = readType(r, depth)
  if (!r.done()) r.fail('unexpected text after the type')
  return { name, type }
}

/**
 * The functions of a JSON ABI (an array of entries, or an artifact with an `abi` array).
 * Entries other than functions (events, errors, constructor, fallback) are skipped.
 * @throws AirsignError ABI_TYPE for a malformed entry
 */
export function parseJsonAbi(json: unknown, where = 'ABI'): AbiFunction[] {
  const entries = Array.isArray(json) ? json : typeof json === 'object' && json !== null && Array.isArray((json as { abi?: unknown }).abi) ? (json as { abi: unknown[] }).abi : null
  if (entries === null) typeError(`${where}: a JSON ABI is an array of entries (or an object with an "abi" array)`)
  const out: AbiFunction[] = []
  entries.forEach((e, i) => {
    if (typeof e !== 'object' || e === null) typeError(`${where}[${i}]: an entry must be an object`)
    const o = e as Record<string, unknown>
    if (o.type !== undefined && o.type !== 'function') return
    if (typeof o.name !== 'string' || !IDENT.test(o.name)) typeError(`${where}[${i}]: a function needs a "name"`)
    if (!Array.isArray(o.inputs)) typeError(`${where}[${i}] (${o.name}): "inputs" must be an array`)
    out.push(makeFunction(o.name, o.inputs.map((p, j) => jsonParam(p, `${where}[${i}].inputs[${j}]`, 0))))
  })
  return out
}

/** The tuple type of a parameter list: a function's arguments decode as one tuple. */
export function tupleOf(params: readonly Param[]): AbiType & { kind: 'tuple' } {
  return { kind: 'tuple', components: params }
}
