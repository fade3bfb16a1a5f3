/**
 * Risk rules: pure functions of the decoded call tree, the typed-data
 * document or the authorization, each with a stable code and severity.
 * Descriptors never reach them (they read `CallNode.known`, the built-in
 * decoding), so no descriptor can silence a rule.
 *
 * Severities: CRITICAL refuses to sign unless the user passes `--accept CODE`;
 * HIGH and MEDIUM are shown (stderr, review, JSON); INFO explains a sentinel.
 * "Unlimited" is a value at or above half its type's range (2^255 for
 * uint256, 2^159 for Permit2's uint160), the ERC-7730 registry's threshold for
 * ERC-20 approvals; every wallet-made "max" approval is above it.
 * @module
 */
import { bytesToHex, equalBytes, hexToBytes } from '../bytes.js'
import * as address from '../address.js'
import type { Issue } from '../abi/decode.js'
import type { Authorization } from '../tx.js'
import type { TypedData } from '../typed-data.js'
import { nodes, type CallNode } from './call.js'
import { TOKEN_CALLS } from './standards.js'
import * as knownAddr from './known.js'

import { RISKS, type RiskCode, type Severity } from './codes.js'

export { RISKS, type RiskCode, type Severity }
export type Warning = { readonly code: RiskCode; readonly severity: Severity; readonly message: string; readonly path: string }

/** A warning with its code's severity. */
export function warn(code: RiskCode, path: string, message: string): Warning {
  return { code, severity: RISKS[code], message, path }
}

const TWO = (n: number) => 1n << BigInt(n)
/** A day, for the expiry rules. */
const DAY = 86_400n
/** Permit deadlines further than this from the machine's clock are flagged (MEDIUM). */
export const LONG_EXPIRY = 30n * DAY

const hexAddr = (a: Uint8Array): string => address.toChecksum(a)

/** The rules' view of the world beyond the call: the chain, the clock (the air-gapped machine's: may be wrong), user-trusted delegates. */
export type RiskContext = {
  readonly chainId: bigint | null
  readonly now: bigint
  /** Addresses the user's --labels mark as trusted EIP-7702 delegates. */
  readonly trustedDelegates: (a: Uint8Array) => string | null
}

/**
 * The warnings of a call tree.
 * @param root - the tree (explainCall)
 * @param ctx - chain, clock
 */
export function callWarnings(root: CallNode, ctx: RiskContext): Warning[] {
  const out: Warning[] = []
  for (const n of nodes(root)) out.push(...nodeWarnings(n, ctx))
  return out
}

function nodeWarnings(n: CallNode, ctx: RiskContext): Warning[] {
  const out: Warning[] = []
  const p = n.path
  if (n.status === 'creation') out.push(warn('CONTRACT_CREATION', p, `deploys a contract from ${n.data.length} bytes of code: airsign cannot explain what the code does`))
  // Safe: the inner call of execTransaction, and MultiSend entries (also with no data: the target's fallback runs as the Safe).
  if (n.operation === 1 && n.to !== null) out.push(...delegatecallWarnings(n))
  if (n.to === null || n.data.length === 0) return out
  if (n.candidates.length > 1) out.push(warn('SELECTOR_COLLISION', p, `selector ${bytesToHex(n.selector!)} belongs to ${n.candidates.length} known functions: ${n.candidates.join(', ')}`))
  if (n.fn === null && n.selector === null) out.push(warn('CALLDATA_UNKNOWN', p, `${n.data.length} bytes of data, too short for a function selector: blind calldata to ${hexAddr(n.to)}`))
  else if (n.fn === null) out.push(warn('CALLDATA_UNKNOWN', p, `unknown function, selector ${bytesToHex(n.selector!)}: blind ${n.data.length}-byte calldata to ${hexAddr(n.to)}`))
  else if (n.values === null) out.push(warn('CALLDATA_NON_CANONICAL', p, `the calldata does not decode as ${n.fn.signature}: ${issueText(n.issues[n.issues.length - 1])}`))
  else {
    const bad = n.issues.filter((i) => i.reason !== 'TRAILING_BYTES')
    if (bad.length > 0) out.push(warn('CALLDATA_NON_CANONICAL', p, `non-canonical encoding of ${n.fn.signature} (shown as a contract would read it): ${bad.map(issueText).join('; ')}`))
    const trail = n.issues.find((i) => i.reason === 'TRAILING_BYTES')
    if (trail) out.push(warn('CALLDATA_TRAILING_BYTES', p, `${trail.message} of ${n.fn.signature}: not read by the function, yet signed`))
  }
  if (n.known) out.push(...standardWarnings(n, ctx))
  return out
}


