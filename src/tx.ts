/**
 * Transactions: parse unsigned ones (raw RLP or JSON), apply the chain-id
 * rules, compute the signing hash, sign and serialize; decode signed ones.
 *
 * Typed transactions (EIP-2718) are `type || rlp(fields)`; the signing hash is
 * keccak256 of the unsigned form, the signed form appends `yParity, r, s`:
 * - 0x01 EIP-2930: chainId, nonce, gasPrice, gas, to, value, data, accessList
 * - 0x02 EIP-1559: chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gas, to, value, data, accessList
 * - 0x04 EIP-7702: as 0x02 with a required `to`, plus authorizationList
 *   (each `[chainId, address, nonce, yParity, r, s]`, signed by its authority)
 * - 0x03 EIP-4844 is refused (TX_TYPE_UNSUPPORTED): see the README.
 *
 * Legacy transactions (type 0):
 * - EIP-155 signing payload `rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])`,
 *   `v = chainId * 2 + 35 + yParity` (a bigint: chain ids beyond 2^32 are fine);
 * - pre-EIP-155 payload `rlp([nonce, gasPrice, gas, to, value, data])`, `v = 27 + yParity`,
 *   only when the caller asks for an unprotected signature explicitly.
 * @see https://eips.ethereum.org/EIPS/eip-155
 * @see https://eips.ethereum.org/EIPS/eip-2718
 * @see https://eips.ethereum.org/EIPS/eip-7702
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { AirsignError } from './errors.js'
import { bigintToBytes, bytesToBigint, concatBytes, equalBytes, hexToBytes } from './bytes.js'
import * as address from './address.js'
import * as rlp from './rlp.js'
import { asDigest, CURVE_N, recoverPublicKey, signDigest, type Digest32, type PrivateKey, type Signature } from './sign.js'

/** Largest quantity an RLP field of a transaction can hold here (32 bytes). */
export const MAX_UINT256 = (1n << 256n) - 1n
/** EIP-2681: a nonce is below 2^64 - 1. */
export const MAX_NONCE = (1n << 64n) - 2n
/** Gas limits are 64-bit in every client. */
export const MAX_GAS = (1n << 64n) - 1n
/** Largest chain id airsign signs for (64-bit, as go-ethereum and EIP-2294 bound it). */
export const MAX_CHAIN_ID = (1n << 64n) - 1n

/** Largest 256-bit quantity. */
const U256 = MAX_UINT256

/** An access list entry (EIP-2930): an address and the storage keys the transaction will touch. */
export type AccessListEntry = { readonly address: Uint8Array; readonly storageKeys: readonly Uint8Array[] }
export type AccessList = readonly AccessListEntry[]

/** A signed EIP-7702 authorization, as a type-4 transaction carries it. */
export type Authorization = {
  readonly chainId: bigint
  /** the delegate: the code the authority's account will run */
  readonly address: Uint8Array
  readonly nonce: bigint
  readonly yParity: 0 | 1
  readonly r: bigint
  readonly s: bigint
}

type Base = {
  /** null only before resolveChainId, and for an unprotected legacy transaction */
  readonly chainId: bigint | null
  readonly nonce: bigint
  readonly gas: bigint
  readonly value: bigint
  readonly data: Uint8Array
}
/** Type 0. `to` is null for contract creation. */
export type LegacyTx = Base & { readonly type: 0; readonly gasPrice: bigint; readonly to: Uint8Array | null }
/** Type 1, EIP-2930. */
export type AccessListTx = Base & { readonly type: 1; readonly gasPrice: bigint; readonly to: Uint8Array | null; readonly accessList: AccessList }
/** Type 2, EIP-1559. */
export type FeeMarketTx = Base & {
  readonly type: 2
  readonly maxPriorityFeePerGas: bigint
  readonly maxFeePerGas: bigint
  readonly to: Uint8Array | null
  readonly accessList: AccessList
}
/** Type 4, EIP-7702: never a contract creation. */
export type SetCodeTx = Base & {
  readonly type: 4
  readonly maxPriorityFeePerGas: bigint
  readonly maxFeePerGas: bigint
  readonly to: Uint8Array
  readonly accessList: AccessList
  readonly authorizationList: readonly Authorization[]
}
/** Any transaction airsign can sign. */
export type UnsignedTx = LegacyTx | AccessListTx | FeeMarketTx | SetCodeTx
export type TxType = UnsignedTx['type']

/** A signed transaction, serialized. */
export type SignedTx = {
  readonly tx: UnsignedTx
  /** the bytes to broadcast */
  readonly raw: Uint8Array
  /** keccak256(raw) */
  readonly hash: Uint8Array
  readonly signature: Signature
  /** legacy: `v` as written in the transaction; typed: the yParity */
  readonly v: bigint
}

/** A decoded signed transaction and its recovered sender. */
export type DecodedSigned = SignedTx & { readonly from: Uint8Array }

type FieldError = { field: string; message: string }

