/**
 * The JSON codec of unsigned transactions: a parsed JSON object with the
 * field names ethers and viem use → fields, every bound checked, every bad
 * field reported at once.
 * @module
 */
import { AirsignError } from '../errors.js'
import { equalBytes, hexToBytes } from '../bytes.js'
import * as address from '../address.js'
import { encodeAuthorization, recoverAuthority } from '../authorization.js'
import { MAX_CHAIN_ID, MAX_GAS, MAX_NONCE, TYPE_NAMES, U256, type AccessListEntry, type Authorization, type TxType, type UnsignedTx } from './types.js'
import { canCreate, checkAuthorization, checkType, checkVersionedHash, crossCheck, fail, type FieldError } from './rules.js'

/** Every field name a transaction JSON may carry (ethers and viem names). */
const KNOWN_FIELDS: Record<TxType, ReadonlySet<string>> = (() => {
  const common = ['type', 'chainId', 'nonce', 'gas', 'gasLimit', 'to', 'value', 'data', 'input', 'from']
  return {
    0: new Set([...common, 'gasPrice']),
    1: new Set([...common, 'gasPrice', 'accessList']),
    2: new Set([...common, 'maxFeePerGas', 'maxPriorityFeePerGas', 'accessList']),
    3: new Set([...common, 'maxFeePerGas', 'maxPriorityFeePerGas', 'accessList', 'maxFeePerBlobGas', 'blobVersionedHashes']),
    4: new Set([...common, 'maxFeePerGas', 'maxPriorityFeePerGas', 'accessList', 'authorizationList']),
  }
})()
/**
 * What the network wrapper of a blob transaction carries (ethers and viem names): never signed,
 * so never read here. The online machine that broadcasts adds it to the signed transaction.
 */
const WRAPPER_FIELDS = ['blobs', 'sidecars', 'blobWrapperVersion', 'kzg']
const ALL_FIELDS = new Set(Object.values(KNOWN_FIELDS).flatMap((s) => [...s]).concat(WRAPPER_FIELDS))
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

