/**
 * `airsign safe hash` and `airsign safe sign`: a Safe transaction's hashes,
 * its decoded call tree and warnings, the checks against what the wallet
 * showed and against the confirmations the input carries; `sign` then signs
 * the safeTxHash (EIP-712 by default, or eth_sign) and prints the signature
 * and the Transaction Service bodies. With `--via-safe`, the key is an owner
 * of an owner Safe: what it signs is that Safe's approval (approveHash, or an
 * EIP-1271 SafeMessage), and the parent's transaction is what is reviewed.
 * @module
 */
import { AirsignError } from '../../errors.js'
import { bytesToHex } from '../../bytes.js'
import * as address from '../../address.js'
import type { Io } from '../../io/io.js'
import { safeTxHashes, safeTxJson, safeTxTypedData, type SafeHashes } from '../../safe/hash.js'
import { nestedForTx, type Nested } from '../../safe/nested.js'
import { confirmTx, proposeTx, confirmMessage } from '../../safe/service.js'
import { checkOwnerSignature, parseSignatures, SERVICE_TYPES, signHash, type OwnerCheck } from '../../safe/signature.js'
import { acceptsEthSign } from '../../safe/version.js'
import { oneStdinReader, type ClearArgs, type KeyArgs, type PathArgs, keyStdinReaders } from '../options.js'
import { confirm } from '../review.js'
import { jsonText } from '../output.js'
import { warningLines } from '../review-text.js'
import type { Warning } from '../../clear/risk.js'
import * as render from '../../qr/render.js'
import { withKey } from '../signer.js'
import { checkHashes, domainOf, readSafeTx, txFromStdin, versionArg, type Check, type ReadTx } from './input.js'
import type { ContextArgs, ExpectArgs, TxArgs, ViaArgs } from './options.js'

export type Emit = 'safe-tx-hash' | 'typed-data' | 'signature' | 'confirm' | 'propose'
export type TxCommandArgs = TxArgs & ContextArgs & ExpectArgs & ViaArgs & ClearArgs & KeyArgs & PathArgs & { sig?: 'eip712' | 'eth_sign'; review?: boolean; summary?: boolean; emit?: Emit; qr?: boolean; json?: boolean }

const hex = bytesToHex

/** Write one artifact of --emit: its text, or with --qr a QR code of it on the terminal. */
export function emitted(io: Io, args: { qr?: boolean }, text: string): void {
  io.stdout.write(args.qr === true ? render.terminal(text) : text + '\n')
}

/** `safe hash` / `safe message hash`: the summary is the product, shown unless --no-summary (or --json/--emit, whose stdout holds it all, off a terminal). */
export const showSummary = (args: { summary?: boolean; json?: boolean; emit?: string }, io: Io): boolean => args.summary ?? (io.stderrIsTTY || (args.json !== true && args.emit === undefined))
const hashesJson = (h: SafeHashes, name: string) => ({ domainSeparator: hex(h.domainSeparator), structHash: hex(h.structHash), [name]: hex(h.hash), preimage: hex(h.preimage) })

/** Check the input's confirmations (and its combined signatures) against the computed hash. */
function confirmations(r: ReadTx, h: SafeHashes): OwnerCheck[] {
  const list = (r.input?.confirmations ?? []).map((c) => checkOwnerSignature(h.hash, c.owner, c.signature, r.domain.version))
  const bad = list.find((c) => c.valid === false)
  if (bad) {
    throw new AirsignError('SAFE_CONFIRMATION_INVALID', `the confirmation of ${address.toChecksum(bad.owner)} is not a signature of this transaction: ${bad.problem}`, {
      hints: ['the signatures were made for another transaction than these fields: what the owners signed is not what is shown'],
    })
  }
  if (r.input?.signatures) {
    for (const s of parseSignatures(r.input.signatures, h.hash)) {
      if (s.kind === 'invalid' || (s.owner && list.length > 0 && !list.some((c) => c.owner.every((b, i) => b === s.owner![i])))) {
        throw new AirsignError('SAFE_CONFIRMATION_INVALID', `signatures[${s.index}] ${s.problem ?? `recovers to ${address.toChecksum(s.owner!)}, who is not among the confirmations`}`)
      }
    }
  }
  return list
}