function issueText(i: Issue | undefined): string {
  if (!i) return 'no values'
  return `${i.reason}${i.path ? ` at ${i.path}` : ''} (${i.message})`
}

/** The rules of the standard calls: approvals, transfers, Permit2, Safe configuration. */
function standardWarnings(n: CallNode, ctx: RiskContext): Warning[] {
  const out: Warning[] = []
  const { fn, values: a, standard } = n.known!
  const sig = fn.signature
  const p = n.path
  const to = n.to!
  const isTokenSelf = (x: Uint8Array) => equalBytes(x, to)
  switch (sig) {
    case 'approve(address,uint256)':
    case 'increaseAllowance(address,uint256)': {
      const spender = a[0] as Uint8Array
      const amount = a[1] as bigint
      const what = sig.startsWith('approve') ? 'approve' : 'increaseAllowance'
      if (amount >= TWO(255)) out.push(warn('APPROVAL_UNLIMITED', p, `${what}: unlimited allowance (${amount === TWO(256) - 1n ? '2^256-1' : amount}) for ${hexAddr(spender)} on ${hexAddr(to)}: the spender can take every token, now and later`))
      if (isTokenSelf(spender)) out.push(warn('APPROVAL_TO_TOKEN', p, `${what}: the spender is the token contract itself (${hexAddr(to)})`))
      break
    }
    case 'transfer(address,uint256)':
    case 'transferFrom(address,address,uint256)':
    case 'safeTransferFrom(address,address,uint256)':
    case 'safeTransferFrom(address,address,uint256,bytes)':
    case 'safeTransferFrom(address,address,uint256,uint256,bytes)':
    case 'safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)': {
      const recipient = (sig.startsWith('transfer(') ? a[0] : a[1]) as Uint8Array
      if (isTokenSelf(recipient)) out.push(warn('TRANSFER_TO_TOKEN', p, `the recipient is the token contract itself (${hexAddr(to)}): tokens sent there are almost always lost`))
      else if (ctx.chainId !== null && knownAddr.token(ctx.chainId, recipient)) out.push(warn('TRANSFER_TO_TOKEN', p, `the recipient ${hexAddr(recipient)} is a token contract (${knownAddr.token(ctx.chainId, recipient)!.symbol}): tokens sent there are almost always lost`))
      break
    }
    case 'setApprovalForAll(address,bool)':
      if (a[1] === true) out.push(warn('APPROVAL_FOR_ALL', p, `setApprovalForAll: ${hexAddr(a[0] as Uint8Array)} may move every token of ${hexAddr(to)} this account holds, now and later`))
      break
    case 'approve(address,address,uint160,uint48)': {
      const [token, spender, amount, expiration] = a as [Uint8Array, Uint8Array, bigint, bigint]
      if (amount >= TWO(159)) out.push(warn('APPROVAL_UNLIMITED', p, `Permit2 approve: unlimited allowance of ${hexAddr(token)} for ${hexAddr(spender)}`))
      out.push(...expiryWarnings(p, 'Permit2 allowance expiration', expiration, 48, ctx, { zeroIsNow: true }))
      break
    }
    case 'permit(address,((address,uint160,uint48,uint48),address,uint256),bytes)': {
      const single = a[1] as [[Uint8Array, bigint, bigint, bigint], Uint8Array, bigint]
      out.push(...permit2Details(p, [single[0]], single[1], single[2], ctx, 'APPROVAL_UNLIMITED'))
      break
    }
    case 'permit(address,((address,uint160,uint48,uint48)[],address,uint256),bytes)': {
      const batch = a[1] as [[Uint8Array, bigint, bigint, bigint][], Uint8Array, bigint]
      out.push(...permit2Details(p, batch[0], batch[1], batch[2], ctx, 'APPROVAL_UNLIMITED'))
      break
    }
  }
  if (standard === 'safe') out.push(...safeConfigWarnings(n))
  return out
}

