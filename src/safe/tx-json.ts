/**
 * A Safe transaction from the JSON people have: a Transaction Service result
 * (API v1: safeTxGas, baseGas and nonce as integers; v2: as strings; `data:
 * null` for no data), its list `{count, results}` (one is picked explicitly),
 * a protocol-kit `SafeTransactionData` (or `{data: SafeTransactionData}`, an
 * `EthSafeTransaction` as JSON), or an EIP-712 `SafeTx` document. Fields other
 * than the ten of a SafeTx never reach the hash; `safe`, `safeTxHash`,
 * `confirmations` and `signatures` are kept for the checks.
 * @module
 */
import { AirsignError } from '../errors.js'
import { bytesToHex, hexToBytes, parseQuantity } from '../bytes.js'
import * as address from '../address.js'
import type { SafeTx } from './hash.js'

/** Where the transaction came from, for the summary. */
export type Source = 'transaction-service' | 'protocol-kit' | 'eip-712' | 'flags'

/** A confirmation as the Transaction Service lists it. */
export type Confirmation = { readonly owner: Uint8Array; readonly signature: Uint8Array; readonly signatureType: string | null }

export type SafeTxInput = {
  readonly tx: SafeTx
  readonly source: Source
  readonly safe: Uint8Array | null
  /** The EIP-712 document's chain id (eip-712 input only). */
  readonly chainId: bigint | null
  /** The hash the input claims (Transaction Service `safeTxHash`). */
  readonly safeTxHash: Uint8Array | null
  readonly confirmations: readonly Confirmation[]
  /** The combined `signatures` bytes the input carries, if any. */
  readonly signatures: Uint8Array | null
  /** The list's size and which entry was taken (a list input only). */
  readonly list: { readonly count: number; readonly picked: number; readonly sameNonce: number } | null
  /** The EIP-712 document: whether its SafeTx type names `dataGas` (0.1.0) and its domain has a chainId. */
  readonly typed: { readonly dataGas: boolean; readonly hasChainId: boolean } | null
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function field(where: string, message: string): never {
  throw new AirsignError('SAFE_TX_FIELD', `${where}: ${message}`)
}

function quantity(o: Record<string, unknown>, k: string, where: string, max = (1n << 256n) - 1n): bigint {
  const v = o[k]
  if (v === undefined || v === null) field(`${where}.${k}`, 'missing')
  if (typeof v === 'number' && !Number.isSafeInteger(v)) field(`${where}.${k}`, 'a JSON number beyond 2^53 (or not whole) has lost digits already: write it as a decimal string')
  try {
    return parseQuantity(v, `${where}.${k}`, max)
  } catch (e) {
    if (e instanceof AirsignError) field(`${where}.${k}`, e.message.replace(`${where}.${k}: `, ''))
    throw e
  }
}

function addr(o: Record<string, unknown>, k: string, where: string): Uint8Array {
  const v = o[k]
  if (typeof v !== 'string') field(`${where}.${k}`, 'missing, or not an address string')
  try {
    return address.parse(v, `${where}.${k}`)
  } catch (e) {
    if (e instanceof AirsignError) field(`${where}.${k}`, e.message.replace(`${where}.${k}: `, ''))
    throw e
  }
}

function bytes(v: unknown, where: string): Uint8Array {
  if (v === undefined) field(where, 'missing (no data is "0x", or null as the Transaction Service writes it)')
  if (v === null) return new Uint8Array(0)
  if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v)) field(where, 'expected 0x and an even number of hex digits')
  return hexToBytes(v, where)
}

function operation(o: Record<string, unknown>, where: string): 0 | 1 {
  const v = o.operation
  if (v === 0 || v === '0') return 0
  if (v === 1 || v === '1') return 1
  field(`${where}.operation`, `${JSON.stringify(v ?? null).slice(0, 20)}: must be 0 (CALL) or 1 (DELEGATECALL)`)
}

/** The ten fields, from an object that names them (Transaction Service, protocol-kit, EIP-712 message). */
function tenFields(o: Record<string, unknown>, where: string, gasName: 'baseGas' | 'dataGas' = 'baseGas'): SafeTx {
  const gas = o[gasName] === undefined && gasName === 'baseGas' && o.dataGas !== undefined ? 'dataGas' : gasName
  return {
    to: addr(o, 'to', where),
    value: quantity(o, 'value', where),
    data: bytes(o.data, `${where}.data`),
    operation: operation(o, where),
    safeTxGas: quantity(o, 'safeTxGas', where),
    baseGas: quantity(o, gas, where),
    gasPrice: quantity(o, 'gasPrice', where),
    gasToken: addr(o, 'gasToken', where),
    refundReceiver: addr(o, 'refundReceiver', where),
    nonce: quantity(o, 'nonce', where),
  }
}

