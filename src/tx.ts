/**
 * Unsigned transactions: parse (raw RLP or JSON), apply the EIP-155 chain-id
 * rules, compute the signing hash, sign and serialize.
 *
 * Legacy transactions (type 0):
 * - EIP-155 signing payload `rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])`,
 *   `v = chainId * 2 + 35 + yParity` (a bigint: chain ids beyond 2^32 are fine);
 * - pre-EIP-155 payload `rlp([nonce, gasPrice, gas, to, value, data])`, `v = 27 + yParity`,
 *   only when the caller asks for an unprotected signature explicitly.
 * @see https://eips.ethereum.org/EIPS/eip-155
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { AirsignError } from './errors.js'
import { bigintToBytes, bytesToBigint, hexToBytes } from './bytes.js'
import * as address from './address.js'
import * as rlp from './rlp.js'
import { asDigest, signDigest, type Digest32, type PrivateKey, type Signature } from './sign.js'

/** Largest quantity an RLP field of a transaction can hold here (32 bytes). */
export const MAX_UINT256 = (1n << 256n) - 1n
/** EIP-2681: a nonce is below 2^64 - 1. */
export const MAX_NONCE = (1n << 64n) - 2n
/** Gas limits are 64-bit in every client. */
export const MAX_GAS = (1n << 64n) - 1n
/** Largest chain id airsign signs for (64-bit, as go-ethereum and EIP-2294 bound it). */
export const MAX_CHAIN_ID = (1n << 64n) - 1n

/** An unsigned legacy transaction. `chainId` is null when the input carries none. */
export type LegacyTx = {
  readonly type: 0
  readonly chainId: bigint | null
  readonly nonce: bigint
  readonly gasPrice: bigint
  readonly gas: bigint
  /** null for contract creation */
  readonly to: Uint8Array | null
  readonly value: bigint
  readonly data: Uint8Array
}

/** Any unsigned transaction airsign can sign. */
export type UnsignedTx = LegacyTx

/** A signed transaction, serialized. */
export type SignedTx = {
  readonly tx: UnsignedTx
  /** the bytes to broadcast */
  readonly raw: Uint8Array
  /** keccak256(raw) */
  readonly hash: Uint8Array
  readonly signature: Signature
  /** legacy `v` as written in the transaction */
  readonly v: bigint
}

type FieldError = { field: string; message: string }

function fail(errors: FieldError[]): never {
  // Every bad field at once, so that one round of fixes is enough.
  throw new AirsignError('TX_FIELD', errors.map((e) => `${e.field}: ${e.message}`).join('; '))
}

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

function rlpTo(item: rlp.Item | undefined, errors: FieldError[]): Uint8Array | null {
  const b = rlpBytes(item, 'to', errors)
  if (b.length === 0) return null
  if (b.length !== 20) errors.push({ field: 'to', message: `expected 20 bytes or empty (contract creation), got ${b.length}` })
  return b
}

/**
 * Decode an unsigned transaction from its raw bytes.
 * Legacy: the 6-field form (no chain id) or the EIP-155 9-field form
 * `[nonce, gasPrice, gas, to, value, data, chainId, 0, 0]`.
 * @param bytes - the raw transaction
 * @returns the transaction
 * @throws AirsignError TX_DECODE, TX_FIELD, TX_SIGNED, TX_TYPE_UNSUPPORTED
 */
export function decodeUnsigned(bytes: Uint8Array): UnsignedTx {
  if (bytes.length === 0) throw new AirsignError('TX_EMPTY', 'no transaction given')
  const first = bytes[0]!
  if (first < 0x80) {
    // EIP-2718: a typed transaction starts with its type byte 0x00 … 0x7f.
    throw new AirsignError('TX_TYPE_UNSUPPORTED', `transaction type 0x${first.toString(16).padStart(2, '0')} is not supported`)
  }
  if (first < 0xc0) throw new AirsignError('TX_DECODE', 'transaction: expected an RLP list or a typed transaction')
  const items = rlp.decode(bytes)
  if (!Array.isArray(items)) throw new AirsignError('TX_DECODE', 'transaction: expected an RLP list')
  if (items.length !== 6 && items.length !== 9) {
    throw new AirsignError('TX_DECODE', `legacy transaction has ${items.length} fields; expected 6 (unsigned) or 9 (EIP-155 unsigned)`)
  }
  const errors: FieldError[] = []
  let chainId: bigint | null = null
  if (items.length === 9) {
    const r = rlpBytes(items[7], 'r', errors)
    const s = rlpBytes(items[8], 's', errors)
    if (r.length !== 0 || s.length !== 0) throw new AirsignError('TX_SIGNED', 'transaction is already signed (r and s are set)')
    chainId = rlpQuantity(items[6], 'chainId', MAX_CHAIN_ID, errors)
  }
  const tx: LegacyTx = {
    type: 0,
    chainId,
    nonce: rlpQuantity(items[0], 'nonce', MAX_NONCE, errors),
    gasPrice: rlpQuantity(items[1], 'gasPrice', MAX_UINT256, errors),
    gas: rlpQuantity(items[2], 'gas', MAX_GAS, errors),
    to: rlpTo(items[3], errors),
    value: rlpQuantity(items[4], 'value', MAX_UINT256, errors),
    data: rlpBytes(items[5], 'data', errors),
  }
  if (errors.length) fail(errors)
  return tx
}

