/**
 * Canonical ABI encoding: the one byte string Solidity writes for values.
 * `decode` (strict) accepts exactly what this produces, so decode ∘ encode is
 * the identity and encode ∘ decode gives back the input.
 * @see https://docs.soliditylang.org/en/latest/abi-spec.html
 * @module
 */
import { AirsignError } from '../errors.js'
import { bigintToFixed, concatBytes, concatList, utf8ToBytes } from '../bytes.js'
import { isDynamic, type AbiType, type AbiValue, type Param } from './types.js'

function valueError(path: string, message: string): never {
  throw new AirsignError('ABI_VALUE', `${path || 'value'}: ${message}`)
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

function word(n: bigint): Uint8Array {
  return bigintToFixed(n, 32)
}

/** Pad bytes on the right to a multiple of 32. */
function padRight(b: Uint8Array): Uint8Array {
  const n = Math.ceil(b.length / 32) * 32
  if (n === b.length) return b
  const out = new Uint8Array(n)
  out.set(b)
  return out
}

function encodeOne(t: AbiType, v: AbiValue, path: string): Uint8Array {
  switch (t.kind) {
    case 'uint': {
      if (typeof v !== 'bigint' || v < 0n || v >= 1n << BigInt(t.bits)) valueError(path, `uint${t.bits} needs a bigint from 0 to 2^${t.bits}-1`)
      return word(v)
    }
    case 'int': {
      const lim = 1n << BigInt(t.bits - 1)
      if (typeof v !== 'bigint' || v < -lim || v >= lim) valueError(path, `int${t.bits} needs a bigint from -2^${t.bits - 1} to 2^${t.bits - 1}-1`)
      return word(v < 0n ? v + (1n << 256n) : v)
    }
    case 'bool':
      if (typeof v !== 'boolean') valueError(path, 'bool needs true or false')
      return word(v ? 1n : 0n)
    case 'address': {
      if (!(v instanceof Uint8Array) || v.length !== 20) valueError(path, 'address needs 20 bytes')
      const out = new Uint8Array(32)
      out.set(v, 12)
      return out
    }
    case 'fixedBytes':
    case 'function': {
      const size = t.kind === 'function' ? 24 : t.size
      if (!(v instanceof Uint8Array) || v.length !== size) valueError(path, `${t.kind === 'function' ? 'function' : `bytes${size}`} needs ${size} bytes`)
      const out = new Uint8Array(32)
      out.set(v)
      return out
    }
    case 'bytes':
    case 'string': {
      let b: Uint8Array
      if (t.kind === 'string') {
        if (typeof v !== 'string') valueError(path, 'string needs a string')
        // A lone surrogate has no UTF-8 form: TextEncoder would write U+FFFD, and the bytes
        // would stand for another string than the one given (ethers refuses it too).
        if (LONE_SURROGATE.test(v)) valueError(path, 'string holds a lone UTF-16 surrogate (not valid Unicode text)')
        b = utf8ToBytes(v)
      } else {
        if (!(v instanceof Uint8Array)) valueError(path, 'bytes needs a Uint8Array')
        b = v
      }
      return concatBytes(word(BigInt(b.length)), padRight(b))
    }
    case 'array': {
      if (!Array.isArray(v)) valueError(path, 'an array needs an array of values')
      const items = v as readonly AbiValue[]
      if (t.length !== null && items.length !== t.length) valueError(path, `${t.length} elements expected, ${items.length} given`)
      const body = encodeSequence(
        items.map(() => t.item),
        items,
        path,
        items.map((_, i) => `${path}[${i}]`),
      )
      return t.length === null ? concatBytes(word(BigInt(items.length)), body) : body
    }
    case 'tuple': {
      if (!Array.isArray(v)) valueError(path, 'a tuple needs an array of values')
      const items = v as readonly AbiValue[]
      if (items.length !== t.components.length) valueError(path, `${t.components.length} components expected, ${items.length} given`)
      return encodeSequence(
        t.components.map((c) => c.type),
        items,
        path,
        t.components.map((c, i) => (c.name ? (path ? `${path}.${c.name}` : c.name) : `${path}[${i}]`)),
      )
    }
  }
}

/** Heads in order (offsets for dynamic values), then the tails in the same order. */
function encodeSequence(types: readonly AbiType[], values: readonly AbiValue[], path: string, paths: readonly string[]): Uint8Array {
  const heads: Uint8Array[] = []
  const tails: Uint8Array[] = []
  const enc = types.map((t, i) => encodeOne(t, values[i]!, paths[i] ?? path))
  let headLen = 0
  types.forEach((t, i) => (headLen += isDynamic(t) ? 32 : enc[i]!.length))
  let tailLen = 0
  types.forEach((t, i) => {
    if (isDynamic(t)) {
      heads.push(word(BigInt(headLen + tailLen)))
      tails.push(enc[i]!)
      tailLen += enc[i]!.length
    } else {
      heads.push(enc[i]!)
    }
  })
  return concatList(heads.concat(tails))
}

/**
 * Encode values for parameters (a function's arguments, without the selector).
 * @throws AirsignError ABI_VALUE for a value that does not fit its type
 */
export function encode(params: readonly Param[], values: readonly AbiValue[]): Uint8Array {
  if (values.length !== params.length) valueError('', `${params.length} values expected, ${values.length} given`)
  return encodeSequence(
    params.map((p) => p.type),
    values,
    '',
    params.map((p, i) => p.name || `[${i}]`),
  )
}

/** selector ‖ encode(params, values): calldata for a function. */
export function encodeCall(fn: { readonly selector: Uint8Array; readonly inputs: readonly Param[] }, values: readonly AbiValue[]): Uint8Array {
  return concatBytes(fn.selector, encode(fn.inputs, values))
}