function fail(errors: FieldError[]): never {
  // Every bad field at once, so that one round of fixes is enough.
  throw new AirsignError('TX_FIELD', errors.map((e) => `${e.field}: ${e.message}`).join('; '))
}

/** The wire order of each typed transaction's unsigned fields. */
const TYPED_FIELDS = {
  1: ['chainId', 'nonce', 'gasPrice', 'gas', 'to', 'value', 'data', 'accessList'],
  2: ['chainId', 'nonce', 'maxPriorityFeePerGas', 'maxFeePerGas', 'gas', 'to', 'value', 'data', 'accessList'],
  4: ['chainId', 'nonce', 'maxPriorityFeePerGas', 'maxFeePerGas', 'gas', 'to', 'value', 'data', 'accessList', 'authorizationList'],
} as const
type TypedType = keyof typeof TYPED_FIELDS

/** Upper bound of each quantity field. */
const MAX: Record<string, bigint> = {
  chainId: MAX_CHAIN_ID,
  nonce: MAX_NONCE,
  gasPrice: U256,
  maxPriorityFeePerGas: U256,
  maxFeePerGas: U256,
  gas: MAX_GAS,
  value: U256,
}

/** Names of the transaction types, for messages. */
export const TYPE_NAMES: Record<TxType, string> = { 0: 'legacy', 1: 'EIP-2930', 2: 'EIP-1559', 4: 'EIP-7702' }

/**
 * The type of a type byte or JSON type value.
 * @throws AirsignError TX_TYPE_UNSUPPORTED (3, EIP-4844), TX_TYPE_UNKNOWN (any other)
 */
function checkType(t: bigint): TxType {
  if (t === 0n || t === 1n || t === 2n || t === 4n) return Number(t) as TxType
  if (t === 3n) {
    throw new AirsignError('TX_TYPE_UNSUPPORTED', 'EIP-4844 blob transactions (type 3) are not supported', {
      hints: ['a blob transaction is only valid with its blob sidecar and KZG proofs, which airsign does not build'],
    })
  }
  throw new AirsignError('TX_TYPE_UNKNOWN', `transaction type 0x${t.toString(16).padStart(2, '0')} is not a known type (0, 1, 2, 4)`)
}

// ——— RLP fields ———

// RLP quantities are big-endian with no leading zero bytes; zero is the empty string.
function rlpQuantity(item: rlp.Item | undefined, field: string, max: bigint, errors: FieldError[]): bigint {
  if (!(item instanceof Uint8Array)) {
    errors.push({ field, message: 'expected a byte string, got a list' })
    return 0n
  }
  if (item.length > 0 && item[0] === 0) {
    errors.push({ field, message: 'non-canonical quantity (leading zero byte)' })
    return 0n
  }
  const n = bytesToBigint(item)
  if (n > max) errors.push({ field, message: `out of range (at most ${max})` })
  return n
}

function rlpBytes(item: rlp.Item | undefined, field: string, errors: FieldError[]): Uint8Array {
  if (!(item instanceof Uint8Array)) {
    errors.push({ field, message: 'expected a byte string, got a list' })
    return new Uint8Array(0)
  }
  return item
}

function rlpAddress(item: rlp.Item | undefined, field: string, errors: FieldError[]): Uint8Array {
  const b = rlpBytes(item, field, errors)
  if (item instanceof Uint8Array && b.length !== 20) errors.push({ field, message: `expected 20 bytes, got ${b.length}` })
  return b
}

function rlpTo(item: rlp.Item | undefined, errors: FieldError[], creation: boolean): Uint8Array | null {
  const b = rlpBytes(item, 'to', errors)
  if (b.length === 0) {
    if (!creation && item instanceof Uint8Array) errors.push({ field: 'to', message: 'required: an EIP-7702 transaction cannot create a contract' })
    return null
  }
  if (b.length !== 20) errors.push({ field: 'to', message: `expected 20 bytes or empty (contract creation), got ${b.length}` })
  return b
}

function rlpList(item: rlp.Item | undefined, field: string, errors: FieldError[]): rlp.Item[] {
  if (!Array.isArray(item)) {
    errors.push({ field, message: 'expected a list, got a byte string' })
    return []
  }
  return item
}

function rlpAccessList(item: rlp.Item | undefined, errors: FieldError[]): AccessListEntry[] {
  return rlpList(item, 'accessList', errors).map((entry, i) => {
    const f = `accessList[${i}]`
    const pair = rlpList(entry, f, errors)
    if (Array.isArray(entry) && pair.length !== 2) {
      errors.push({ field: f, message: `expected [address, storageKeys], got ${pair.length} items` })
      return { address: new Uint8Array(0), storageKeys: [] }
    }
    const address = rlpAddress(pair[0], `${f}.address`, errors)
    const storageKeys = rlpList(pair[1], `${f}.storageKeys`, errors).map((k, j) => {
      const key = rlpBytes(k, `${f}.storageKeys[${j}]`, errors)
      if (k instanceof Uint8Array && key.length !== 32) errors.push({ field: `${f}.storageKeys[${j}]`, message: `expected 32 bytes, got ${key.length}` })
      return key
    })
    return { address, storageKeys }
  })
}