const LEGACY_FIELDS = new Set(['type', 'chainId', 'nonce', 'gasPrice', 'gas', 'gasLimit', 'to', 'value', 'data', 'input', 'from'])
const SIGNATURE_FIELDS = ['v', 'r', 's', 'yParity', 'signature', 'hash', 'raw']

function jsonQuantity(obj: Record<string, unknown>, field: string, max: bigint, errors: FieldError[], dflt?: bigint): bigint {
  const v = obj[field]
  if (v === undefined || v === null) {
    if (dflt !== undefined) return dflt
    errors.push({ field, message: 'missing' })
    return 0n
  }
  if (typeof v === 'number' && !Number.isSafeInteger(v)) {
    errors.push({ field, message: 'a JSON number above 2^53-1 loses precision; write it as a decimal or 0x string' })
    return 0n
  }
  if (typeof v === 'number' ? v < 0 : typeof v === 'string' ? !/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(v) : true) {
    errors.push({ field, message: 'expected a decimal string, a 0x hex string or a non-negative safe integer' })
    return 0n
  }
  const n = BigInt(v as string | number)
  if (n > max) errors.push({ field, message: `out of range (at most ${max})` })
  return n
}

function jsonData(obj: Record<string, unknown>, errors: FieldError[]): Uint8Array {
  const d = obj.data
  const i = obj.input
  if (d !== undefined && i !== undefined && d !== i) errors.push({ field: 'data', message: 'data and input are both given and differ' })
  const v = d ?? i ?? '0x'
  if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v)) {
    errors.push({ field: d !== undefined ? 'data' : 'input', message: 'expected 0x followed by an even number of hex digits' })
    return new Uint8Array(0)
  }
  return hexToBytes(v, 'data')
}

function jsonTo(obj: Record<string, unknown>, errors: FieldError[]): Uint8Array | null {
  if (!('to' in obj)) {
    errors.push({ field: 'to', message: 'missing; write "to": null for a contract creation' })
    return null
  }
  const v = obj.to
  if (v === null) return null
  if (typeof v !== 'string') {
    errors.push({ field: 'to', message: 'expected an address or null' })
    return null
  }
  try {
    return address.parse(v, 'to')
  } catch (e) {
    errors.push({ field: 'to', message: e instanceof AirsignError ? e.message.replace(/^to: /, '') : 'invalid' })
    return null
  }
}

/**
 * An unsigned transaction from a parsed JSON object with the field names that
 * ethers and viem use. Quantities: decimal strings, 0x hex or safe integers.
 * `to` must be present (null for a contract creation): a forgotten recipient
 * must not turn a payment into a contract creation.
 * @param obj - the parsed JSON value
 * @returns the transaction, and `from` when the object names one (the caller checks it)
 * @throws AirsignError TX_JSON, TX_FIELD (every bad field at once), TX_SIGNED, TX_TYPE_UNSUPPORTED
 */