function confirmations(v: unknown, where: string): Confirmation[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) field(where, 'expected a list')
  return v.map((c, i) => {
    const w = `${where}[${i}]`
    if (!isObj(c)) field(w, 'expected an object {owner, signature}')
    const sig = bytes(c.signature, `${w}.signature`)
    if (sig.length < 65) field(`${w}.signature`, `${sig.length} bytes: a signature is at least 65`)
    return { owner: addr(c, 'owner', w), signature: sig, signatureType: typeof c.signatureType === 'string' ? c.signatureType : null }
  })
}

/** How to choose one result of a `{count, results}` list. */
export type Pick = { readonly index?: number; readonly safeTxHash?: Uint8Array }

/**
 * Read a Safe transaction from parsed JSON.
 * @param hashOf - computes an entry's safeTxHash (to pick by hash when the entries carry none)
 * @throws AirsignError SAFE_TX_JSON (shape), SAFE_TX_FIELD (a field), SAFE_TX_AMBIGUOUS (a list of several and no pick)
 */
export function parseSafeTxJson(json: unknown, pick: Pick = {}): SafeTxInput {
  if (!isObj(json)) throw new AirsignError('SAFE_TX_JSON', 'a Safe transaction is a JSON object: a Transaction Service result or list, a protocol-kit SafeTransactionData, or an EIP-712 SafeTx document')
  if (Array.isArray(json.results)) return fromList(json, pick)
  if (pick.index !== undefined) throw new AirsignError('USAGE', '--pick chooses an entry of a {count, results} list; this input is one transaction')
  if (pick.safeTxHash !== undefined) throw new AirsignError('USAGE', '--safe-tx-hash chooses an entry of a {count, results} list; this input is one transaction (to check its hash: --expect-safe-tx-hash)')
  if (isObj(json.types) && json.primaryType !== undefined) return fromTypedData(json)
  // protocol-kit EthSafeTransaction as JSON: {data: SafeTransactionData, signatures: {}}.
  if (isObj(json.data) && json.to === undefined) return { ...one(json.data, 'data', 'protocol-kit'), source: 'protocol-kit' }
  const service = 'safeTxHash' in json || 'confirmations' in json || 'safe' in json || 'confirmationsRequired' in json
  return one(json, 'tx', service ? 'transaction-service' : 'protocol-kit')
}

function one(o: Record<string, unknown>, where: string, source: Source): SafeTxInput {
  const tx = tenFields(o, where)
  const safeTxHash = o.safeTxHash === undefined || o.safeTxHash === null ? null : bytes(o.safeTxHash, `${where}.safeTxHash`)
  if (safeTxHash && safeTxHash.length !== 32) field(`${where}.safeTxHash`, 'expected 32 bytes')
  const signatures = o.signatures === undefined || o.signatures === null || isObj(o.signatures) ? null : bytes(o.signatures, `${where}.signatures`)
  return {
    tx,
    source,
    safe: o.safe === undefined || o.safe === null ? null : addr(o, 'safe', where),
    chainId: null,
    safeTxHash,
    confirmations: confirmations(o.confirmations, `${where}.confirmations`),
    signatures: signatures && signatures.length > 0 ? signatures : null,
    list: null,
    typed: null,
  }
}

function fromList(json: Record<string, unknown>, pick: Pick): SafeTxInput {
  const results = json.results as unknown[]
  if (results.length === 0) throw new AirsignError('SAFE_TX_JSON', 'the list has no results: no transaction with this nonce was proposed')
  let index: number
  if (pick.index !== undefined) {
    if (pick.index >= results.length) throw new AirsignError('USAGE', `--pick ${pick.index}: the list has ${results.length} result${results.length === 1 ? '' : 's'} (0 … ${results.length - 1})`)
    index = pick.index
  } else if (pick.safeTxHash !== undefined) {
    const want = bytesToHex(pick.safeTxHash)
    index = results.findIndex((r) => isObj(r) && typeof r.safeTxHash === 'string' && r.safeTxHash.toLowerCase() === want)
    if (index < 0) throw new AirsignError('SAFE_TX_AMBIGUOUS', `no result of the list has safeTxHash ${want}`)
  } else if (results.length > 1) {
    throw new AirsignError('SAFE_TX_AMBIGUOUS', `the list holds ${results.length} transactions: choose one with --pick N (0 … ${results.length - 1}) or --safe-tx-hash`, {
      hints: ['several transactions with one nonce: only one can ever execute; make sure it is the one you mean'],
    })
  } else index = 0
  const r = results[index]
  if (!isObj(r)) throw new AirsignError('SAFE_TX_JSON', `results[${index}] is not a transaction object`)
  const entry = one(r, `results[${index}]`, 'transaction-service')
  const sameNonce = results.filter((x) => isObj(x) && String(x.nonce) === String(r.nonce)).length
  const count = typeof json.count === 'number' && Number.isSafeInteger(json.count) ? json.count : results.length
  return { ...entry, list: { count, picked: index, sameNonce } }
}