/** Safe execTransaction refunds, and calls that change a Safe's owners, modules, guard, fallback handler or implementation. */
function safeConfigWarnings(n: CallNode): Warning[] {
  const out: Warning[] = []
  const { fn, values: a } = n.known!
  const p = n.path
  const at = `on ${hexAddr(n.to!)}`
  switch (fn.name) {
    case 'execTransaction': {
      const gasPrice = a[6] as bigint
      const gasToken = a[7] as Uint8Array
      const receiver = a[8] as Uint8Array
      if (gasPrice !== 0n) {
        const zero = (x: Uint8Array) => x.every((b) => b === 0)
        out.push(warn('SAFE_GAS_REFUND', p, `the Safe pays a gas refund: gasPrice ${gasPrice} in ${zero(gasToken) ? 'ETH' : hexAddr(gasToken)} to ${zero(receiver) ? 'the executor (tx.origin)' : hexAddr(receiver)}, for (gas used + baseGas ${a[5]})`))
      }
      break
    }
    case 'addOwnerWithThreshold':
      out.push(warn('SAFE_OWNER_CHANGE', p, `adds owner ${hexAddr(a[0] as Uint8Array)} and sets the threshold to ${a[1]} ${at}`))
      break
    case 'removeOwner':
      out.push(warn('SAFE_OWNER_CHANGE', p, `removes owner ${hexAddr(a[1] as Uint8Array)} and sets the threshold to ${a[2]} ${at}`))
      break
    case 'swapOwner':
      out.push(warn('SAFE_OWNER_CHANGE', p, `replaces owner ${hexAddr(a[1] as Uint8Array)} by ${hexAddr(a[2] as Uint8Array)} ${at}`))
      break
    case 'changeThreshold':
      out.push(warn('SAFE_OWNER_CHANGE', p, `sets the threshold to ${a[0]} ${at}`))
      break
    case 'enableModule':
      out.push(warn('SAFE_MODULE_ENABLE', p, `enables module ${hexAddr(a[0] as Uint8Array)} ${at}: a module executes transactions without any owner's signature`))
      break
    case 'disableModule':
      out.push(warn('SAFE_MODULE_DISABLE', p, `disables module ${hexAddr(a[1] as Uint8Array)} ${at}`))
      break
    case 'setGuard':
    case 'setModuleGuard':
      out.push(warn('SAFE_GUARD_CHANGE', p, `${fn.name}(${hexAddr(a[0] as Uint8Array)}) ${at}: a guard checks (or blocks) every transaction; a hostile one can freeze the Safe`))
      break
    case 'setFallbackHandler': {
      const h = a[0] as Uint8Array
      const kn = knownAddr.safeContracts(h).find((c) => /FallbackHandler|CallbackHandler/.test(c.contract))
      if (kn) out.push(warn('SAFE_FALLBACK_HANDLER_CHANGE', p, `sets the fallback handler to ${hexAddr(h)} (${kn.contract} ${kn.version}) ${at}`))
      else if (h.every((b) => b === 0)) out.push(warn('SAFE_FALLBACK_HANDLER_CHANGE', p, `removes the fallback handler ${at}`))
      else out.push(warn('SAFE_FALLBACK_HANDLER_UNKNOWN', p, `sets the fallback handler to ${hexAddr(h)}, not a Safe handler deployment, ${at}: it answers every call the Safe does not know (including signature checks)`))
      break
    }
    case 'changeMasterCopy':
      out.push(warn('SAFE_SINGLETON_CHANGE', p, `replaces the Safe's implementation with ${hexAddr(a[0] as Uint8Array)} ${at}: the new code controls everything the Safe holds`))
      break
  }
  return out
}

