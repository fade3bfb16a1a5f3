/**
 * The RLP codec of transactions: raw bytes → fields (unsigned and signed,
 * every bound checked), fields → the signing payload and the signed form.
 *
 * Typed transactions (EIP-2718) are `type || rlp(fields)`; the signed form
 * appends `yParity, r, s`. Legacy transactions are `rlp(fields)`: unsigned in
 * the 6-field form or the EIP-155 9-field form `[..., chainId, 0, 0]`, signed
 * with `v` (EIP-155 `chainId * 2 + 35 + yParity`, or `27 + yParity`).
 * @see https://eips.ethereum.org/EIPS/eip-155
 * @see https://eips.ethereum.org/EIPS/eip-2718
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { AirsignError } from '../errors.js'
import { bigintToBytes, bytesToBigint, concatBytes } from '../bytes.js'
import * as rlp from '../rlp.js'
import { CURVE_N, type Signature } from '../sign.js'
import { MAX, MAX_CHAIN_ID, MAX_GAS, MAX_NONCE, TYPE_NAMES, TYPED_FIELDS, U256, type AccessListEntry, type AccessListTx, type Authorization, type BlobTx, type FeeMarketTx, type LegacyTx, type SetCodeTx, type SignedTx, type TxType, type TypedType, type UnsignedTx } from './types.js'
import { canCreate, checkAuthorization, checkType, checkVersionedHash, crossCheck, fail, type FieldError } from './rules.js'

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

/** `to`: 20 bytes, or empty for a contract creation where the type allows one (not 3, not 4). */
function rlpTo(item: rlp.Item | undefined, errors: FieldError[], type: TxType): Uint8Array | null {
  const b = rlpBytes(item, 'to', errors)
  if (b.length === 0) {
    if (!canCreate(type) && item instanceof Uint8Array) errors.push({ field: 'to', message: `required: an ${TYPE_NAMES[type]} transaction cannot create a contract` })
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

function rlpVersionedHashes(item: rlp.Item | undefined, errors: FieldError[]): Uint8Array[] {
  return rlpList(item, 'blobVersionedHashes', errors).map((h, i) => {
    const f = `blobVersionedHashes[${i}]`
    const b = rlpBytes(h, f, errors)
    if (h instanceof Uint8Array) checkVersionedHash(b, f, errors)
    return b
  })
}

/** Decode the unsigned fields of a typed transaction from its RLP items. */
function typedFromItems(type: TypedType, items: rlp.Item[], errors: FieldError[]): UnsignedTx {
  const o: Record<string, unknown> = { type }
  TYPED_FIELDS[type].forEach((name, i) => {
    const item = items[i]
    if (name in MAX) o[name] = rlpQuantity(item, name, MAX[name]!, errors)
    else if (name === 'to') o.to = rlpTo(item, errors, type)
    else if (name === 'data') o.data = rlpBytes(item, 'data', errors)
    else if (name === 'accessList') o.accessList = rlpAccessList(item, errors)
    else if (name === 'blobVersionedHashes') o.blobVersionedHashes = rlpVersionedHashes(item, errors)
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
    to: rlpTo(items[3], errors, 0),
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
  if (type === 3 && isWrapper(items)) {
    throw new AirsignError('TX_BLOB_WRAPPER', 'type 3: a network wrapper (the transaction with its blobs, commitments and proofs); airsign signs the transaction without them', {
      hints: ['airsign inspect reads the wrapper; give sign the transaction alone, 0x03 || rlp([chainId, …, blobVersionedHashes])'],
    })
  }
  return { type, items }
}

/**
 * Whether the items after 0x03 are a network wrapper: `[tx_payload_body, blobs, commitments, proofs]`
 * (EIP-4844) or `[tx_payload_body, wrapper_version, blobs, commitments, cell_proofs]` (EIP-7594).
 * A transaction's own first field is its chain id, a byte string: the two cannot be confused.
 */
export function isWrapper(items: rlp.Item[]): boolean {
  return (items.length === 4 || items.length === 5) && Array.isArray(items[0])
}

/**
 * Decode an unsigned transaction from its raw bytes: legacy in the 6-field
 * form (no chain id) or the EIP-155 9-field form `[nonce, gasPrice, gas, to,
 * value, data, chainId, 0, 0]`, or a typed transaction `type || rlp(fields)`.
 * @param bytes - the raw transaction
 * @returns the transaction
 * @throws AirsignError TX_EMPTY, TX_DECODE, TX_FIELD, TX_BLOB_HASH, TX_BLOB_WRAPPER, TX_SIGNED, TX_TYPE_UNKNOWN
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

// ——— serialization ———

const q = bigintToBytes

function legacyFields(tx: LegacyTx): rlp.Item[] {
  // Wire order, never reordered: nonce, gasPrice, gas, to, value, data.
  return [q(tx.nonce), q(tx.gasPrice), q(tx.gas), tx.to ?? new Uint8Array(0), q(tx.value), tx.data]
}

/** An authorization tuple as RLP items: `[chainId, address, nonce, yParity, r, s]`. */
export function authorizationItems(a: Authorization): rlp.Item[] {
  return [q(a.chainId), a.address, q(a.nonce), q(BigInt(a.yParity)), q(a.r), q(a.s)]
}

function typedFields(tx: AccessListTx | FeeMarketTx | BlobTx | SetCodeTx): rlp.Item[] {
  return TYPED_FIELDS[tx.type].map((name): rlp.Item => {
    if (name === 'to') return tx.to ?? new Uint8Array(0)
    if (name === 'data') return tx.data
    if (name === 'accessList') return tx.accessList.map((e) => [e.address, [...e.storageKeys]])
    if (name === 'authorizationList') return (tx as SetCodeTx).authorizationList.map(authorizationItems)
    if (name === 'blobVersionedHashes') return [...(tx as BlobTx).blobVersionedHashes]
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
 * @throws AirsignError TX_EMPTY, TX_DECODE, TX_FIELD, TX_BLOB_HASH, TX_BLOB_WRAPPER, TX_TYPE_UNKNOWN, BAD_SIGNATURE
 */
export function parseSigned(bytes: Uint8Array): SignedTx {
  const f = parseSignedFields(bytes)
  return { ...f, hash: keccak_256(f.raw) }
}

/** parseSigned without the hash (sign's re-parse of its own output: the hash is computed only when read). */
export function parseSignedFields(bytes: Uint8Array): Omit<SignedTx, 'hash'> {
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
  return { tx, raw, signature: { r, s, yParity }, v }
}