function nested(args: TxCommandArgs, r: ReadTx, h: SafeHashes): Nested | null {
  if (args.viaSafe === undefined) {
    for (const [k, flag] of [['viaVersion', '--via-version'], ['viaNonce', '--via-nonce'], ['viaMode', '--via-mode']] as const) if (args[k] !== undefined) throw new AirsignError('USAGE', `${flag} goes with --via-safe`)
    return null
  }
  const child = domainOf({ safe: args.viaSafe, ...(r.domain.chainId !== null ? { chainId: r.domain.chainId.toString() } : {}) }, versionArg(args.viaVersion, '--via-version'))
  const mode = args.viaMode ?? 'approve-hash'
  if (mode === 'approve-hash' && args.viaNonce === undefined) throw new AirsignError('USAGE', "--via-nonce is required: the owner Safe's approveHash transaction is at its own nonce")
  if (mode === 'contract-signature' && args.viaNonce !== undefined) throw new AirsignError('USAGE', '--via-nonce goes with --via-mode approve-hash (a contract signature has no nonce)')
  const nonce = args.viaNonce === undefined ? null : BigInt(readNonce(args.viaNonce))
  return nestedForTx(mode, r.domain, h, child, nonce)
}

function readNonce(v: string): string {
  if (!/^[0-9]{1,78}$/.test(v)) throw new AirsignError('BAD_NUMBER', '--via-nonce: a decimal number')
  return v
}

function nestedJson(n: Nested): Record<string, unknown> {
  const base = { mode: n.mode, safe: address.toChecksum(n.domain.safe), safeVersion: n.domain.version.text, rule: n.rule }
  return n.mode === 'approve-hash'
    ? { ...base, tx: safeTxJson(n.tx, n.domain.version), ...hashesJson(n.hashes, 'safeTxHash'), typedData: safeTxTypedData(n.domain, n.tx) }
    : { ...base, message: hex(n.message), ...hashesJson(n.hashes, 'safeMessageHash') }
}

function nestedLines(n: Nested): string[] {
  const name = n.mode === 'approve-hash' ? 'safeTxHash' : 'safeMessageHash'
  return [
    `  signed through the owner Safe ${address.toChecksum(n.domain.safe)} (version ${n.domain.version.text}), ${n.mode}: ${n.rule}`,
    `    its domain hash  ${hex(n.hashes.domainSeparator)}`,
    `    its message hash ${hex(n.hashes.structHash)}`,
    `    its ${name} ${hex(n.hashes.hash)}  (what its owners sign)`,
  ]
}

/**
 * `safe hash` (no key) and `safe sign`.
 * @param signing - sign (reads the key) or only show
 */