/** EIP-7702 bounds of an authorization tuple, and a valid low-s signature (EIP-2, as EIP-7702 requires). */
function checkAuthorization(a: Authorization, f: string, errors: FieldError[]): void {
  if (a.r === 0n || a.r >= CURVE_N) errors.push({ field: `${f}.r`, message: 'not a valid signature value (0 < r < n)' })
  if (a.s === 0n || a.s > CURVE_N / 2n) errors.push({ field: `${f}.s`, message: 'not a valid low-s signature value (0 < s <= n/2, EIP-2)' })
}

function rlpAuthorizationList(item: rlp.Item | undefined, errors: FieldError[]): Authorization[] {
  return rlpList(item, 'authorizationList', errors).map((entry, i) => {
    const f = `authorizationList[${i}]`
    const t = rlpList(entry, f, errors)
    if (Array.isArray(entry) && t.length !== 6) errors.push({ field: f, message: `expected [chainId, address, nonce, yParity, r, s], got ${t.length} items` })
    const yParity = rlpQuantity(t[3], `${f}.yParity`, 1n, errors)
    const a: Authorization = {
      chainId: rlpQuantity(t[0], `${f}.chainId`, U256, errors),
      address: rlpAddress(t[1], `${f}.address`, errors),
      nonce: rlpQuantity(t[2], `${f}.nonce`, MAX_NONCE, errors),
      yParity: yParity === 1n ? 1 : 0,
      r: rlpQuantity(t[4], `${f}.r`, U256, errors),
      s: rlpQuantity(t[5], `${f}.s`, U256, errors),
    }
    if (t.length === 6) checkAuthorization(a, f, errors)
    return a
  })
}

/** Rules that hold across fields of a parsed transaction. */
function crossCheck(tx: UnsignedTx, errors: FieldError[]): void {
  // A tip above the fee cap can never be included (go-ethereum: ErrTipAboveFeeCap; viem refuses it too).
  if ((tx.type === 2 || tx.type === 4) && tx.maxPriorityFeePerGas > tx.maxFeePerGas) {
    errors.push({ field: 'maxPriorityFeePerGas', message: `above maxFeePerGas (${tx.maxPriorityFeePerGas} > ${tx.maxFeePerGas})` })
  }
  if (tx.type === 4 && tx.authorizationList.length === 0) {
    errors.push({ field: 'authorizationList', message: 'empty: an EIP-7702 transaction carries at least one authorization' })
  }
}

/** Decode the unsigned fields of a typed transaction from its RLP items. */
function typedFromItems(type: TypedType, items: rlp.Item[], errors: FieldError[]): UnsignedTx {
  const o: Record<string, unknown> = { type }
  TYPED_FIELDS[type].forEach((name, i) => {
    const item = items[i]
    if (name in MAX) o[name] = rlpQuantity(item, name, MAX[name]!, errors)
    else if (name === 'to') o.to = rlpTo(item, errors, type !== 4)
    else if (name === 'data') o.data = rlpBytes(item, 'data', errors)
    else if (name === 'accessList') o.accessList = rlpAccessList(item, errors)
    else o.authorizationList = rlpAuthorizationList(item, errors)
  })
  return o as UnsignedTx
}

function legacyFromItems(items: rlp.Item[], chainId: bigint | null, errors: FieldError[]): LegacyTx {
  return {
    type: 0,
    chainId,
    nonce: rlpQuantity(items[0], 'nonce', MAX_NONCE, errors),
    gasPrice: rlpQuantity(items[1], 'gasPrice', U256, errors),
    gas: rlpQuantity(items[2], 'gas', MAX_GAS, errors),
    to: rlpTo(items[3], errors, true),
    value: rlpQuantity(items[4], 'value', U256, errors),
    data: rlpBytes(items[5], 'data', errors),
  }
}

/** Split raw bytes into the type and the RLP list of fields. */
function split(bytes: Uint8Array): { type: TxType; items: rlp.Item[] } {
  if (bytes.length === 0) throw new AirsignError('TX_EMPTY', 'no transaction given')
  const first = bytes[0]!
  if (first >= 0xc0) {
    const items = rlp.decode(bytes)
    if (!Array.isArray(items)) throw new AirsignError('TX_DECODE', 'transaction: expected an RLP list')
    return { type: 0, items }
  }
  // EIP-2718: a typed transaction starts with its type byte 0x00 … 0x7f.
  if (first >= 0x80) throw new AirsignError('TX_DECODE', 'transaction: expected an RLP list or a typed transaction')
  const type = checkType(BigInt(first))
  if (type === 0) throw new AirsignError('TX_DECODE', 'transaction: a legacy transaction has no type byte')
  const items = rlp.decode(bytes.subarray(1), `type ${first} transaction`)
  if (!Array.isArray(items)) throw new AirsignError('TX_DECODE', `type ${first} transaction: expected an RLP list after the type byte`)
  return { type, items }
}

