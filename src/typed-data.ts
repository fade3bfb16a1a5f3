/**
 * EIP-712 typed structured data (`eth_signTypedData_v4`): validate a whole
 * document, then hash it: `digest = keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message))`.
 *
 * Stricter than MetaMask's encoder (`@metamask/eth-sig-util` V4) where its
 * leniency would sign something other than what a reader of the document
 * sees; identical to it (and to ethers) on every document accepted here.
 * Refused, each with the path of the field:
 * - a missing or extra field (eth-sig-util hashes a missing struct as zeros
 *   and ignores extra fields: a reviewer would see data that is not signed);
 * - a missing `EIP712Domain` type with a non-empty domain (eth-sig-util then
 *   signs an empty domain, ethers the inferred one), domain fields other than
 *   the five of the EIP, with other types or out of the EIP's order;
 * - `bytes` that is not 0x hex (eth-sig-util hashes other strings as UTF-8),
 *   `bytesN` of another length, integers outside intN/uintN (eth-sig-util
 *   does not check intN), bool that is not true/false, a fixed-size array of
 *   another length, an address with a bad EIP-55 checksum;
 * - a type that contains itself through struct fields only (no finite value
 *   exists); recursion through an array (a tree) is allowed, as EIP-712 allows.
 * @see https://eips.ethereum.org/EIPS/eip-712
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { AirsignError } from './errors.js'
import { bigintToFixed, concatBytes, hexToBytes, utf8ToBytes } from './bytes.js'
import * as address from './address.js'

/** One member of a struct type. */
export type TypedField = { readonly name: string; readonly type: string }
/** A validated EIP-712 document. */
export type TypedData = {
  readonly types: Readonly<Record<string, readonly TypedField[]>>
  readonly primaryType: string
  readonly domain: Readonly<Record<string, unknown>>
  readonly message: Readonly<Record<string, unknown>>
}

/** The domain fields EIP-712 defines, in its order, with their types. */
export const DOMAIN_FIELDS: readonly TypedField[] = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
  { name: 'salt', type: 'bytes32' },
]

/** Deepest nesting of values (structs and arrays) accepted. */
export const MAX_DEPTH = 64

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/
const ATOMIC = /^(bool|address|string|bytes|bytes([1-9]|[12][0-9]|3[0-2])|u?int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256))$/

function typeError(message: string): never {
  throw new AirsignError('TYPED_DATA_TYPE', message)
}
function fieldError(path: string, message: string): never {
  throw new AirsignError('TYPED_DATA_FIELD', `${path}: ${message}`)
}
function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `T[2][]` → { base: 'T', dims: [2, null] } (outermost last, as written). */
function splitArray(type: string): { base: string; dims: (number | null)[] } {
  const m = /^([^[\]]+)((\[\d*\])*)$/.exec(type)
  if (!m) typeError(`malformed type "${type}"`)
  const dims = [...m[2]!.matchAll(/\[(\d*)\]/g)].map((d) => (d[1] === '' ? null : Number(d[1])))
  for (const d of dims) if (d !== null && (d === 0 || !Number.isSafeInteger(d) || d > 1_000_000)) typeError(`array size in "${type}" must be 1 to 1000000`)
  return { base: m[1]!, dims }
}

/**
 * Validate an EIP-712 document (types, domain and message) completely.
 * @param json - the parsed JSON value
 * @returns the document, unchanged but checked
 * @throws AirsignError TYPED_DATA_JSON (shape), TYPED_DATA_TYPE (a type), TYPED_DATA_FIELD (a value, named by its path)
 */
