/**
 * The review of what will be signed, as data: the decoded call tree with its
 * labelled fields, the digests a hardware wallet shows, and the warnings.
 * Built for a transaction, an EIP-712 document and an EIP-7702 authorization;
 * the CLI renders it (terminal summary, JSON) and applies the policy
 * (`enforce`): CRITICAL warnings refuse unless accepted, `--require-clear`
 * refuses anything not fully decoded.
 * @module
 */
import { AirsignError } from '../errors.js'
import { hexToBytes } from '../bytes.js'
import * as address from '../address.js'
import * as tx from '../tx.js'
import { hashTypedData, type TypedData, type TypedField } from '../typed-data.js'
import { authorizationHash } from '../authorization.js'
import { explainCall, nodes, type CallNode, type Knowledge, type Rendered } from './call.js'
import { authorizationWarnings, callWarnings, typedDataWarnings, RISKS, type RiskContext, type Warning } from './risk.js'

/** One message field of a typed-data document, formatted from its declared type. */
export type TypedLeaf = { readonly path: string; readonly type: string; readonly value: string }

export type Review =
  | {
      readonly kind: 'transaction'
      readonly signingHash: Uint8Array
      readonly call: CallNode
      readonly warnings: readonly Warning[]
      readonly clear: boolean
    }
  | {
      readonly kind: 'typed-data'
      readonly primaryType: string
      readonly domainSeparator: Uint8Array
      readonly messageHash: Uint8Array | null
      readonly digest: Uint8Array
      readonly rendered: Rendered | null
      readonly leaves: readonly TypedLeaf[]
      /** A Safe SafeTx document: the call it authorizes. */
      readonly call: CallNode | null
      readonly warnings: readonly Warning[]
      readonly clear: boolean
    }
  | {
      readonly kind: 'authorization'
      readonly digest: Uint8Array
      readonly warnings: readonly Warning[]
      readonly clear: boolean
    }

/** Severity order, most severe first (warnings are listed in this order, then by position). */
const RANK = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, INFO: 3 } as const
function sorted(w: Warning[]): Warning[] {
  // Array.prototype.sort is stable: equal severities keep their order.
  return [...w].sort((a, b) => RANK[a.severity] - RANK[b.severity])
}

/** Every node of the tree is fully explained (or carries no call). */
function treeClear(root: CallNode): boolean {
  for (const n of nodes(root)) if (n.status === 'blind' || n.status === 'creation') return false
  return true
}

/**
 * Review a transaction.
 * @param t - the unsigned transaction (chain id resolved, or null for an unprotected one)
 * @param from - the signer when known (sign), else null (inspect of an unsigned one)
 */
export function reviewTransaction(t: tx.UnsignedTx, from: Uint8Array | null, k: Knowledge, ctx: RiskContext): Review {
  const chainId = t.chainId ?? 0n
  const c = { ...ctx, chainId: t.chainId }
  const call = explainCall(chainId, k, { from, to: t.to, value: t.value, data: t.data })
  const w = callWarnings(call, c)
  if (t.type === 4) w.push(...authorizationWarnings(t.authorizationList, t.chainId, c))
  return { kind: 'transaction', signingHash: tx.signingHash(t), call, warnings: sorted(w), clear: treeClear(call) }
}

/** Review an EIP-7702 authorization signed on its own (`sign-authorization`). */
export function reviewAuthorization(chainId: bigint, delegate: Uint8Array, nonce: bigint, ctx: RiskContext): Review {
  const w = authorizationWarnings([{ chainId, address: delegate }], null, ctx, 'authorization')
  return { kind: 'authorization', digest: authorizationHash(chainId, delegate, nonce), warnings: sorted(w), clear: true }
}

/** Options of reviewTypedData. */
export type TypedReviewOptions = { readonly chainId?: bigint; readonly extra?: readonly Warning[] }

/** The SafeTx type of Safe ≥ 1.0 (and its pre-1.0 form with dataGas). */
const SAFE_TX = /^address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,uint256 (baseGas|dataGas),uint256 gasPrice,address gasToken,address refundReceiver,uint256 nonce$/

/**
 * Review an EIP-712 document: every message field, the descriptor's rendering
 * when one matches, the hashes, and the warnings. A Safe `SafeTx` is reviewed
 * as the call it authorizes (with the Safe's DELEGATECALL rules).
 * @param render - the descriptor renderer for typed data (null: none)
 * @param opts - `chainId`: the chain of a Safe whose domain has none (before 1.3.0), for the call's labels; `extra`: warnings the caller adds (sorted with the others)
 */
export function reviewTypedData(doc: TypedData, k: Knowledge, renderTyped: ((doc: TypedData) => Rendered | null) | null, ctx: RiskContext, opts: TypedReviewOptions = {}): Review {
  const h = hashTypedData(doc)
  const w = [...typedDataWarnings(doc, ctx), ...(opts.extra ?? [])]
  let rendered: Rendered | null = null
  try {
    rendered = renderTyped ? renderTyped(doc) : null
  } catch {
    rendered = null
  }
  let call: CallNode | null = null
  const pt = doc.primaryType
  const fields = (doc.types[pt] ?? []).map((f) => `${f.type} ${f.name}`).join(',')
  if (pt === 'SafeTx' && SAFE_TX.test(fields)) {
    const m = doc.message as Record<string, string | number>
    const safe = typeof doc.domain.verifyingContract === 'string' ? hexToBytes(doc.domain.verifyingContract, 'domain.verifyingContract') : null
    const op = BigInt(m.operation!)
    const chainId = doc.domain.chainId === undefined ? (opts.chainId ?? 0n) : BigInt(doc.domain.chainId as string)
    call = explainCall(chainId, k, { from: safe, to: hexToBytes(String(m.to), 'message.to'), value: BigInt(m.value!), data: hexToBytes(String(m.data), 'message.data'), operation: op === 1n ? 1 : 0 }, 'message')
    w.push(...callWarnings(call, { ...ctx, chainId: chainId === 0n ? ctx.chainId : chainId }))
    w.push(...safeTxFieldWarnings(m))
  }
  return {
    kind: 'typed-data',
    primaryType: pt,
    domainSeparator: h.domainSeparator,
    messageHash: h.structHash,
    digest: h.digest,
    rendered,
    leaves: pt === 'EIP712Domain' ? [] : leaves(doc.message, pt, doc.types, 'message'),
    call,
    warnings: sorted(w),
    clear: call ? treeClear(call) : true,
  }
}