/**
 * Decode an unsigned transaction from its raw bytes: legacy in the 6-field
 * form (no chain id) or the EIP-155 9-field form `[nonce, gasPrice, gas, to,
 * value, data, chainId, 0, 0]`, or a typed transaction `type || rlp(fields)`.
 * @param bytes - the raw transaction
 * @returns the transaction
 * @throws AirsignError TX_EMPTY, TX_DECODE, TX_FIELD, TX_SIGNED, TX_TYPE_UNSUPPORTED, TX_TYPE_UNKNOWN
 */
export function decodeUnsigned(bytes: Uint8Array): UnsignedTx {
  const { type, items } = split(bytes)
  const errors: FieldError[] = []
  let tx: UnsignedTx
  if (type === 0) {
    if (items.length !== 6 && items.length !== 9) {
      throw new AirsignError('TX_DECODE', `legacy transaction has ${items.length} fields; expected 6 (unsigned) or 9 (EIP-155 unsigned)`)
    }
    let chainId: bigint | null = null
    if (items.length === 9) {
      const r = rlpBytes(items[7], 'r', errors)
      const s = rlpBytes(items[8], 's', errors)
      if (r.length !== 0 || s.length !== 0) throw new AirsignError('TX_SIGNED', 'transaction is already signed (r and s are set)')
      chainId = rlpQuantity(items[6], 'chainId', MAX_CHAIN_ID, errors)
    }
    tx = legacyFromItems(items, chainId, errors)
  } else {
    const n = TYPED_FIELDS[type].length
    if (items.length === n + 3) throw new AirsignError('TX_SIGNED', `transaction is already signed (type ${type} with yParity, r and s)`)
    if (items.length !== n) throw new AirsignError('TX_DECODE', `type ${type} (${TYPE_NAMES[type]}) transaction has ${items.length} fields; expected ${n} (unsigned)`)
    tx = typedFromItems(type, items, errors)
  }
  crossCheck(tx, errors)
  if (errors.length) fail(errors)
  return tx
}

// ——— JSON ———

/** Every field name a transaction JSON may carry (ethers and viem names). */
const KNOWN_FIELDS: Record<TxType, ReadonlySet<string>> = (() => {
  const common = ['type', 'chainId', 'nonce', 'gas', 'gasLimit', 'to', 'value', 'data', 'input', 'from']
  return {
    0: new Set([...common, 'gasPrice']),
    1: new Set([...common, 'gasPrice', 'accessList']),
    2: new Set([...common, 'maxFeePerGas', 'maxPriorityFeePerGas', 'accessList']),
    4: new Set([...common, 'maxFeePerGas', 'maxPriorityFeePerGas', 'accessList', 'authorizationList']),
  }
})()
const ALL_FIELDS = new Set(Object.values(KNOWN_FIELDS).flatMap((s) => [...s]).concat(['maxFeePerBlobGas', 'blobVersionedHashes', 'blobs']))
const SIGNATURE_FIELDS = ['v', 'r', 's', 'yParity', 'signature', 'hash', 'raw']
/** viem's names for the types. */
const TYPE_WORDS: Record<string, bigint> = { legacy: 0n, eip2930: 1n, eip1559: 2n, eip4844: 3n, eip7702: 4n }

function jsonQuantity(obj: Record<string, unknown>, field: string, max: bigint, errors: FieldError[], dflt?: bigint, path = field): bigint {
  const v = obj[field]
  if (v === undefined || v === null) {
    if (dflt !== undefined) return dflt
    errors.push({ field: path, message: 'missing' })
    return 0n
  }
  if (typeof v === 'number' && !Number.isSafeInteger(v)) {
    errors.push({ field: path, message: 'a JSON number above 2^53-1 loses precision; write it as a decimal or 0x string' })
    return 0n
  }
  if (typeof v === 'number' ? v < 0 : typeof v === 'string' ? !/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(v) : true) {
    errors.push({ field: path, message: 'expected a decimal string, a 0x hex string or a non-negative safe integer' })
    return 0n
  }
  const n = BigInt(v as string | number)
  if (n > max) errors.push({ field: path, message: `out of range (at most ${max})` })
  return n
}

function jsonHexBytes(v: unknown, field: string, errors: FieldError[], size?: number): Uint8Array {
  if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v)) {
    errors.push({ field, message: 'expected 0x followed by an even number of hex digits' })
    return new Uint8Array(0)
  }
  const b = hexToBytes(v, field)
  if (size !== undefined && b.length !== size) errors.push({ field, message: `expected ${size} bytes, got ${b.length}` })
  return b
}

function jsonData(obj: Record<string, unknown>, errors: FieldError[]): Uint8Array {
  const d = obj.data
  const i = obj.input
  if (d !== undefined && d !== null && i !== undefined && i !== null && d !== i) errors.push({ field: 'data', message: 'data and input are both given and differ' })
  return jsonHexBytes(d ?? i ?? '0x', d !== undefined && d !== null ? 'data' : 'input', errors)
}

