/**
 * Test support: seeded EIP-712 documents for the differential suites
 * (message-differential.test.ts against ethers and eth-sig-util, e2e/cast.test.ts
 * against cast): structs nested through members and arrays, every atomic type at
 * its edges, a random subset of the domain's fields in the EIP's order.
 * @module
 */
import * as address from '../address.js'
import { bytesToHex } from '../bytes.js'
import type { Rng } from './prng.js'

export type Types = Record<string, { name: string; type: string }[]>
export type Document = { types: Types; primaryType: string; domain: Record<string, unknown>; message: Record<string, unknown> }

/** The atomic types the documents use. */
export const ATOMIC = ['bool', 'address', 'string', 'bytes', 'bytes1', 'bytes4', 'bytes20', 'bytes32', 'uint8', 'uint32', 'uint64', 'uint128', 'uint256', 'int8', 'int16', 'int64', 'int256', 'uint24', 'int136']

/** Text of n pieces from a pool with every hard case: multi-byte, astral, combining marks, quotes, bidi, U+3000. */
export function text(r: Rng, n: number, pool: readonly string[] = ['a', 'Z', '0', ' ', '\n', 'é', 'ß', '中', '文', '日本', '\u3000', '🔑', '🐳', '\u0301', '"', '\\', '\u202e']): string {
  let s = ''
  for (let i = 0; i < n; i++) s += r.pick(pool)
  return s
}

/** A value of a type, at the edges of its range half of the time (integers as JSON numbers only when exact). */
export function value(r: Rng, type: string, types: Types, depth: number, str: (r: Rng, n: number) => string = text): unknown {
  const arr = /^(.*)\[(\d*)\]$/.exec(type)
  if (arr) return Array.from({ length: arr[2] === '' ? r.int(depth > 2 ? 2 : 4) : Number(arr[2]) }, () => value(r, arr[1]!, types, depth + 1, str))
  if (type in types) return Object.fromEntries(types[type]!.map((f) => [f.name, value(r, f.type, types, depth + 1, str)]))
  if (type === 'bool') return r.int(2) === 0
  if (type === 'address') return address.toChecksum(r.bytes(20))
  if (type === 'string') return str(r, r.int(30))
  if (type === 'bytes') return bytesToHex(r.bytes(r.int(70)))
  const bn = /^bytes(\d+)$/.exec(type)
  if (bn) return bytesToHex(r.bytes(Number(bn[1])))
  const m = /^(u?)int(\d+)$/.exec(type)!
  const bits = BigInt(m[2]!)
  const [min, max] = m[1] ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n]
  const n = r.pick([min, max, 0n, min + r.big(max - min), 1n])
  return r.int(3) === 0 && n >= 0n && n <= 2n ** 53n - 1n ? Number(n) : n.toString()
}

export type DocumentShape = {
  /** structs: minStructs + r.int(extraStructs) */
  minStructs: number
  extraStructs: number
  /** fields a struct: 1 + r.int(maxFields) */
  maxFields: number
  /** a field is an array one time in arrayOneIn */
  arrayOneIn: number
  /** the link to the next struct may be an array */
  arrayLinks: boolean
  /** whether a domain field is kept (drawn in the EIP's order) */
  keepDomainField: (r: Rng) => boolean
  str?: (r: Rng, n: number) => string
}

/** A document: T0 the single root, each other struct referenced by an earlier one; a random domain subset. */
export function document(r: Rng, shape: DocumentShape): Document {
  const str = shape.str ?? text
  const count = shape.minStructs + r.int(shape.extraStructs)
  const types: Types = {}
  for (let i = count - 1; i >= 0; i--) {
    const fields: { name: string; type: string }[] = []
    const n = 1 + r.int(shape.maxFields)
    for (let f = 0; f < n; f++) {
      const ref = i + 1 + f < count ? `T${i + 1 + f}` : null // reach every later type from some earlier one
      let t = ref && r.int(3) > 0 ? ref : r.pick(ATOMIC)
      if (r.int(shape.arrayOneIn) === 0) t += r.pick(['[]', '[2]', '[1]', '[][]', '[3][]'])
      fields.push({ name: `f${f}_${r.int(1000)}`, type: t })
    }
    // make sure later types are referenced (a single root)
    if (i + 1 < count && !fields.some((f) => f.type.startsWith(`T${i + 1}`))) fields.push({ name: 'next', type: `T${i + 1}${shape.arrayLinks ? r.pick(['', '[]']) : ''}` })
    types[`T${i}`] = fields
  }
  const domainFields = [
    { name: 'name', type: 'string', v: () => str(r, 8) },
    { name: 'version', type: 'string', v: () => String(r.int(10)) },
    { name: 'chainId', type: 'uint256', v: () => r.pick([1, 137, '11155111', String(2n ** 53n + 5n)]) },
    { name: 'verifyingContract', type: 'address', v: () => address.toChecksum(r.bytes(20)) },
    { name: 'salt', type: 'bytes32', v: () => bytesToHex(r.bytes(32)) },
  ].filter(() => shape.keepDomainField(r))
  return {
    types: { EIP712Domain: domainFields.map(({ name, type }) => ({ name, type })), ...types },
    primaryType: 'T0',
    domain: Object.fromEntries(domainFields.map((d) => [d.name, d.v()])),
    message: value(r, 'T0', types, 0, str) as Record<string, unknown>,
  }
}
