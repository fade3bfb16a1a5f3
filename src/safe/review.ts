/**
 * The review of a Safe transaction or message, as data: the SafeTx (or
 * SafeMessage) EIP-712 document reviewed as the call it authorizes, with the
 * Safe's rules (src/clear/risk.ts: DELEGATECALL targets, configuration
 * changes, refunds, the legacy domain), and the rules only a Safe input has:
 * several transactions proposed with one nonce, a version newer than those
 * airsign knows. A text message is shown as its text, a typed-data message is
 * reviewed as that document (a Permit inside a SafeMessage is still a Permit),
 * a raw hash is blind.
 * @module
 */
import type { Knowledge, Rendered } from '../clear/call.js'
import { reviewTypedData, type Review } from '../clear/review.js'
import { warn, type RiskContext, type Warning } from '../clear/risk.js'
import type { TypedData } from '../typed-data.js'
import { safeMessageTypedData, safeTxTypedData, type SafeDomain, type SafeTx } from './hash.js'

export type TypedReview = Review & { kind: 'typed-data' }

/** What the input says beside the transaction. */
export type SafeContext = {
  /** How many transactions of the input's list share this one's nonce (1 when it is alone). */
  readonly sameNonce: number
}

function versionWarnings(d: SafeDomain): Warning[] {
  return d.version.assumed
    ? [warn('SAFE_VERSION_ASSUMED', 'domain', `Safe ${d.version.release} is newer than the versions airsign knows (up to 1.5.x): hashed as 1.3.0 … 1.5.0 are (chainId in the domain, baseGas); compare the hash with the wallet's`)]
    : []
}

/**
 * Review a Safe transaction.
 * @param renderTyped - descriptors for typed data (the Safe's own document has none bound; the call is what is rendered)
 */
export function reviewSafeTx(d: SafeDomain, tx: SafeTx, k: Knowledge, renderTyped: ((doc: TypedData) => Rendered | null) | null, ctx: RiskContext, sc: SafeContext): TypedReview {
  const extra = versionWarnings(d)
  if (sc.sameNonce > 1) extra.push(warn('SAFE_SAME_NONCE', 'message.nonce', `${sc.sameNonce} transactions were proposed with nonce ${tx.nonce}: only one of them can ever execute; check that this is the one you mean`))
  return reviewTypedData(safeTxTypedData(d, tx), k, renderTyped, ctx, { ...(d.chainId !== null ? { chainId: d.chainId } : {}), extra }) as TypedReview
}

/** What a SafeMessage wraps. */
export type MessageContent = { readonly kind: 'text'; readonly text: Uint8Array } | { readonly kind: 'typed-data'; readonly doc: TypedData } | { readonly kind: 'hash' }

/**
 * Review a Safe message: the wrapped document's own warnings (typed data), the Safe's domain rules.
 * @param message - the SafeMessage bytes (the 32-byte inner hash)
 * @returns the review of the SafeMessage document, and the inner document's review (typed data only)
 */
export function reviewSafeMessage(d: SafeDomain, message: Uint8Array, content: MessageContent, k: Knowledge, renderTyped: ((doc: TypedData) => Rendered | null) | null, ctx: RiskContext): { review: TypedReview; inner: TypedReview | null } {
  const inner = content.kind === 'typed-data' ? (reviewTypedData(content.doc, k, renderTyped, ctx) as TypedReview) : null
  const extra = [...versionWarnings(d), ...(inner ? inner.warnings.map((w) => ({ ...w, path: `inner.${w.path}` })) : [])]
  const review = reviewTypedData(safeMessageTypedData(d, message), k, renderTyped, ctx, { extra }) as TypedReview
  return { review: { ...review, clear: content.kind === 'hash' ? false : inner ? inner.clear : true }, inner }
}