function jsonAddress(v: unknown, field: string, errors: FieldError[]): Uint8Array {
  if (typeof v !== 'string') {
    errors.push({ field, message: 'expected an address' })
    return new Uint8Array(20)
  }
  try {
    return address.parse(v, field)
  } catch (e) {
    errors.push({ field, message: e instanceof AirsignError ? e.message.replace(`${field}: `, '') : 'invalid' })
    return new Uint8Array(20)
  }
}

function jsonTo(obj: Record<string, unknown>, errors: FieldError[], creation: boolean): Uint8Array | null {
  if (!('to' in obj)) {
    errors.push({ field: 'to', message: creation ? 'missing; write "to": null for a contract creation' : 'missing' })
    return null
  }
  if (obj.to === null) {
    if (!creation) errors.push({ field: 'to', message: 'required: an EIP-7702 transaction cannot create a contract' })
    return null
  }
  return jsonAddress(obj.to, 'to', errors)
}

function jsonArray(v: unknown, field: string, errors: FieldError[]): unknown[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) {
    errors.push({ field, message: 'expected an array' })
    return []
  }
  return v
}

function jsonObject(v: unknown, field: string, errors: FieldError[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    errors.push({ field, message: 'expected an object' })
    return {}
  }
  return v as Record<string, unknown>
}

function jsonAccessList(v: unknown, errors: FieldError[]): AccessListEntry[] {
  return jsonArray(v, 'accessList', errors).map((e, i) => {
    const f = `accessList[${i}]`
    const o = jsonObject(e, f, errors)
    for (const k of Object.keys(o)) if (k !== 'address' && k !== 'storageKeys') errors.push({ field: `${f}.${k}`, message: 'unknown field (expected address, storageKeys)' })
    const keys = jsonArray(o.storageKeys, `${f}.storageKeys`, errors)
    if (o.storageKeys === undefined) errors.push({ field: `${f}.storageKeys`, message: 'missing (write [] for none)' })
    return { address: jsonAddress(o.address, `${f}.address`, errors), storageKeys: keys.map((k, j) => jsonHexBytes(k, `${f}.storageKeys[${j}]`, errors, 32)) }
  })
}

/**
 * An EIP-7702 authorization as ethers (`{address, nonce, chainId, signature: {r, s, yParity}}`)
 * or viem (`{address | contractAddress, chainId, nonce, r, s, yParity | v}`) write it.
 */
function jsonAuthorization(e: unknown, f: string, errors: FieldError[]): Authorization {
  const o = jsonObject(e, f, errors)
  const sigObj = o.signature === undefined ? o : jsonObject(o.signature, `${f}.signature`, errors)
  const sp = o.signature === undefined ? f : `${f}.signature`
  const known = new Set(['address', 'contractAddress', 'chainId', 'nonce', ...(o.signature === undefined ? ['r', 's', 'yParity', 'v'] : ['signature'])])
  for (const k of Object.keys(o)) if (!known.has(k)) errors.push({ field: `${f}.${k}`, message: 'unknown field' })
  if (o.address !== undefined && o.contractAddress !== undefined && o.address !== o.contractAddress) errors.push({ field: `${f}.address`, message: 'address and contractAddress differ' })
  let yParity: 0 | 1 = 0
  if (sigObj.yParity !== undefined && sigObj.yParity !== null) {
    yParity = jsonQuantity(sigObj, 'yParity', 1n, errors, undefined, `${sp}.yParity`) === 1n ? 1 : 0
    if (sigObj.v !== undefined && sigObj.v !== null) {
      const v = jsonQuantity(sigObj, 'v', 28n, errors, undefined, `${sp}.v`)
      if (v !== 27n + BigInt(yParity) && v !== BigInt(yParity)) errors.push({ field: `${sp}.v`, message: 'disagrees with yParity' })
    }
  } else {
    const v = jsonQuantity(sigObj, 'v', 28n, errors, undefined, `${sp}.v`)
    if (v === 27n || v === 28n) yParity = v === 28n ? 1 : 0
    else if (v === 0n || v === 1n) yParity = v === 1n ? 1 : 0
    else errors.push({ field: `${sp}.v`, message: 'expected 27 or 28 (or yParity 0 or 1)' })
  }
  const a: Authorization = {
    chainId: jsonQuantity(o, 'chainId', U256, errors, undefined, `${f}.chainId`),
    address: jsonAddress(o.address ?? o.contractAddress, `${f}.address`, errors),
    nonce: jsonQuantity(o, 'nonce', MAX_NONCE, errors, undefined, `${f}.nonce`),
    yParity,
    r: jsonQuantity(sigObj, 'r', U256, errors, undefined, `${sp}.r`),
    s: jsonQuantity(sigObj, 's', U256, errors, undefined, `${sp}.s`),
  }
  checkAuthorization(a, sp, errors)
  return a
}