function fromTypedData(json: Record<string, unknown>): SafeTxInput {
  if (json.primaryType !== 'SafeTx') throw new AirsignError('SAFE_TX_JSON', `an EIP-712 document of primary type ${JSON.stringify(json.primaryType).slice(0, 40)}: a Safe transaction is a SafeTx`)
  const types = json.types as Record<string, unknown>
  const st = types.SafeTx
  if (!Array.isArray(st)) throw new AirsignError('SAFE_TX_JSON', 'types.SafeTx is missing')
  const names = st.map((f) => (isObj(f) ? `${String(f.type)} ${String(f.name)}` : '?')).join(',')
  const dataGas = names.includes('uint256 dataGas')
  const expected = `address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,uint256 ${dataGas ? 'dataGas' : 'baseGas'},uint256 gasPrice,address gasToken,address refundReceiver,uint256 nonce`
  if (names !== expected) throw new AirsignError('SAFE_TX_JSON', `types.SafeTx is not the Safe's type (${expected.replace(/,/g, ', ')})`)
  const domain = json.domain
  const message = json.message
  if (!isObj(domain) || !isObj(message)) throw new AirsignError('SAFE_TX_JSON', 'an EIP-712 document needs a domain and a message object')
  for (const k of Object.keys(domain)) if (k !== 'chainId' && k !== 'verifyingContract') throw new AirsignError('SAFE_TX_JSON', `domain.${k.slice(0, 40)}: a Safe's domain has only chainId and verifyingContract`)
  const hasChainId = domain.chainId !== undefined
  return {
    tx: tenFields(message, 'message', dataGas ? 'dataGas' : 'baseGas'),
    source: 'eip-712',
    safe: addr(domain, 'verifyingContract', 'domain'),
    chainId: hasChainId ? quantity(domain, 'chainId', 'domain') : null,
    safeTxHash: null,
    confirmations: [],
    signatures: null,
    list: null,
    typed: { dataGas, hasChainId },
  }
}

/** The flags that set or override SafeTx fields. */
export type TxFlags = { [K in 'to' | 'value' | 'data' | 'operation' | 'safeTxGas' | 'baseGas' | 'gasPrice' | 'gasToken' | 'refundReceiver' | 'nonce']?: string | undefined }

const ZERO = '0x0000000000000000000000000000000000000000'
/** Defaults of a transaction given by flags alone (every field but `to` and `nonce`). */
const DEFAULTS = { value: '0', data: '0x', operation: '0', safeTxGas: '0', baseGas: '0', gasPrice: '0', gasToken: ZERO, refundReceiver: ZERO } as const

/**
 * A transaction from flags alone (`to` and `nonce` required, the rest default to zero), or the input with flags overriding fields.
 * @returns the transaction and the names of the overridden fields
 */
export function applyFlags(base: SafeTx | null, flags: TxFlags): { tx: SafeTx; overridden: string[] } {
  const given = Object.entries(flags).filter(([, v]) => v !== undefined) as [keyof TxFlags, string][]
  if (base === null) {
    if (flags.to === undefined) throw new AirsignError('USAGE', 'give the Safe transaction: --tx FILE (or JSON on stdin), or --to and --nonce')
    if (flags.nonce === undefined) throw new AirsignError('USAGE', '--nonce is required with --to: the Safe nonce decides which transaction this is')
    const o: Record<string, unknown> = { ...DEFAULTS, ...Object.fromEntries(given) }
    return { tx: tenFields(o, 'flags'), overridden: [] }
  }
  if (given.length === 0) return { tx: base, overridden: [] }
  const o: Record<string, unknown> = {
    to: address.toChecksum(base.to),
    value: base.value.toString(),
    data: bytesToHex(base.data),
    operation: base.operation,
    safeTxGas: base.safeTxGas.toString(),
    baseGas: base.baseGas.toString(),
    gasPrice: base.gasPrice.toString(),
    gasToken: address.toChecksum(base.gasToken),
    refundReceiver: address.toChecksum(base.refundReceiver),
    nonce: base.nonce.toString(),
    ...Object.fromEntries(given),
  }
  return { tx: tenFields(o, 'flags'), overridden: given.map(([k]) => k) }
}