/** A Safe DELEGATECALL (execTransaction operation 1, or a MultiSend entry with operation 1). */
function delegatecallWarnings(n: CallNode): Warning[] {
  const out: Warning[] = []
  const to = n.to!
  const p = n.path
  const inBatch = /\.entries\[\d+\]$/.test(p)
  const deployments = knownAddr.safeContracts(to)
  const names = deployments.map((d) => d.contract)
  const label = deployments.length ? `${deployments[0]!.contract} ${deployments[0]!.version}` : 'an unknown contract'
  if (inBatch) out.push(warn('SAFE_NESTED_DELEGATECALL', p, `a MultiSend entry DELEGATECALLs ${hexAddr(to)} (${label}): that code runs as the Safe, with its storage and balances`))
  const sig = n.known?.fn.signature ?? n.fn?.signature
  if (names.includes('MultiSendCallOnly')) {
    // Trusted: it refuses any nested delegatecall.
  } else if (names.includes('MultiSend')) {
    out.push(warn('SAFE_MULTISEND_UNTRUSTED', p, `DELEGATECALL to ${label} (not MultiSendCallOnly): its entries may DELEGATECALL again`))
  } else if (names.includes('SignMessageLib') && sig === 'signMessage(bytes)') {
    // Trusted for signMessage only.
  } else if (names.some((x) => x === 'SafeMigration' || x === 'SafeToL2Migration')) {
    out.push(warn('SAFE_SINGLETON_CHANGE', p, `DELEGATECALL to ${label}: it rewrites the Safe's implementation (storage slot 0)`))
  } else if (!inBatch) {
    out.push(warn('SAFE_DELEGATECALL_UNTRUSTED', p, `DELEGATECALL to ${hexAddr(to)} (${label}): its code runs as the Safe and can rewrite the Safe's implementation, owners and modules, or move everything it holds`))
  }
  if (sig && TOKEN_CALLS.has(sig) && !names.includes('MultiSendCallOnly')) {
    out.push(warn('SAFE_DELEGATECALL_TOKEN_CALL', p, `${sig} under DELEGATECALL to ${hexAddr(to)}: a token call is never delegatecalled by a real Safe transaction; the target's own code runs in the Safe (the Bybit pattern)`))
  }
  return out
}

/** Deadline and expiration rules: the type's maximum (never expires), far in the future, 0 (sentinel). */
function expiryWarnings(path: string, what: string, t: bigint, bits: number, ctx: RiskContext, opts: { zeroIsNow?: boolean; zeroIsNever?: boolean } = {}): Warning[] {
  if (t === 0n && opts.zeroIsNow) return [warn('PERMIT2_EXPIRATION_NOW', path, `${what} 0: the allowance lasts for the block it is used in only (Permit2 stores block.timestamp)`)]
  if (t === 0n && opts.zeroIsNever) return [warn('PERMIT_NO_EXPIRY', path, `${what} 0: never expires (DAI-style permit: expiry 0 means no expiry)`)]
  if (t === TWO(bits) - 1n) return [warn('PERMIT_NO_EXPIRY', path, `${what} is the largest uint${bits}: never expires`)]
  if (t > ctx.now + LONG_EXPIRY) return [warn('PERMIT_LONG_EXPIRY', path, `${what} ${isoDate(t)} is ${(t - ctx.now) / DAY} days after this machine's clock (${isoDate(ctx.now)})`)]
  return []
}