/** The type a JSON object declares, or the one its fee fields imply (as ethers and viem infer it). */
function jsonType(o: Record<string, unknown>, errors: FieldError[]): TxType | null {
  const t = o.type
  if (t === undefined || t === null) {
    if (o.authorizationList != null) return 4
    if (o.maxFeePerGas != null || o.maxPriorityFeePerGas != null) return 2
    if (o.accessList != null) return 1
    return 0
  }
  if (typeof t === 'string' && t in TYPE_WORDS) return checkType(TYPE_WORDS[t]!)
  const n = jsonQuantity(o, 'type', 0xffn, errors)
  if (errors.length) return null
  return checkType(n)
}

/** The order errors are reported in: unknown fields first, then the fields in wire order. */
const JSON_ORDER = ['type', 'chainId', 'nonce', 'gasPrice', 'maxPriorityFeePerGas', 'maxFeePerGas', 'gas', 'gasLimit', 'to', 'value', 'data', 'input', 'accessList', 'authorizationList', 'from']

function inWireOrder(errors: FieldError[]): FieldError[] {
  const rank = (f: string): number => JSON_ORDER.indexOf(/^[A-Za-z]+/.exec(f)?.[0] ?? f)
  return errors.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e.field) - rank(b.e.field) || a.i - b.i).map((x) => x.e)
}

/**
 * An unsigned transaction from a parsed JSON object with the field names that
 * ethers and viem use. Quantities: decimal strings, 0x hex or safe integers.
 * `type` is a number, a 0x or decimal string, or viem's name ("eip1559");
 * without it the type follows from the fields (authorizationList → 4,
 * maxFeePerGas → 2, accessList → 1, else 0). `to` must be present (null for a
 * contract creation): a forgotten recipient must not turn a payment into a
 * contract creation. A field of another type is an error unless it is null.
 * @param obj - the parsed JSON value
 * @returns the transaction, and `from` when the object names one (the caller checks it)
 * @throws AirsignError TX_JSON, TX_FIELD (every bad field at once), TX_SIGNED, TX_TYPE_UNSUPPORTED, TX_TYPE_UNKNOWN
 */
export function fromJson(obj: unknown): { tx: UnsignedTx; from: Uint8Array | null } {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new AirsignError('TX_JSON', 'transaction JSON must be an object')
  const o = obj as Record<string, unknown>
  for (const f of SIGNATURE_FIELDS) {
    if (o[f] !== undefined && o[f] !== null) throw new AirsignError('TX_SIGNED', `transaction JSON carries a signature field (${f}); give the unsigned transaction`)
  }
  const errors: FieldError[] = []
  const type = jsonType(o, errors)
  if (type === null) fail(errors)
  for (const k of Object.keys(o)) {
    if (KNOWN_FIELDS[type].has(k) || SIGNATURE_FIELDS.includes(k)) continue
    if (ALL_FIELDS.has(k) && o[k] === null) continue // ethers' toJSON() writes the other types' fields as null
    errors.push({ field: k, message: `unknown field for a type ${type} (${TYPE_NAMES[type]}) transaction` })
  }
  if (o.gas != null && o.gasLimit != null && String(o.gas) !== String(o.gasLimit)) {
    errors.push({ field: 'gas', message: 'gas and gasLimit are both given and differ' })
  }
  const gasField = o.gas != null ? 'gas' : 'gasLimit'
  const base = {
    chainId: o.chainId === undefined || o.chainId === null ? null : jsonQuantity(o, 'chainId', MAX_CHAIN_ID, errors),
    nonce: jsonQuantity(o, 'nonce', MAX_NONCE, errors),
    gas: jsonQuantity(o, gasField, MAX_GAS, errors),
    value: jsonQuantity(o, 'value', U256, errors, 0n),
    data: jsonData(o, errors),
  }
  let tx: UnsignedTx
  switch (type) {
    case 0:
      tx = { type, ...base, gasPrice: jsonQuantity(o, 'gasPrice', U256, errors), to: jsonTo(o, errors, true) }
      break
    case 1:
      tx = { type, ...base, gasPrice: jsonQuantity(o, 'gasPrice', U256, errors), to: jsonTo(o, errors, true), accessList: jsonAccessList(o.accessList, errors) }
      break
    case 2:
    case 4: {
      const fees = {
        maxPriorityFeePerGas: jsonQuantity(o, 'maxPriorityFeePerGas', U256, errors),
        maxFeePerGas: jsonQuantity(o, 'maxFeePerGas', U256, errors),
        accessList: jsonAccessList(o.accessList, errors),
      }
      if (type === 2) tx = { type, ...base, ...fees, to: jsonTo(o, errors, true) }
      else {
        if (o.authorizationList == null) errors.push({ field: 'authorizationList', message: 'missing' })
        const authorizationList = jsonArray(o.authorizationList, 'authorizationList', errors).map((e, i) => jsonAuthorization(e, `authorizationList[${i}]`, errors))
        tx = { type, ...base, ...fees, to: jsonTo(o, errors, false) ?? new Uint8Array(20), authorizationList }
      }
      break
    }
  }
  crossCheck(tx, errors)
  let from: Uint8Array | null = null
  if (o.from !== undefined && o.from !== null) from = jsonAddress(String(o.from), 'from', errors)
  if (errors.length) fail(inWireOrder(errors))
  return { tx, from }
}