export async function txCommand(args: TxCommandArgs, io: Io, signing: boolean): Promise<number> {
  oneStdinReader([txFromStdin(args) && 'the Safe transaction', ...keyStdinReaders(args)])
  if (!signing && args.emit && ['signature', 'confirm', 'propose'].includes(args.emit)) throw new AirsignError('USAGE', `--emit ${args.emit} goes with "safe sign"`)
  if (args.qr === true && args.emit === undefined) throw new AirsignError('USAGE', '--qr draws the artifact --emit names (e.g. --emit confirm)')
  const r = await readSafeTx(args, io)
  const h = safeTxHashes(r.domain, r.tx)
  const checks: Check[] = checkHashes(args, h, r.input, r.overridden)
  const confs = confirmations(r, h)
  const n = nested(args, r, h)
  const kind = args.sig === 'eth_sign' ? 'eth_sign' : 'eoa'
  if (signing && kind === 'eth_sign' && !acceptsEthSign(n ? n.domain.version : r.domain.version)) {
    throw new AirsignError('SAFE_ETH_SIGN_UNSUPPORTED', `Safe ${(n ? n.domain.version : r.domain.version).release} does not accept eth_sign signatures (from 1.1.0): sign with --sig eip712`)
  }
  if (signing && kind === 'eth_sign' && n?.mode === 'contract-signature') throw new AirsignError('USAGE', '--sig eth_sign: sign the owner Safe message with EIP-712 (the default)')
  const cr = await import('../clear-review.js')
  const sameNonce = r.input?.list?.sameNonce ?? 1
  const viaSafe = n ? n.domain.safe : null
  const head = [cr.safeHead(r.domain), ...(r.input?.list ? [`  entry ${r.input.list.picked} of a list of ${r.input.list.count} (${sameNonce} with nonce ${r.tx.nonce})`] : []), ...(r.overridden.length ? [`  overridden by flags: ${r.overridden.join(', ')}`] : [])]
  const tail = [...(n ? nestedLines(n) : []), ...confs.map((c) => `  confirmation of ${address.toChecksum(c.owner)}: ${SERVICE_TYPES[c.kind as keyof typeof SERVICE_TYPES] ?? c.kind}, ${c.valid === true ? 'recovers to it for this hash' : c.note}`)]
  const body = (lines: string[]) => [...head, ...lines, ...tail]
  if (!signing) {
    const { review, lines } = await cr.checkSafeTx(args, r.domain, r.tx, { sameNonce }, false, null, viaSafe)
    if (showSummary(args, io)) io.stderr.write(body(lines).map((l) => `airsign: ${l}\n`).join(''))
    cr.printWarnings(io, review.warnings, args.json === true)
    if (args.emit === 'safe-tx-hash') emitted(io, args, hex(n ? n.hashes.hash : h.hash))
    else if (args.emit === 'typed-data') emitted(io, args, jsonText(n?.mode === 'approve-hash' ? safeTxTypedData(n.domain, n.tx) : safeTxTypedData(r.domain, r.tx)))
    else if (args.json === true) io.stdout.write(jsonText({ ...common(r, h, checks, confs, n), ...cr.reviewJson(review) }) + '\n')
    else io.stdout.write(hashText(h, n))
    return 0
  }
  // The review and the policy come before the key is read.
  const { review } = await cr.checkSafeTx(args, r.domain, r.tx, { sameNonce }, true, null, viaSafe)
  return withKey(args, io, async ({ key, publicKey, from, where }) => {
    const signed = n ? n.hashes : h
    const what = n ? `the owner Safe's ${n.mode === 'approve-hash' ? 'safeTxHash' : 'safeMessageHash'} ${hex(signed.hash)}` : `safeTxHash ${hex(h.hash)}`
    await showBeforeSigning(io, args, `${where} (${address.toChecksum(from)})`, review.warnings, async () => {
      // The summary again, with the signer's address labelled as theirs.
      const { lines } = await cr.checkSafeTx(args, r.domain, r.tx, { sameNonce }, false, from, viaSafe)
      return [...body(lines), `  signs ${what} with ${kind === 'eoa' ? 'EIP-712 (v 27/28)' : 'eth_sign (v 31/32)'}`]
    })
    cr.printWarnings(io, review.warnings, args.json === true)
    const signature = signHash(signed.hash, key, publicKey, kind)
    const bodies = n?.mode === 'contract-signature'
      ? { confirm: confirmMessage(n.hashes.hash, signature), propose: null }
      : n?.mode === 'approve-hash'
        ? { confirm: confirmTx(n.hashes.hash, signature), propose: proposeTx(n.domain.safe, n.tx, n.hashes.hash, from, signature) }
        : { confirm: confirmTx(h.hash, signature), propose: proposeTx(r.domain.safe, r.tx, h.hash, from, signature) }
    if (args.emit === 'signature') emitted(io, args, hex(signature))
    else if (args.emit === 'confirm') emitted(io, args, jsonText(bodies.confirm.body))
    else if (args.emit === 'propose') {
      if (!bodies.propose) throw new AirsignError('USAGE', '--emit propose: a contract signature is confirmed as the owner Safe message (--emit confirm), then combined for the parent')
      emitted(io, args, jsonText(bodies.propose.body))
    } else if (args.emit === 'safe-tx-hash') emitted(io, args, hex(signed.hash))
    else if (args.emit === 'typed-data') emitted(io, args, jsonText(n?.mode === 'approve-hash' ? safeTxTypedData(n.domain, n.tx) : safeTxTypedData(r.domain, r.tx)))
    else if (args.json === true) {
      io.stdout.write(jsonText({ ...common(r, h, checks, confs, n), ...cr.reviewJson(review), signature: hex(signature), signer: address.toChecksum(from), signatureType: SERVICE_TYPES[kind], confirm: bodies.confirm, propose: bodies.propose }) + '\n')
    } else io.stdout.write(hex(signature) + '\n')
    return 0
  })
}

