/**
 * The review of `airsign safe …` (part of the review file, loaded on demand):
 * a Safe transaction or message reviewed as data (src/safe/review.ts), the
 * policy applied, and the summary lines: the fields, the decoded call tree,
 * the hashes (also as a Ledger screen shows EIP-712 hashes). The warnings are
 * printed by the caller (on stderr, and in the lines of `--review`).
 * @module
 */
import { bytesToHex } from '../bytes.js'
import * as address from '../address.js'
import type { SafeDomain, SafeTx } from '../safe/hash.js'
import { reviewSafeMessage, reviewSafeTx, type MessageContent, type SafeContext, type TypedReview } from '../safe/review.js'
import { enforce } from '../clear/review.js'
import { clearFor } from './clear-review.js'
import { acceptedCodes, type ClearArgs } from './options.js'
import { callLines, plain } from './review-text.js'
import { chainText, eth, shown } from './review.js'
import { reviewJson } from './review-json.js'

export { reviewJson }

/** How pcaversaccio's checker (and, it says, a Ledger) writes an EIP-712 hash: 0x and upper-case hex. */
export const deviceHex = (h: Uint8Array): string => `0x${bytesToHex(h).slice(2).toUpperCase()}`

const isZero = (a: Uint8Array): boolean => a.every((b) => b === 0)

/** The names the review gives the Safe and the signer. */
function own(d: SafeDomain, signer: Uint8Array | null, child: Uint8Array | null): { address: Uint8Array; name: string }[] {
  return [
    { address: d.safe, name: 'this Safe' },
    ...(child ? [{ address: child, name: 'the owner Safe' }] : []),
    ...(signer ? [{ address: signer, name: 'your key' }] : []),
  ]
}

/** The summary's head: which Safe, where, which version. */
export function safeHead(d: SafeDomain): string {
  return `Safe ${address.toChecksum(d.safe)}, version ${d.version.text}${d.version.assumed ? ' (newer than airsign knows)' : ''}, ${d.chainId === null ? 'no chain id given' : chainText(d.chainId)}`
}

/**
 * Review a Safe transaction; with `policy`, refuse what the policy refuses.
 * @param signer - the key's address (sign), labelled "your key"
 */
export async function checkSafeTx(args: ClearArgs, d: SafeDomain, tx: SafeTx, sc: SafeContext, policy: boolean, signer: Uint8Array | null = null, child: Uint8Array | null = null): Promise<{ review: TypedReview; lines: string[] }> {
  const accepted = policy ? acceptedCodes(args) : new Set<string>()
  const clear = await clearFor(args, own(d, signer, child))
  const review = reviewSafeTx(d, tx, clear.knowledge, clear.renderTyped, clear.ctx, sc)
  if (policy) enforce(review, accepted, args.requireClear === true)
  const chainId = d.chainId ?? 0n
  const lines = [
    `  ${tx.operation === 1 ? 'DELEGATECALL' : 'call'} (operation ${tx.operation}) to ${address.toChecksum(tx.to)}, value ${eth(tx.value)} (${tx.value} wei), nonce ${tx.nonce}`,
    `  refund: safeTxGas ${tx.safeTxGas}, baseGas ${tx.baseGas}, gasPrice ${tx.gasPrice}, gasToken ${isZero(tx.gasToken) ? 'none (ETH)' : address.toChecksum(tx.gasToken)}, refundReceiver ${isZero(tx.refundReceiver) ? 'none (the executor)' : address.toChecksum(tx.refundReceiver)}`,
    '  what it does:',
    ...callLines(chainId, review.call!, clear.namer, '    '),
    ...hashLines(review, 'safeTxHash'),
  ]
  return { review, lines }
}

function hashLines(r: TypedReview, name: string): string[] {
  return [
    `  domain hash  ${bytesToHex(r.domainSeparator)}  (on a Ledger: ${deviceHex(r.domainSeparator)})`,
    `  message hash ${bytesToHex(r.messageHash!)}  (on a Ledger: ${deviceHex(r.messageHash!)})`,
    `  ${name}${' '.repeat(Math.max(1, 13 - name.length))}${bytesToHex(r.digest)}  (what the owners sign; the Safe UI and eth_sign show it)`,
  ]
}

/** Review a Safe message; with `policy`, refuse what the policy refuses. */
export async function checkSafeMessage(args: ClearArgs, d: SafeDomain, message: Uint8Array, content: MessageContent, policy: boolean, signer: Uint8Array | null = null): Promise<{ review: TypedReview; inner: TypedReview | null; lines: string[] }> {
  const accepted = policy ? acceptedCodes(args) : new Set<string>()
  const clear = await clearFor(args, own(d, signer, null))
  const { review, inner } = reviewSafeMessage(d, message, content, clear.knowledge, clear.renderTyped, clear.ctx)
  if (policy) enforce(review, accepted, args.requireClear === true)
  const what =
    content.kind === 'text'
      ? [`  text (EIP-191), ${content.text.length} bytes: ${shown(new TextDecoder('utf-8', { fatal: false }).decode(content.text))}`]
      : content.kind === 'typed-data'
        ? [`  EIP-712 document, primary type ${plain(content.doc.primaryType)}, digest ${bytesToHex(inner!.digest)}`, ...inner!.leaves.map((l) => `    ${plain(l.path.replace(/^message\./, ''))} (${plain(l.type)}): ${l.type === 'string' ? shown(l.value) : plain(l.value)}`)]
        : ['  a raw 32-byte hash: BLIND, airsign cannot say what it stands for']
  const lines = [`  SafeMessage of ${message.length} bytes ${bytesToHex(message)}`, ...what, ...hashLines(review, 'safeMessageHash')]
  return { review, inner, lines }
}