// ——— chain id, signing, serialization ———

/**
 * Settle the chain id from the transaction and the `--chain-id` flag.
 * @param tx - the parsed transaction
 * @param flag - the `--chain-id` value, if given
 * @param unprotected - the user asked for a pre-EIP-155 signature (legacy only)
 * @returns the transaction with its chain id (null only when unprotected)
 * @throws AirsignError CHAIN_ID_MISMATCH, CHAIN_ID_MISSING, USAGE
 */
export function resolveChainId<T extends UnsignedTx>(tx: T, flag: bigint | undefined, unprotected: boolean): T {
  const own = tx.chainId
  if (own !== null && flag !== undefined && own !== flag) {
    throw new AirsignError('CHAIN_ID_MISMATCH', `--chain-id ${flag} disagrees with the transaction's chain id ${own}`)
  }
  const id = own ?? flag ?? null
  if (unprotected) {
    if (tx.type !== 0) throw new AirsignError('USAGE', `--unprotected is for legacy transactions; a type ${tx.type} transaction always signs its chain id`)
    if (id !== null && id !== 0n) throw new AirsignError('USAGE', '--unprotected signs without a chain id; the transaction has one')
    return { ...tx, chainId: null }
  }
  if (id === null || id === 0n) {
    throw new AirsignError('CHAIN_ID_MISSING', 'the transaction has no chain id; give --chain-id N', {
      hints: tx.type === 0 ? ['--unprotected signs without EIP-155 replay protection: the signature is valid on every chain'] : [],
    })
  }
  if (id > MAX_CHAIN_ID) throw new AirsignError('TX_FIELD', `chainId: out of range (at most ${MAX_CHAIN_ID})`)
  return { ...tx, chainId: id }
}

const q = bigintToBytes

function legacyFields(tx: LegacyTx): rlp.Item[] {
  // Wire order, never reordered: nonce, gasPrice, gas, to, value, data.
  return [q(tx.nonce), q(tx.gasPrice), q(tx.gas), tx.to ?? new Uint8Array(0), q(tx.value), tx.data]
}

/** An authorization tuple as RLP items: `[chainId, address, nonce, yParity, r, s]`. */
export function authorizationItems(a: Authorization): rlp.Item[] {
  return [q(a.chainId), a.address, q(a.nonce), q(BigInt(a.yParity)), q(a.r), q(a.s)]
}

function typedFields(tx: AccessListTx | FeeMarketTx | SetCodeTx): rlp.Item[] {
  return TYPED_FIELDS[tx.type].map((name): rlp.Item => {
    if (name === 'to') return tx.to ?? new Uint8Array(0)
    if (name === 'data') return tx.data
    if (name === 'accessList') return tx.accessList.map((e) => [e.address, [...e.storageKeys]])
    if (name === 'authorizationList') return (tx as SetCodeTx).authorizationList.map(authorizationItems)
    if (name === 'chainId') return q(tx.chainId ?? 0n)
    return q((tx as unknown as Record<string, bigint>)[name]!)
  })
}

/**
 * The bytes that are hashed for signing.
 * @returns legacy: EIP-155 `rlp([..., chainId, 0, 0])`, or `rlp([...6 fields])` when chainId is null;
 *   typed: `type || rlp(fields)`
 */
export function signingPayload(tx: UnsignedTx): Uint8Array {
  if (tx.type !== 0) return concatBytes(Uint8Array.of(tx.type), rlp.encode(typedFields(tx)))
  const fields = legacyFields(tx)
  if (tx.chainId === null) return rlp.encode(fields)
  return rlp.encode([...fields, q(tx.chainId), new Uint8Array(0), new Uint8Array(0)])
}

/** keccak256 of the signing payload: the digest that is signed. */
export function signingHash(tx: UnsignedTx): Digest32 {
  return asDigest(keccak_256(signingPayload(tx)))
}

/**
 * The signed legacy `v`: EIP-155 `chainId * 2 + 35 + yParity`, or `27 + yParity` unprotected.
 * @example legacyV(1n, 0) // 37n
 */
export function legacyV(chainId: bigint | null, yParity: 0 | 1): bigint {
  return chainId === null ? 27n + BigInt(yParity) : chainId * 2n + 35n + BigInt(yParity)
}

/**
 * Serialize a transaction with its signature.
 * @returns legacy `rlp([nonce, gasPrice, gas, to, value, data, v, r, s])`, typed
 *   `type || rlp([...fields, yParity, r, s])`; and `v` (legacy v, or the yParity)
 */