function isoDate(t: bigint): string {
  if (t > 253402300799n) return `${t} (after year 9999)`
  return new Date(Number(t) * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')
}

function permit2Details(path: string, details: readonly [Uint8Array, bigint, bigint, bigint][], spender: Uint8Array, sigDeadline: bigint, ctx: RiskContext, unlimited: 'APPROVAL_UNLIMITED' | 'PERMIT_UNLIMITED'): Warning[] {
  const out: Warning[] = []
  details.forEach(([token, amount, expiration], i) => {
    const where = details.length > 1 ? `${path} details[${i}]` : path
    if (amount >= TWO(159)) out.push(warn(unlimited, where, `Permit2: unlimited allowance of ${hexAddr(token)} for ${hexAddr(spender)}`))
    out.push(...expiryWarnings(where, 'Permit2 allowance expiration', expiration, 48, ctx, { zeroIsNow: true }))
  })
  out.push(...expiryWarnings(path, 'Permit2 signature deadline', sigDeadline, 256, ctx))
  return out
}

/**
 * The warnings of an EIP-7702 authorization list (a type-4 transaction's, or one `sign-authorization`).
 * @param list - the authorizations, with the chain id of the transaction (null for `sign-authorization`)
 */
export function authorizationWarnings(list: readonly Pick<Authorization, 'chainId' | 'address'>[], txChainId: bigint | null, ctx: RiskContext, path = 'authorizationList'): Warning[] {
  const out: Warning[] = []
  list.forEach((a, i) => {
    const p = list.length === 1 && path === 'authorization' ? path : `${path}[${i}]`
    if (a.address.every((b) => b === 0)) {
      out.push(warn('AUTHORIZATION_REVOKE', p, 'delegate 0x0000…0000: clears the account\'s delegation (its code becomes empty again)'))
      return
    }
    const knownD = knownAddr.delegate(a.chainId === 0n ? (txChainId ?? 0n) : a.chainId, a.address)
    const trusted = ctx.trustedDelegates(a.address)
    if (!knownD && !trusted) out.push(warn('AUTHORIZATION_UNKNOWN_DELEGATE', p, `delegate ${hexAddr(a.address)} is not a known EIP-7702 delegate: its code will control this account and everything it holds, until another authorization replaces it`))
    if (a.chainId === 0n) out.push(warn('AUTHORIZATION_ANY_CHAIN', p, 'chain id 0: the authorization is valid on every chain, wherever this account has the same nonce'))
    else if (txChainId !== null && a.chainId !== txChainId) out.push(warn('AUTHORIZATION_OTHER_CHAIN', p, `chain id ${a.chainId} is not the transaction's (${txChainId}): this authorization is skipped here, but valid on chain ${a.chainId}`))
  })
  return out
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const big = (v: unknown): bigint | null => {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v)
  if (typeof v === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(v)) return BigInt(v)
  return null
}
const addrOf = (v: unknown): Uint8Array | null => (typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v) ? hexToBytes(v, 'address') : null)

/**
 * The warnings of an EIP-712 document: permits (EIP-2612, DAI, Permit2 in all
 * its forms) by the shape of their types, a Permit2 domain on another
 * contract, a domain without chain id. (Safe's SafeTx documents are reviewed
 * as the call they carry, by the caller.)
 */
