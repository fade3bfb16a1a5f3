/**
 * Review and policy for the commands that sign or inspect: build the review
 * (src/clear/review.ts) with what the options load, print its warnings on
 * stderr, refuse what the policy refuses. Imported on demand (a plain ETH
 * transfer never loads it, nor anything it imports).
 * @module
 */
import * as tx from '../tx.js'
import type { Io } from '../io/io.js'
import type { TypedData } from '../typed-data.js'
import { enforce, reviewAuthorization, reviewTransaction, reviewTypedData, type Review } from '../clear/review.js'
import type { Warning } from '../clear/risk.js'
import { loadClear, type Clear } from './clear-input.js'
import { acceptedCodes, type ClearArgs } from './options.js'
import { warningJson } from './review-json.js'
import { jsonText } from './output.js'
import { plain, txReviewLines, typedReviewLines } from './review-text.js'

export { reviewJson } from './review-json.js'
export { txReviewLines, typedReviewLines } from './review-text.js'

const cache = new WeakMap<object, Promise<Clear>>()
/** loadClear once per parsed argument object (a batch reviews many lines with one). */
export function clearFor(args: ClearArgs, own: readonly { address: Uint8Array; name: string }[] = []): Promise<Clear> {
  if (own.length > 0) return loadClear(args, own)
  let p = cache.get(args)
  if (!p) cache.set(args, (p = loadClear(args)))
  return p
}

/** Warnings on stderr, one line each (`--json`: one `{"warning":{…}}` object a line). */
export function printWarnings(io: Io, ws: readonly Warning[], json: boolean, prefix = ''): void {
  for (const w of ws) {
    if (json) io.stderr.write(jsonText({ warning: { ...(prefix ? { line: Number(prefix.replace(/\D/g, '')) } : {}), ...warningJson(w) } }) + '\n')
    else io.stderr.write(`airsign: ${prefix}${w.severity} ${w.code}${w.path ? ` at ${plain(w.path)}` : ''}: ${plain(w.message)}\n`)
  }
}

/** Review a transaction and apply the policy. */
export async function checkTransaction(args: ClearArgs, t: tx.UnsignedTx, from: Uint8Array | null, where = ''): Promise<{ review: Review & { kind: 'transaction' }; clear: Clear }> {
  const accepted = acceptedCodes(args)
  const clear = await clearFor(args)
  const review = reviewTransaction(t, from, clear.knowledge, clear.ctx) as Review & { kind: 'transaction' }
  enforce(review, accepted, args.requireClear === true, where)
  return { review, clear }
}

/** Review a transaction without applying the policy (inspect). */
export async function inspectTransaction(args: ClearArgs, t: tx.UnsignedTx, from: Uint8Array | null): Promise<Review & { kind: 'transaction' }> {
  const clear = await clearFor(args)
  return reviewTransaction(t, from, clear.knowledge, clear.ctx) as Review & { kind: 'transaction' }
}

/** Review lines of a transaction for the terminal (with the signer's address labelled as theirs). */
export async function transactionLines(args: ClearArgs, t: tx.UnsignedTx, from: Uint8Array, yours: string): Promise<string[]> {
  const clear = await clearFor(args, [{ address: from, name: yours }])
  const review = reviewTransaction(t, from, clear.knowledge, clear.ctx) as Review & { kind: 'transaction' }
  return txReviewLines(t, review, clear.namer)
}

/** Review a typed-data document and apply the policy (no refusal when `inspectOnly`). */
export async function checkTypedData(args: ClearArgs, doc: TypedData, inspectOnly = false): Promise<{ review: Review & { kind: 'typed-data' }; lines: string[] }> {
  const accepted = inspectOnly ? new Set<string>() : acceptedCodes(args)
  const clear = await clearFor(args)
  const review = reviewTypedData(doc, clear.knowledge, clear.renderTyped, clear.ctx) as Review & { kind: 'typed-data' }
  if (!inspectOnly) enforce(review, accepted, args.requireClear === true)
  const chainId = doc.domain.chainId === undefined ? 0n : BigInt(doc.domain.chainId as string | number)
  return { review, lines: typedReviewLines(review, chainId, clear.namer) }
}

/** Review an EIP-7702 authorization and apply the policy. */
export async function checkAuthorization(args: ClearArgs, chainId: bigint, delegate: Uint8Array, nonce: bigint): Promise<Review> {
  const accepted = acceptedCodes(args)
  const clear = await clearFor(args)
  const review = reviewAuthorization(chainId, delegate, nonce, clear.ctx)
  enforce(review, accepted, args.requireClear === true)
  return review
}