export function parseTypedData(json: unknown): TypedData {
  if (!isObject(json)) throw new AirsignError('TYPED_DATA_JSON', 'typed data must be a JSON object with types, primaryType, domain and message')
  for (const k of Object.keys(json)) {
    if (!['types', 'primaryType', 'domain', 'message'].includes(k)) throw new AirsignError('TYPED_DATA_JSON', `unknown top-level key "${k}" (expected types, primaryType, domain, message)`)
  }
  if (!isObject(json.types)) throw new AirsignError('TYPED_DATA_JSON', 'types: expected an object of struct types')
  if (typeof json.primaryType !== 'string') throw new AirsignError('TYPED_DATA_JSON', 'primaryType: expected a string')
  if (!isObject(json.domain)) throw new AirsignError('TYPED_DATA_JSON', 'domain: expected an object')
  const types: Record<string, TypedField[]> = {}
  for (const [name, fields] of Object.entries(json.types)) {
    if (!IDENT.test(name)) typeError(`types: "${name}" is not a valid type name`)
    if (ATOMIC.test(name)) typeError(`types: "${name}" is an atomic type name`)
    if (!Array.isArray(fields)) typeError(`types.${name}: expected an array of {name, type}`)
    const seen = new Set<string>()
    types[name] = fields.map((f, i) => {
      const where = `types.${name}[${i}]`
      if (!isObject(f) || typeof f.name !== 'string' || typeof f.type !== 'string' || Object.keys(f).some((k) => k !== 'name' && k !== 'type')) {
        typeError(`${where}: expected {"name": string, "type": string}`)
      }
      if (!IDENT.test(f.name)) typeError(`${where}: "${f.name}" is not a valid field name`)
      if (seen.has(f.name)) typeError(`${where}: field "${f.name}" appears twice`)
      seen.add(f.name)
      return { name: f.name, type: f.type }
    })
  }
  // Every field type is atomic or a struct of this document, possibly as (nested) arrays.
  for (const [name, fields] of Object.entries(types)) {
    fields.forEach((f, i) => {
      const { base } = splitArray(f.type)
      if (!ATOMIC.test(base) && !(base in types)) {
        typeError(`types.${name}[${i}] (${f.name}): unknown type "${base}"${/^u?int$/.test(base) ? ' (write uint256 or int256)' : ''}`)
      }
      if (base === 'EIP712Domain') typeError(`types.${name}[${i}] (${f.name}): EIP712Domain cannot be a member type`)
    })
  }
  checkDomainType(types, json.domain)
  if (!(json.primaryType in types)) typeError(`primaryType "${json.primaryType}" is not in types`)
  checkFiniteTypes(types)
  const domainOnly = json.primaryType === 'EIP712Domain'
  const message = json.message ?? (domainOnly ? {} : undefined)
  if (!isObject(message)) throw new AirsignError('TYPED_DATA_JSON', 'message: expected an object')
  const doc: TypedData = { types, primaryType: json.primaryType, domain: json.domain, message }
  // Walk every value once: all value errors surface here, before any key is read.
  hashTypedData(doc)
  return doc
}

/** EIP712Domain: given whenever the domain has fields, made of the EIP's fields, in its order. */
function checkDomainType(types: Record<string, TypedField[]>, domain: Record<string, unknown>): void {
  const declared = types.EIP712Domain
  if (!declared) {
    if (Object.keys(domain).length > 0) {
      typeError('types.EIP712Domain is missing: MetaMask would sign an empty domain, ethers the fields of domain; declare the domain fields')
    }
    types.EIP712Domain = []
    return
  }
  let last = -1
  declared.forEach((f, i) => {
    const at = DOMAIN_FIELDS.findIndex((d) => d.name === f.name)
    if (at < 0) typeError(`types.EIP712Domain[${i}]: "${f.name}" is not an EIP-712 domain field (name, version, chainId, verifyingContract, salt)`)
    if (DOMAIN_FIELDS[at]!.type !== f.type) typeError(`types.EIP712Domain[${i}]: ${f.name} must have type ${DOMAIN_FIELDS[at]!.type}, not ${f.type}`)
    if (at < last) typeError(`types.EIP712Domain[${i}]: ${f.name} is out of the EIP's order (name, version, chainId, verifyingContract, salt)`)
    last = at
  })
}

/** A struct that contains itself through struct members alone has no finite value. */
function checkFiniteTypes(types: Record<string, TypedField[]>): void {
  const state = new Map<string, 'open' | 'done'>()
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return
    if (state.get(name) === 'open') typeError(`recursive type: ${[...trail, name].join(' → ')} contains itself with no array in between, so no finite value exists`)
    state.set(name, 'open')
    for (const f of types[name]!) {
      if (f.type in types) visit(f.type, [...trail, name]) // arrays can be empty: recursion through one ends
    }
    state.set(name, 'done')
  }
  for (const name of Object.keys(types)) visit(name, [])
}

/** The struct types a type refers to, itself included (through arrays too). */
function dependencies(type: string, types: Readonly<Record<string, readonly TypedField[]>>, found = new Set<string>()): Set<string> {
  const base = splitArray(type).base
  if (found.has(base) || !(base in types)) return found
  found.add(base)
  for (const f of types[base]!) dependencies(f.type, types, found)
  return found
}

/**
 * `encodeType`: the primary type's signature, then its dependencies sorted by name.
 * @example encodeType('Mail', types) // 'Mail(Person from,Person to,string contents)Person(string name,address wallet)'
 */
export function encodeType(type: string, types: Readonly<Record<string, readonly TypedField[]>>): string {
  const deps = [...dependencies(type, types)].filter((t) => t !== type).sort()
  return [type, ...deps].map((t) => `${t}(${types[t]!.map((f) => `${f.type} ${f.name}`).join(',')})`).join('')
}

/** keccak256(encodeType(type)). */
export function typeHash(type: string, types: Readonly<Record<string, readonly TypedField[]>>): Uint8Array {
  return keccak_256(utf8ToBytes(encodeType(type, types)))
}

/** An integer as a JSON value: a safe integer, a decimal string (sign allowed) or 0x hex. */
function integer(v: unknown, path: string): bigint {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) fieldError(path, 'a JSON number above 2^53-1 (or with a fraction) is not exact; write it as a string')
    return BigInt(v)
  }
  if (typeof v === 'string' && /^-?[0-9]+$/.test(v)) return BigInt(v)
  if (typeof v === 'string' && /^0[xX][0-9a-fA-F]+$/.test(v)) return BigInt(v)
  fieldError(path, 'expected an integer (a number, a decimal string or 0x hex)')
}