export function typedDataWarnings(doc: TypedData, ctx: RiskContext): Warning[] {
  const out: Warning[] = []
  const d = doc.domain
  const m = doc.message
  const fields = (t: string) => (doc.types[t] ?? []).map((f) => `${f.type} ${f.name}`).join(',')
  const pt = doc.primaryType
  const safeDomain = (pt === 'SafeTx' || pt === 'SafeMessage') && fields('EIP712Domain') === 'address verifyingContract'
  if (safeDomain) out.push(warn('SAFE_LEGACY_DOMAIN', 'domain', `a Safe before 1.3.0 hashes without the chain id: this signature is valid on every chain where ${String(d.verifyingContract)} is a Safe with the same owners${pt === 'SafeTx' ? ' and nonce' : ''}`))
  else if (pt !== 'EIP712Domain' && d.chainId === undefined) out.push(warn('TYPED_DATA_ANY_CHAIN', 'domain', 'the domain has no chainId: the signature is valid on every chain'))
  if (d.name === 'Permit2') {
    const vc = addrOf(d.verifyingContract)
    if (!vc || !equalBytes(vc, knownAddr.PERMIT2)) out.push(warn('PERMIT2_DOMAIN_SPOOF', 'domain', `the domain is named "Permit2" but its verifyingContract is ${vc ? hexAddr(vc) : 'absent'}, not Permit2 (${hexAddr(knownAddr.PERMIT2)}): whatever it is, it is not what it claims`))
  }
  const f = fields(pt)
  // EIP-2612: Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)
  if (pt === 'Permit' && f === 'address owner,address spender,uint256 value,uint256 nonce,uint256 deadline') {
    const value = big(m.value)
    const deadline = big(m.deadline)
    if (value !== null && value >= TWO(255)) out.push(warn('PERMIT_UNLIMITED', 'message.value', `permit: unlimited allowance for ${String(m.spender)} on ${String(d.verifyingContract ?? 'the token')}; no transaction, no gas: anyone holding the signature can submit it`))
    if (deadline !== null) out.push(...expiryWarnings('message.deadline', 'permit deadline', deadline, 256, ctx))
  }
  // DAI: Permit(address holder,address spender,uint256 nonce,uint256 expiry,bool allowed)
  if (pt === 'Permit' && f === 'address holder,address spender,uint256 nonce,uint256 expiry,bool allowed') {
    if (m.allowed === true) out.push(warn('PERMIT_UNLIMITED', 'message.allowed', `DAI-style permit: allowed = true gives ${String(m.spender)} an unlimited allowance (uint256 max)`))
    const expiry = big(m.expiry)
    if (expiry !== null) out.push(...expiryWarnings('message.expiry', 'permit expiry', expiry, 256, ctx, { zeroIsNever: true }))
  }
  // Permit2 AllowanceTransfer: PermitSingle / PermitBatch.
  const details = (v: unknown): [Uint8Array, bigint, bigint, bigint] | null => {
    if (!isObj(v)) return null
    const t = addrOf(v.token)
    const amount = big(v.amount)
    const exp = big(v.expiration)
    const nonce = big(v.nonce)
    return t && amount !== null && exp !== null && nonce !== null ? [t, amount, exp, nonce] : null
  }
  if ((pt === 'PermitSingle' || pt === 'PermitBatch') && fields('PermitDetails') === 'address token,uint160 amount,uint48 expiration,uint48 nonce') {
    const list = pt === 'PermitSingle' ? [details(m.details)] : Array.isArray(m.details) ? m.details.map(details) : []
    const spender = addrOf(m.spender)
    const sigDeadline = big(m.sigDeadline)
    if (spender && sigDeadline !== null && list.every((x) => x !== null)) out.push(...permit2Details('message', list as [Uint8Array, bigint, bigint, bigint][], spender, sigDeadline, ctx, 'PERMIT_UNLIMITED'))
  }
  // Permit2 SignatureTransfer: PermitTransferFrom / PermitBatchTransferFrom and their Witness forms.
  if (/^Permit(Batch)?(Witness)?TransferFrom$/.test(pt) && fields('TokenPermissions') === 'address token,uint256 amount') {
    const perms = Array.isArray(m.permitted) ? m.permitted : [m.permitted]
    perms.forEach((x, i) => {
      if (isObj(x) && (big(x.amount) ?? 0n) >= TWO(255)) out.push(warn('PERMIT_UNLIMITED', perms.length > 1 ? `message.permitted[${i}]` : 'message.permitted', `Permit2 transfer: unlimited amount of ${String(x.token)} for ${String(m.spender)}`))
    })
    const deadline = big(m.deadline)
    if (deadline !== null) out.push(...expiryWarnings('message.deadline', 'Permit2 transfer deadline', deadline, 256, ctx))
  }
  return out
}