/** `to`: an address, or null for a contract creation where the type allows one (not 3, not 4). */
function jsonTo(obj: Record<string, unknown>, errors: FieldError[], type: TxType): Uint8Array | null {
  const creation = canCreate(type)
  if (!('to' in obj)) {
    errors.push({ field: 'to', message: creation ? 'missing; write "to": null for a contract creation' : 'missing' })
    return null
  }
  if (obj.to === null) {
    if (!creation) errors.push({ field: 'to', message: `required: an ${TYPE_NAMES[type]} transaction cannot create a contract` })
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

/** EIP-4844 versioned hashes: at least one, each 32 bytes of 0x hex starting with 0x01. */
function jsonVersionedHashes(v: unknown, errors: FieldError[]): Uint8Array[] {
  if (v === undefined || v === null) {
    errors.push({ field: 'blobVersionedHashes', message: 'missing: an EIP-4844 transaction carries at least one blob', blob: true })
    return []
  }
  return jsonArray(v, 'blobVersionedHashes', errors).map((h, i) => {
    const f = `blobVersionedHashes[${i}]`
    const n = errors.length
    const b = jsonHexBytes(h, f, errors)
    if (errors.length === n) checkVersionedHash(b, f, errors)
    return b
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
  // rlp and authority: what `airsign sign-authorization --json` prints beside the tuple; checked below.
  const known = new Set(['address', 'contractAddress', 'chainId', 'nonce', 'rlp', 'authority', ...(o.signature === undefined ? ['r', 's', 'yParity', 'v'] : ['signature'])])
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
  const before = errors.length
  checkAuthorization(a, sp, errors)
  // Claims about the tuple must be true of it: a pasted object whose rlp or authority is another's is refused.
  if (errors.length === before && o.rlp !== undefined) {
    const given = jsonHexBytes(o.rlp, `${f}.rlp`, errors)
    if (errors.length === before && !equalBytes(given, encodeAuthorization(a))) errors.push({ field: `${f}.rlp`, message: 'is not the RLP of this authorization' })
  }
  if (errors.length === before && o.authority !== undefined) {
    const claimed = jsonAddress(o.authority, `${f}.authority`, errors)
    if (errors.length === before) {
      const signer = recoverAuthority(a)
      if (signer === null) errors.push({ field: `${f}.authority`, message: 'the signature recovers to no address' })
      else if (!equalBytes(signer, claimed)) errors.push({ field: `${f}.authority`, message: `is not the signer of this authorization (it recovers to ${address.toChecksum(signer)})` })
    }
  }
  return a
}

/** The type a JSON object declares, or the one its fee fields imply (as ethers and viem infer it). */
function jsonType(o: Record<string, unknown>, errors: FieldError[]): TxType | null {
  const t = o.type
  if (t === undefined || t === null) {
    if (o.authorizationList != null) return 4
    if (o.maxFeePerBlobGas != null || o.blobVersionedHashes != null || WRAPPER_FIELDS.some((k) => o[k] != null)) return 3
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
const JSON_ORDER = ['type', 'chainId', 'nonce', 'gasPrice', 'maxPriorityFeePerGas', 'maxFeePerGas', 'gas', 'gasLimit', 'to', 'value', 'data', 'input', 'accessList', 'maxFeePerBlobGas', 'blobVersionedHashes', 'authorizationList', 'from']

function inWireOrder(errors: FieldError[]): FieldError[] {
  const rank = (f: string): number => JSON_ORDER.indexOf(/^[A-Za-z]+/.exec(f)?.[0] ?? f)
  return errors.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e.field) - rank(b.e.field) || a.i - b.i).map((x) => x.e)
}

/**
 * An unsigned transaction from a parsed JSON object with the field names that
 * ethers and viem use. Quantities: decimal strings, 0x hex or safe integers.
 * `type` is a number, a 0x or decimal string, or viem's name ("eip1559");
 * without it the type follows from the fields (authorizationList → 4,
 * maxFeePerBlobGas or blobVersionedHashes → 3, maxFeePerGas → 2, accessList →
 * 1, else 0). `to` must be present (null for a contract creation): a
 * forgotten recipient must not turn a payment into a contract creation. A
 * field of another type is an error unless it is null. Blobs (`blobs`,
 * `sidecars`) are refused: what is signed names them by their versioned hashes.
 * @param obj - the parsed JSON value
 * @returns the transaction, and `from` when the object names one (the caller checks it)
 * @throws AirsignError TX_JSON, TX_FIELD (every bad field at once), TX_BLOB_HASH (when only versioned hashes are bad), TX_SIGNED, TX_TYPE_UNKNOWN
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
    if (WRAPPER_FIELDS.includes(k)) {
      errors.push({ field: k, message: 'airsign signs the transaction without its blobs: the blobs, KZG commitments and proofs travel in the network wrapper the online machine adds; give blobVersionedHashes' })
      continue
    }
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
      tx = { type, ...base, gasPrice: jsonQuantity(o, 'gasPrice', U256, errors), to: jsonTo(o, errors, 0) }
      break
    case 1:
      tx = { type, ...base, gasPrice: jsonQuantity(o, 'gasPrice', U256, errors), to: jsonTo(o, errors, 1), accessList: jsonAccessList(o.accessList, errors) }
      break
    case 2:
    case 3:
    case 4: {
      const fees = {
        maxPriorityFeePerGas: jsonQuantity(o, 'maxPriorityFeePerGas', U256, errors),
        maxFeePerGas: jsonQuantity(o, 'maxFeePerGas', U256, errors),
        accessList: jsonAccessList(o.accessList, errors),
      }
      if (type === 2) tx = { type, ...base, ...fees, to: jsonTo(o, errors, 2) }
      else if (type === 3) {
        const maxFeePerBlobGas = jsonQuantity(o, 'maxFeePerBlobGas', U256, errors)
        tx = { type, ...base, ...fees, to: jsonTo(o, errors, 3) ?? new Uint8Array(20), maxFeePerBlobGas, blobVersionedHashes: jsonVersionedHashes(o.blobVersionedHashes, errors) }
      } else {
        if (o.authorizationList == null) errors.push({ field: 'authorizationList', message: 'missing' })
        const authorizationList = jsonArray(o.authorizationList, 'authorizationList', errors).map((e, i) => jsonAuthorization(e, `authorizationList[${i}]`, errors))
        tx = { type, ...base, ...fees, to: jsonTo(o, errors, 4) ?? new Uint8Array(20), authorizationList }
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