/** The message as a flat list of typed leaves, in the order of the types. */
function leaves(value: unknown, type: string, types: Readonly<Record<string, readonly TypedField[]>>, path: string): TypedLeaf[] {
  const arr = /^(.*)\[(\d*)\]$/.exec(type)
  if (arr) {
    const items = value as unknown[]
    if (items.length === 0) return [{ path, type, value: '(empty)' }]
    return items.flatMap((v, i) => leaves(v, arr[1]!, types, `${path}[${i}]`))
  }
  const struct = types[type]
  if (struct) {
    const o = value as Record<string, unknown>
    return struct.flatMap((f) => leaves(o[f.name], f.type, types, `${path}.${f.name}`))
  }
  // Atomic, normalized: numbers in decimal, addresses EIP-55, bytes lower-case hex, bool as text; strings as they are (escaped at the edge).
  let text: string
  if (/^u?int\d*$/.test(type)) text = BigInt(value as string | number).toString()
  else if (type === 'address') text = address.toChecksum(hexToBytes(String(value), path))
  else if (type === 'bytes' || /^bytes\d+$/.test(type)) text = String(value).toLowerCase()
  else text = String(value)
  return [{ path, type, value: text }]
}

const ZERO_ADDRESS = /^0x0{40}$/i
/** A SafeTx's refund fields: who is paid what from the Safe when it executes (Safe.handlePayment). */
function safeTxFieldWarnings(m: Record<string, string | number>): Warning[] {
  const out: Warning[] = []
  const w = (code: 'SAFE_GAS_REFUND' | 'SAFE_GAS_TOKEN' | 'SAFE_REFUND_RECEIVER', path: string, message: string) => out.push({ code, severity: RISKS[code], path, message })
  const token = String(m.gasToken)
  const receiver = String(m.refundReceiver)
  const inEth = ZERO_ADDRESS.test(token)
  const gas = m.baseGas ?? m.dataGas
  if (BigInt(m.gasPrice!) !== 0n) {
    w('SAFE_GAS_REFUND', 'message.gasPrice', `the Safe pays a gas refund when this executes: (gas used + baseGas ${gas}) × gasPrice ${m.gasPrice}${inEth ? ' wei (capped at the executor\'s gas price)' : ` units of token ${token}`}, to ${ZERO_ADDRESS.test(receiver) ? 'the executor (tx.origin)' : receiver}`)
  }
  if (!inEth) w('SAFE_GAS_TOKEN', 'message.gasToken', `the refund is paid in token ${token}, not ETH${BigInt(m.gasPrice!) === 0n ? ' (no refund while gasPrice is 0)' : ''}`)
  if (!ZERO_ADDRESS.test(receiver)) w('SAFE_REFUND_RECEIVER', 'message.refundReceiver', `the refund goes to ${receiver}, not the executor${BigInt(m.gasPrice!) === 0n ? ' (no refund while gasPrice is 0)' : ''}: a custom token and receiver can hide a transfer of the Safe's funds`)
  return out
}

/**
 * Apply the signing policy to a review.
 * @param accepted - codes the user accepted with --accept
 * @param requireClear - --require-clear: refuse anything not fully decoded
 * @throws AirsignError RISK_REFUSED (a CRITICAL warning not accepted), BLIND_SIGNING_REFUSED (--require-clear and not fully decoded)
 */
export function enforce(r: Review, accepted: ReadonlySet<string>, requireClear: boolean): void {
  const refused = r.warnings.filter((w) => w.severity === 'CRITICAL' && !accepted.has(w.code))
  if (refused.length > 0) {
    const codes = [...new Set(refused.map((w) => w.code))]
    throw new AirsignError('RISK_REFUSED', `not signed: ${codes.join(', ')} (CRITICAL): ${refused[0]!.message}`, {
      hints: [`to sign anyway: --accept ${codes.join(',')}`],
    })
  }
  if (requireClear && !r.clear) {
    throw new AirsignError('BLIND_SIGNING_REFUSED', `not signed: --require-clear, and the ${r.kind === 'transaction' ? 'calldata' : 'call it carries'} is not fully decoded (${blindReason(r)})`)
  }
}

function blindReason(r: Review): string {
  const call = r.kind === 'authorization' ? null : r.call
  if (!call) return 'unknown'
  for (const n of nodes(call)) {
    if (n.status === 'creation') return `${n.path}: contract creation`
    if (n.status !== 'blind') continue
    if (n.fn === null) return `${n.path}: unknown selector`
    if (n.issues.length > 0) return `${n.path}: ${n.issues[0]!.reason}`
    if (n.notes.length > 0) return `${n.path}: ${n.notes[0]}`
  }
  for (const n of nodes(call)) if (n.status === 'blind') return `${n.path}: an inner call is not decoded`
  return 'not decoded'
}