/**
 * What `safe sign` and `safe message sign` show before they sign: with --review the summary and
 * the warnings on the terminal, asked; on a terminal (or with --summary) the summary on stderr;
 * else nothing, and the summary is not built.
 * @param who - the key and its address
 */
export async function showBeforeSigning(io: Io, args: { review?: boolean; summary?: boolean }, who: string, warnings: readonly Warning[], lines: () => Promise<string[]>): Promise<void> {
  if (args.review !== true && !io.stderrIsTTY && args.summary !== true) return
  const shown = await lines()
  if (args.review === true) await confirm(io, [`sign with ${who}:`, ...[...shown, ...(warnings.length ? ['  warnings:', ...warningLines(warnings, '    ')] : [])].map((l) => `  ${l}`)])
  else io.stderr.write(shown.map((l) => `airsign: ${l}\n`).join(''))
}

function hashText(h: SafeHashes, n: Nested | null): string {
  const lines = [`domainHash ${hex(h.domainSeparator)}`, `messageHash ${hex(h.structHash)}`, `safeTxHash ${hex(h.hash)}`]
  if (n) {
    const name = n.mode === 'approve-hash' ? 'safeTxHash' : 'safeMessageHash'
    lines.push(`ownerSafe ${address.toChecksum(n.domain.safe)}`, `ownerSafe.domainHash ${hex(n.hashes.domainSeparator)}`, `ownerSafe.messageHash ${hex(n.hashes.structHash)}`, `ownerSafe.${name} ${hex(n.hashes.hash)}`)
  }
  return lines.map((l) => l + '\n').join('')
}

function common(r: ReadTx, h: SafeHashes, checks: Check[], confs: OwnerCheck[], n: Nested | null): Record<string, unknown> {
  return {
    safe: address.toChecksum(r.domain.safe),
    chainId: r.domain.chainId === null ? null : r.domain.chainId.toString(),
    safeVersion: r.domain.version.text,
    source: r.input?.source ?? 'flags',
    ...(r.input?.list ? { list: r.input.list } : {}),
    ...(r.overridden.length ? { overridden: r.overridden } : {}),
    tx: safeTxJson(r.tx, r.domain.version),
    ...hashesJson(h, 'safeTxHash'),
    device: { domainHash: `0x${hex(h.domainSeparator).slice(2).toUpperCase()}`, messageHash: `0x${hex(h.structHash).slice(2).toUpperCase()}` },
    typedData: safeTxTypedData(r.domain, r.tx),
    checks,
    confirmations: confs.map((c) => ({ owner: address.toChecksum(c.owner), type: SERVICE_TYPES[c.kind as keyof typeof SERVICE_TYPES] ?? 'INVALID', recovered: c.recovered ? address.toChecksum(c.recovered) : null, valid: c.valid, ...(c.note ? { note: c.note } : {}) })),
    nested: n ? nestedJson(n) : null,
  }
}