export function fromJson(obj: unknown): { tx: UnsignedTx; from: Uint8Array | null } {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new AirsignError('TX_JSON', 'transaction JSON must be an object')
  const o = obj as Record<string, unknown>
  for (const f of SIGNATURE_FIELDS) {
    if (o[f] !== undefined && o[f] !== null) throw new AirsignError('TX_SIGNED', `transaction JSON carries a signature field (${f}); give the unsigned transaction`)
  }
  const errors: FieldError[] = []
  const type = o.type === undefined || o.type === null ? 0n : jsonQuantity(o, 'type', 0xffn, errors)
  if (errors.length) fail(errors)
  if (type !== 0n) throw new AirsignError('TX_TYPE_UNSUPPORTED', `transaction type ${type} is not supported`)
  for (const k of Object.keys(o)) {
    if (!LEGACY_FIELDS.has(k)) errors.push({ field: k, message: 'unknown field for a legacy transaction' })
  }
  if (o.gas !== undefined && o.gasLimit !== undefined && String(o.gas) !== String(o.gasLimit)) {
    errors.push({ field: 'gas', message: 'gas and gasLimit are both given and differ' })
  }
  const gasField = o.gas !== undefined ? 'gas' : 'gasLimit'
  const chainId = o.chainId === undefined || o.chainId === null ? null : jsonQuantity(o, 'chainId', MAX_CHAIN_ID, errors)
  const tx: LegacyTx = {
    type: 0,
    chainId,
    nonce: jsonQuantity(o, 'nonce', MAX_NONCE, errors),
    gasPrice: jsonQuantity(o, 'gasPrice', MAX_UINT256, errors),
    gas: jsonQuantity(o, gasField, MAX_GAS, errors),
    to: jsonTo(o, errors),
    value: jsonQuantity(o, 'value', MAX_UINT256, errors, 0n),
    data: jsonData(o, errors),
  }
  let from: Uint8Array | null = null
  if (o.from !== undefined && o.from !== null) {
    try {
      from = address.parse(String(o.from), 'from')
    } catch (e) {
      errors.push({ field: 'from', message: e instanceof AirsignError ? e.message.replace(/^from: /, '') : 'invalid' })
    }
  }
  if (errors.length) fail(errors)
  return { tx, from }
}

/**
 * Settle the chain id from the transaction and the `--chain-id` flag.
 * @param tx - the parsed transaction
 * @param flag - the `--chain-id` value, if given
 * @param unprotected - the user asked for a pre-EIP-155 signature
 * @returns the transaction with its chain id (null only when unprotected)
 * @throws AirsignError CHAIN_ID_MISMATCH, CHAIN_ID_MISSING, USAGE
 */
export function resolveChainId(tx: UnsignedTx, flag: bigint | undefined, unprotected: boolean): UnsignedTx {
  const own = tx.chainId
  if (own !== null && flag !== undefined && own !== flag) {
    throw new AirsignError('CHAIN_ID_MISMATCH', `--chain-id ${flag} disagrees with the transaction's chain id ${own}`)
  }
  const id = own ?? flag ?? null
  if (unprotected) {
    if (id !== null && id !== 0n) throw new AirsignError('USAGE', '--unprotected signs without a chain id; the transaction has one')
    return { ...tx, chainId: null }
  }
  if (id === null || id === 0n) {
    throw new AirsignError('CHAIN_ID_MISSING', 'the transaction has no chain id; give --chain-id N', {
      hints: ['--unprotected signs without EIP-155 replay protection: the signature is valid on every chain'],
    })
  }
  if (id > MAX_CHAIN_ID) throw new AirsignError('TX_FIELD', `chainId: out of range (at most ${MAX_CHAIN_ID})`)
  return { ...tx, chainId: id }
}

function legacyFields(tx: LegacyTx): rlp.Item[] {
  // Wire order, never reordered: nonce, gasPrice, gas, to, value, data.
  return [
    bigintToBytes(tx.nonce),
    bigintToBytes(tx.gasPrice),
    bigintToBytes(tx.gas),
    tx.to ?? new Uint8Array(0),
    bigintToBytes(tx.value),
    tx.data,
  ]
}

/**
 * The bytes that are hashed for signing.
 * @returns EIP-155 `rlp([..., chainId, 0, 0])`, or `rlp([...6 fields])` when chainId is null
 */
export function signingPayload(tx: UnsignedTx): Uint8Array {
  const fields = legacyFields(tx)
  if (tx.chainId === null) return rlp.encode(fields)
  return rlp.encode([...fields, bigintToBytes(tx.chainId), new Uint8Array(0), new Uint8Array(0)])
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
 * @returns `rlp([nonce, gasPrice, gas, to, value, data, v, r, s])`
 */
export function serializeSigned(tx: UnsignedTx, sig: Signature): { raw: Uint8Array; v: bigint } {
  const v = legacyV(tx.chainId, sig.yParity)
  const raw = rlp.encode([...legacyFields(tx), bigintToBytes(v), bigintToBytes(sig.r), bigintToBytes(sig.s)])
  return { raw, v }
}

/**
 * Sign a transaction whose chain id has been resolved.
 * @param tx - the transaction (see resolveChainId)
 * @param key - the private key
 * @param publicKey - the signer's uncompressed public key
 * @returns the serialized signed transaction and its hash
 */
export function sign(tx: UnsignedTx, key: PrivateKey, publicKey?: Uint8Array): SignedTx {
  const signature = signDigest(signingHash(tx), key, publicKey)
  const { raw, v } = serializeSigned(tx, signature)
  return { tx, raw, hash: keccak_256(raw), signature, v }
}
