/**
 * The structured data an ERC-7730 path walks: decoded calldata arguments
 * (from the ABI decoder) or an EIP-712 message (from its JSON and types), as
 * one tree of typed nodes, and path evaluation over it.
 *
 * Evaluation of a path yields every value it selects with its concrete path
 * (`details.[]` → `details.[0]`, `details.[1]`, …). Slices on bytes, strings
 * and integers (their 32-byte big-endian word) select bytes and end the path.
 * A step that does not fit the value (a name on an array, an index past the
 * end) is a `PathMiss`: the data does not have what the descriptor names.
 * @module
 */
import type { AbiType, AbiValue, Param } from '../../abi/types.js'
import { bigintToFixed, hexToBytes } from '../../bytes.js'
import type { TypedField } from '../../typed-data.js'
import type { Step } from './path.js'

/** A value of the structured data (or of the container), with its ABI kind. */
export type Node =
  | { readonly kind: 'uint'; readonly value: bigint }
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'address'; readonly value: Uint8Array }
  /** bytes, bytesN, and byte slices of anything */
  | { readonly kind: 'bytes'; readonly value: Uint8Array }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'array'; readonly items: readonly Node[] }
  | { readonly kind: 'struct'; readonly names: readonly string[]; readonly items: readonly Node[] }

/** A selected value and the concrete steps that lead to it. */
export type Selected = { readonly node: Node; readonly steps: readonly Step[] }