export function serializeSigned(tx: UnsignedTx, sig: Signature): { raw: Uint8Array; v: bigint } {
  if (tx.type !== 0) {
    const raw = concatBytes(Uint8Array.of(tx.type), rlp.encode([...typedFields(tx), q(BigInt(sig.yParity)), q(sig.r), q(sig.s)]))
    return { raw, v: BigInt(sig.yParity) }
  }
  const v = legacyV(tx.chainId, sig.yParity)
  return { raw: rlp.encode([...legacyFields(tx), q(v), q(sig.r), q(sig.s)]), v }
}

/**
 * Decode a signed transaction's fields and signature, without recovering the sender.
 * @throws AirsignError TX_EMPTY, TX_DECODE, TX_FIELD, TX_TYPE_UNSUPPORTED, TX_TYPE_UNKNOWN, BAD_SIGNATURE
 */
function parseSigned(bytes: Uint8Array): SignedTx {
  const { type, items } = split(bytes)
  const errors: FieldError[] = []
  let tx: UnsignedTx
  let v: bigint
  let yParity: 0 | 1
  const n = type === 0 ? 6 : TYPED_FIELDS[type].length
  if (items.length !== n + 3) {
    throw new AirsignError('TX_DECODE', `a signed type ${type} (${TYPE_NAMES[type]}) transaction has ${n + 3} fields, this one ${items.length}${items.length === n || (type === 0 && items.length === 9) ? ' (unsigned?)' : ''}`)
  }
  const sigItems = items.slice(n)
  if (type === 0) {
    v = rlpQuantity(sigItems[0], 'v', MAX_CHAIN_ID * 2n + 36n, errors)
    if (errors.length) fail(errors)
    if (v === 27n || v === 28n) {
      yParity = v === 28n ? 1 : 0
      tx = legacyFromItems(items, null, errors)
    } else if (v >= 37n) {
      yParity = (v - 35n) % 2n === 1n ? 1 : 0
      tx = legacyFromItems(items, (v - 35n) / 2n, errors)
    } else {
      throw new AirsignError('BAD_SIGNATURE', `legacy v is ${v}: expected 27, 28 or chainId * 2 + 35/36 (EIP-155)`)
    }
  } else {
    v = rlpQuantity(sigItems[0], 'yParity', 0xffn, errors)
    if (errors.length) fail(errors)
    if (v > 1n) throw new AirsignError('BAD_SIGNATURE', `yParity is ${v}: expected 0 or 1`)
    yParity = v === 1n ? 1 : 0
    tx = typedFromItems(type, items.slice(0, n), errors)
  }
  const r = rlpQuantity(sigItems[1], 'r', U256, errors)
  const s = rlpQuantity(sigItems[2], 's', U256, errors)
  crossCheck(tx, errors)
  if (errors.length) fail(errors)
  if (r === 0n || r >= CURVE_N) throw new AirsignError('BAD_SIGNATURE', 'r is out of range (0 < r < n)')
  if (s === 0n || s >= CURVE_N) throw new AirsignError('BAD_SIGNATURE', 's is out of range (0 < s < n)')
  if (s > CURVE_N / 2n) throw new AirsignError('BAD_SIGNATURE', 's is in the upper half of the curve order: not a valid signature since EIP-2')
  const raw = Uint8Array.from(bytes)
  return { tx, raw, hash: keccak_256(raw), signature: { r, s, yParity }, v }
}

/**
 * Decode a signed transaction of any type and recover its sender.
 * @param bytes - the raw signed transaction
 * @returns the fields, the signature, the hash, and `from` (20 bytes)
 * @throws AirsignError TX_EMPTY, TX_DECODE, TX_FIELD, TX_TYPE_UNSUPPORTED, TX_TYPE_UNKNOWN, BAD_SIGNATURE
 */
export function decodeSigned(bytes: Uint8Array): DecodedSigned {
  const signed = parseSigned(bytes)
  const pub = recoverPublicKey(signingHash(signed.tx), signed.signature)
  return { ...signed, from: address.fromPublicKey(pub) }
}

/**
 * Sign a transaction whose chain id has been resolved. The output is decoded
 * again before it is returned: it must give back the very fields that were
 * signed (the signature itself was checked by recovery in signDigest).
 * @param tx - the transaction (see resolveChainId)
 * @param key - the private key
 * @param publicKey - the signer's uncompressed public key
 * @returns the serialized signed transaction and its hash
 * @throws AirsignError INTERNAL when the output does not re-parse to the input
 */
export function sign(tx: UnsignedTx, key: PrivateKey, publicKey?: Uint8Array): SignedTx {
  const payload = signingPayload(tx)
  const signature = signDigest(asDigest(keccak_256(payload)), key, publicKey)
  const { raw, v } = serializeSigned(tx, signature)
  const back = parseSigned(raw)
  const same = back.v === v && back.signature.r === signature.r && back.signature.s === signature.s && equalBytes(signingPayload(back.tx), payload)
  if (!same) throw new AirsignError('INTERNAL', 'self-check failed: the signed transaction does not decode to the fields that were signed')
  return { tx, raw, hash: back.hash, signature, v }
}
