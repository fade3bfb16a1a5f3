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
import { makeClear, readClearFiles, type Clear, type ClearFiles } from './clear-input.js'
import { acceptedCodes, type ClearArgs } from './options.js'
import { warningJson } from './review-json.js'
import { jsonText } from './output.js'
import { plain, txReviewLines, typedReviewLines } from './review-text.js'

export { reviewJson } from './review-json.js'
export { txReviewLines, typedReviewLines } from './review-text.js'
export { checkSafeMessage, checkSafeTx, deviceHex, safeHead } from './safe-review.js'
export { warningLines } from './review-text.js'

const cache = new WeakMap<object, Promise<{ files: ClearFiles; clear: Clear }>>()
/** The files the options name, read once per parsed argument object (a batch reviews many lines with one). */
function loaded(args: ClearArgs): Promise<{ files: ClearFiles; clear: Clear }> {
  let p = cache.get(args)
  if (!p) {
    p = readClearFiles(args).then((files) => ({ files, clear: makeClear(files) }))
    cache.set(args, p)
  }
  return p
}

/** The review's knowledge; with `own`, the signer's addresses are labelled as theirs (the same files, not read again). */
export async function clearFor(args: ClearArgs, own: readonly { address: Uint8Array; name: string }[] = []): Promise<Clear> {
  const { files, clear } = await loaded(args)
  return own.length > 0 ? makeClear(files, own) : clear
}

/** Warnings on stderr, one line each (`--json`: one `{"warning":{…}}` object a line); in a batch, with the line number. */
export function printWarnings(io: Io, ws: readonly Warning[], json: boolean, line?: number): void {
  for (const w of ws) {
    if (json) io.stderr.write(jsonText({ warning: { ...(line !== undefined ? { line } : {}), ...warningJson(w) } }) + '\n')
    else io.stderr.write(`airsign: ${line !== undefined ? `line ${line}: ` : ''}${w.severity} ${w.code}${w.path ? ` at ${plain(w.path)}` : ''}: ${plain(w.message)}\n`)
  }
}

/** Review a transaction and apply the policy. */
export async function checkTransaction(args: ClearArgs, t: tx.UnsignedTx, from: Uint8Array | null): Promise<{ review: Review & { kind: 'transaction' }; clear: Clear }> {
  const accepted = acceptedCodes(args)
  const clear = await clearFor(args)
  const review = reviewTransaction(t, from, clear.knowledge, clear.ctx) as Review & { kind: 'transaction' }
  enforce(review, accepted, args.requireClear === true)
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
export { execTransactionData } from '../safe/exec.js'
// `airsign safe …` (src/cli/commands/safe.ts parses the command line, then runs these).
export { txCommand as safeTxCommand } from './safe/tx.js'
export { messageCommand as safeMessageCommand } from './safe/message.js'
export { combineCommand as safeCombineCommand, verifyCommand as safeVerifyCommand } from './safe/signatures.js'