function hexBytes(v: unknown, path: string): Uint8Array {
  if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v)) fieldError(path, 'expected 0x followed by an even number of hex digits')
  return hexToBytes(v, path)
}

/** The 32-byte encoding of one value (EIP-712 `encodeData` of a member). */
function encodeValue(type: string, v: unknown, types: Readonly<Record<string, readonly TypedField[]>>, path: string, depth: number): Uint8Array {
  if (depth > MAX_DEPTH) fieldError(path, `nested deeper than ${MAX_DEPTH} levels`)
  if (v === undefined) fieldError(path, `missing (type ${type})`)
  if (type.endsWith(']')) {
    const open = type.lastIndexOf('[')
    const inner = type.slice(0, open)
    const size = type.slice(open + 1, -1)
    if (!Array.isArray(v)) fieldError(path, `expected an array (type ${type})`)
    if (size !== '' && v.length !== Number(size)) fieldError(path, `expected ${size} elements, got ${v.length}`)
    return keccak_256(concatBytes(...v.map((item, i) => encodeValue(inner, item, types, `${path}[${i}]`, depth + 1))))
  }
  if (type in types) {
    if (!isObject(v)) fieldError(path, `expected an object (struct ${type})`)
    return hashStructAt(type, v, types, path, depth + 1)
  }
  switch (type) {
    case 'string':
      if (typeof v !== 'string') fieldError(path, 'expected a string')
      return keccak_256(utf8ToBytes(v))
    case 'bytes':
      return keccak_256(hexBytes(v, path))
    case 'bool':
      if (typeof v !== 'boolean') fieldError(path, 'expected true or false')
      return bigintToFixed(v ? 1n : 0n, 32)
    case 'address':
      if (typeof v !== 'string') fieldError(path, 'expected an address')
      try {
        return concatBytes(new Uint8Array(12), address.parse(v, path))
      } catch (e) {
        fieldError(path, e instanceof AirsignError ? e.message.replace(`${path}: `, '') : 'invalid address')
      }
  }
  const bytesN = /^bytes(\d+)$/.exec(type)
  if (bytesN) {
    const b = hexBytes(v, path)
    if (b.length !== Number(bytesN[1])) fieldError(path, `expected ${bytesN[1]} bytes, got ${b.length}`)
    return concatBytes(b, new Uint8Array(32 - b.length))
  }
  const int = /^(u?)int(\d+)$/.exec(type)!
  const bits = BigInt(int[2]!)
  const n = integer(v, path)
  const [min, max] = int[1] ? [0n, (1n << bits) - 1n] : [-(1n << (bits - 1n)), (1n << (bits - 1n)) - 1n]
  if (n < min || n > max) fieldError(path, `out of range for ${type} (${min} … ${max})`)
  return bigintToFixed(n < 0n ? (1n << 256n) + n : n, 32)
}

function hashStructAt(type: string, v: Record<string, unknown>, types: Readonly<Record<string, readonly TypedField[]>>, path: string, depth: number): Uint8Array {
  const fields = types[type]!
  for (const k of Object.keys(v)) {
    if (!fields.some((f) => f.name === k)) fieldError(`${path}.${k}`, `not a member of ${type}: it would not be signed`)
  }
  return keccak_256(concatBytes(typeHash(type, types), ...fields.map((f) => encodeValue(f.type, v[f.name], types, `${path}.${f.name}`, depth))))
}

/**
 * `hashStruct(type, value)` = keccak256(typeHash ‖ encodeData).
 * @throws AirsignError TYPED_DATA_FIELD
 */
export function hashStruct(type: string, value: Record<string, unknown>, types: Readonly<Record<string, readonly TypedField[]>>, path = type): Uint8Array {
  return hashStructAt(type, value, types, path, 0)
}

/**
 * The hashes of a document.
 * @param doc - from parseTypedData
 * @returns the domain separator, the message's struct hash (null when the primary type is
 *   EIP712Domain: then only the domain is signed) and the digest that is signed
 * @throws AirsignError TYPED_DATA_FIELD
 */
export function hashTypedData(doc: TypedData): { domainSeparator: Uint8Array; structHash: Uint8Array | null; digest: Uint8Array } {
  const domainSeparator = hashStructAt('EIP712Domain', doc.domain as Record<string, unknown>, doc.types, 'domain', 0)
  const structHash = doc.primaryType === 'EIP712Domain' ? null : hashStructAt(doc.primaryType, doc.message as Record<string, unknown>, doc.types, 'message', 0)
  const digest = keccak_256(concatBytes(Uint8Array.of(0x19, 0x01), domainSeparator, ...(structHash ? [structHash] : [])))
  return { domainSeparator, structHash, digest }
}