/** The data has no value where a path points (not a descriptor error: the same descriptor fits other data). */
export class PathMiss extends Error {
  override readonly name = 'PathMiss'
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** ABI-decoded values (`decode`) as a struct node named by the parameters. */
export function fromAbi(params: readonly Param[], values: readonly AbiValue[]): Node {
  return { kind: 'struct', names: params.map((p) => p.name), items: params.map((p, i) => abiNode(p.type, values[i]!)) }
}

function abiNode(t: AbiType, v: AbiValue): Node {
  switch (t.kind) {
    case 'uint':
    case 'int':
      return { kind: t.kind, value: v as bigint }
    case 'bool':
      return { kind: 'bool', value: v as boolean }
    case 'address':
      return { kind: 'address', value: v as Uint8Array }
    case 'string':
      return { kind: 'string', value: v as string }
    case 'bytes':
    case 'fixedBytes':
    case 'function':
      return { kind: 'bytes', value: v as Uint8Array }
    case 'array':
      return { kind: 'array', items: (v as readonly AbiValue[]).map((x) => abiNode(t.item, x)) }
    case 'tuple':
      return fromAbi(t.components, v as readonly AbiValue[])
  }
}

/** A JSON quantity of a validated EIP-712 document: a safe integer, a decimal or 0x string. */
function quantity(v: unknown): bigint {
  if (typeof v === 'number') return BigInt(v)
  if (typeof v === 'bigint') return v
  const s = String(v)
  if (/^-0x/i.test(s)) return -BigInt(s.slice(1))
  return BigInt(s)
}

/**
 * An EIP-712 struct value (validated by parseTypedData) as a node.
 * @param type - the struct type (or any member type)
 * @param value - its JSON value
 * @param types - the document's types
 */
export function fromTyped(type: string, value: unknown, types: Readonly<Record<string, readonly TypedField[]>>): Node {
  const arr = /^(.*)\[(\d*)\]$/.exec(type)
  if (arr) return { kind: 'array', items: (value as unknown[]).map((x) => fromTyped(arr[1]!, x, types)) }
  const fields = types[type]
  if (fields) {
    const o = value as Record<string, unknown>
    return { kind: 'struct', names: fields.map((f) => f.name), items: fields.map((f) => fromTyped(f.type, o[f.name], types)) }
  }
  if (type === 'bool') return { kind: 'bool', value: value === true }
  if (type === 'address') return { kind: 'address', value: hexToBytes(String(value), 'address') }
  if (type === 'string') return { kind: 'string', value: String(value) }
  if (/^bytes\d*$/.test(type)) return { kind: 'bytes', value: hexToBytes(String(value), type) }
  if (type.startsWith('uint')) return { kind: 'uint', value: quantity(value) }
  if (type.startsWith('int')) return { kind: 'int', value: quantity(value) }
  throw new PathMiss(`type ${type} has no value form`)
}

/** Resolve a negative index against a length. */
function at(i: number, n: number): number {
  return i < 0 ? n + i : i
}

function sliceRange(start: number | null, end: number | null, n: number): [number, number] {
  const a = Math.min(Math.max(start === null ? 0 : at(start, n), 0), n)
  const b = Math.min(Math.max(end === null ? n : at(end, n), 0), n)
  return [a, Math.max(a, b)]
}

/** The bytes a slice of a scalar takes: bytes as they are, a string's UTF-8, an integer's 32-byte word, an address's 20 bytes. */
function scalarBytes(n: Node): Uint8Array | null {
  switch (n.kind) {
    case 'bytes':
    case 'address':
      return n.value
    case 'string':
      return new TextEncoder().encode(n.value)
    case 'uint':
      return bigintToFixed(n.value, 32)
    case 'int':
      return bigintToFixed(n.value < 0n ? (1n << 256n) + n.value : n.value, 32)
    default:
      return null
  }
}

/**
 * Every value a path's steps select from a node.
 * @param node - where the steps start
 * @param steps - the steps (a name, an index, all, a slice)
 * @param prefix - the concrete steps that led to `node`
 * @throws PathMiss when the data does not have what a step names
 */
export function select(node: Node, steps: readonly Step[], prefix: readonly Step[] = []): Selected[] {
  if (steps.length === 0) return [{ node, steps: prefix }]
  const [s, ...rest] = steps as [Step, ...Step[]]
  const where = () => `${[...prefix, s].length} step(s) in`
  switch (s.kind) {
    case 'name': {
      if (node.kind !== 'struct') throw new PathMiss(`"${s.name}" names a field of a ${node.kind}`)
      const i = node.names.indexOf(s.name)
      if (i < 0) throw new PathMiss(`there is no field "${s.name}" (fields: ${node.names.join(', ') || 'none'})`)
      return select(node.items[i]!, rest, [...prefix, s])
    }
    case 'index': {
      if (node.kind !== 'array') throw new PathMiss(`[${s.index}] indexes a ${node.kind}, not an array`)
      const i = at(s.index, node.items.length)
      if (i < 0 || i >= node.items.length) throw new PathMiss(`[${s.index}] is out of range (${node.items.length} elements, ${where()})`)
      return select(node.items[i]!, rest, [...prefix, { kind: 'index', index: i }])
    }
    case 'all': {
      if (node.kind !== 'array') throw new PathMiss(`[] selects the elements of a ${node.kind}, not an array`)
      return node.items.flatMap((item, i) => select(item, rest, [...prefix, { kind: 'index', index: i }]))
    }
    case 'slice': {
      if (node.kind === 'array') {
        const [a, b] = sliceRange(s.start, s.end, node.items.length)
        return node.items.slice(a, b).flatMap((item, j) => select(item, rest, [...prefix, { kind: 'index', index: a + j }]))
      }
      const bytes = scalarBytes(node)
      if (bytes === null) throw new PathMiss(`a slice of a ${node.kind}`)
      if (rest.length > 0) throw new PathMiss('a byte slice must end the path')
      const [a, b] = sliceRange(s.start, s.end, bytes.length)
      const part = bytes.slice(a, b)
      if (node.kind === 'string') {
        try {
          return [{ node: { kind: 'string', value: UTF8.decode(part) }, steps: [...prefix, s] }]
        } catch {
          throw new PathMiss('the slice cuts a UTF-8 character of the string')
        }
      }
      return [{ node: { kind: 'bytes', value: part }, steps: [...prefix, s] }]
    }
  }
}
