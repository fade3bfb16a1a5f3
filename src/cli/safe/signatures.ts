/**
 * `airsign safe combine` and `airsign safe verify`.
 *
 * - combine: owner signatures of every kind (ECDSA ones, recovered against the
 *   hash to find their owner; pre-validated owners; contract signatures with
 *   their data; the confirmations of a Transaction Service input) → the sorted
 *   `signatures` bytes; with `--exec`, the `execTransaction` calldata.
 * - verify: a `signatures` blob read as the Safe reads it: each entry's kind,
 *   owner, order, duplicates, and with --owners/--threshold whether they carry
 *   the transaction. Exits 1 when they do not.
 * @module
 */
import { AirsignError } from '../../errors.js'
import { bytesToHex, equalBytes, hexToBytes } from '../../bytes.js'
import * as address from '../../address.js'
import type { Io } from '../../io/io.js'
import { safeTxHashes, type SafeHashes } from '../../safe/hash.js'
import { encodeSignatures, parseSignatures, recoverEcdsa, SERVICE_TYPES, type OwnerSignature, type ParsedSignature } from '../../safe/signature.js'
import { acceptsEthSign, type SafeVersion } from '../../safe/version.js'
import { decimalArg, oneStdinReader } from '../options.js'
import { jsonText } from '../output.js'
import { checkHashes, readSafeTx, txFromStdin, type ReadTx } from './input.js'
import { digestArg } from '../message-input.js'
import type { ContextArgs, ExpectArgs, TxArgs } from './options.js'

export type SignaturesArgs = TxArgs &
  ContextArgs &
  ExpectArgs & { hash?: string; signature?: string[]; approved?: string[]; contract?: string[]; signatures?: string; exec?: boolean; owners?: string[]; threshold?: string; json?: boolean }

const hex = bytesToHex

/** The transaction (when one is given) and the hash the signatures are for. */
async function target(args: SignaturesArgs, io: Io, needTx: boolean): Promise<{ r: ReadTx | null; hash: Uint8Array; h: SafeHashes | null }> {
  const hasTx = args.tx !== undefined || args.to !== undefined || (args.hash === undefined && needTx)
  if (!hasTx) {
    if (args.hash === undefined) throw new AirsignError('USAGE', 'give the hash the signatures are for (--hash), or the transaction (--tx, or --to and --nonce, with --safe, --chain-id and --safe-version)')
    return { r: null, hash: digestArg(args.hash, '--hash'), h: null }
  }
  oneStdinReader([txFromStdin(args) && 'the Safe transaction'])
  const r = await readSafeTx(args, io)
  const h = safeTxHashes(r.domain, r.tx)
  checkHashes(args, h, r.input, r.overridden)
  if (args.hash !== undefined && !equalBytes(digestArg(args.hash, '--hash'), h.hash)) {
    throw new AirsignError('SAFE_HASH_MISMATCH', `--hash ${hex(digestArg(args.hash, '--hash'))} is not the computed safeTxHash ${hex(h.hash)} of the transaction`, { hints: ['give one of them, or check --safe, --chain-id and --safe-version'] })
  }
  return { r, hash: h.hash, h }
}

function ownerList(v: string[] | undefined): Uint8Array[] | null {
  if (v === undefined) return null
  const out = v.flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x !== '').map((x) => address.parse(x, '--owners'))
  return out
}

/** Every owner signature the command line and the input give. */
function ownerSignatures(args: SignaturesArgs, hash: Uint8Array, r: ReadTx | null): OwnerSignature[] {
  const version: SafeVersion | null = r?.domain.version ?? null
  const out: OwnerSignature[] = []
  const ecdsa = (bytes: Uint8Array, where: string, claimed: Uint8Array | null) => {
    if (bytes.length !== 65) throw new AirsignError('SAFE_SIGNATURES', `${where}: an ECDSA signature is 65 bytes, this one ${bytes.length}`)
    if (bytes[64] === 0 || bytes[64] === 1) {
      const owner = bytes.slice(12, 32)
      if (claimed && !equalBytes(owner, claimed)) throw new AirsignError('SAFE_SIGNATURES', `${where}: names ${address.toChecksum(owner)}, not its owner ${address.toChecksum(claimed)}`)
      if (bytes[64] === 1) return out.push({ kind: 'approved', owner })
      throw new AirsignError('SAFE_SIGNATURES', `${where}: a contract signature's data is not in 65 bytes: give it as --contract OWNER:DATA`)
    }
    const e = recoverEcdsa(hash, bytes)
    if (!e.owner) throw new AirsignError('SAFE_SIGNATURES', `${where}: ${e.problem}`)
    if (e.kind === 'eth_sign' && version && !acceptsEthSign(version)) throw new AirsignError('SAFE_SIGNATURES', `${where}: eth_sign signatures are not accepted by Safe ${version.release}`)
    if (claimed && !equalBytes(e.owner, claimed)) throw new AirsignError('SAFE_CONFIRMATION_INVALID', `${where}: recovers to ${address.toChecksum(e.owner)}, not to its owner ${address.toChecksum(claimed)}, for hash ${hex(hash)}`)
    out.push({ kind: e.kind, owner: e.owner, bytes })
  }
  ;(r?.input?.confirmations ?? []).forEach((c, i) => {
    if (c.signature.length > 65 && c.signature[64] === 0) out.push({ kind: 'contract', owner: c.owner, data: contractData(c.signature, `confirmations[${i}]`) })
    else ecdsa(c.signature, `confirmations[${i}]`, c.owner)
  })
  ;(args.signature ?? []).forEach((s, i) => ecdsa(hexToBytes(s.trim(), `--signature ${i + 1}`), `--signature ${i + 1}`, null))
  for (const a of (args.approved ?? []).flatMap((x) => x.split(','))) out.push({ kind: 'approved', owner: address.parse(a.trim(), '--approved') })
  for (const c of args.contract ?? []) {
    const m = /^(0x[0-9a-fA-F]{40}):(0x(?:[0-9a-fA-F]{2})*)$/.exec(c.trim())
    if (!m) throw new AirsignError('USAGE', '--contract OWNER:DATA: the owner contract, a colon, and its signature bytes (0x hex)')
    out.push({ kind: 'contract', owner: address.parse(m[1]!, '--contract'), data: hexToBytes(m[2]!, '--contract') })
  }
  return out
}

/** The data of a contract signature as the Transaction Service stores it (static part, then length and data). */
function contractData(sig: Uint8Array, where: string): Uint8Array {
  const parsed = parseSignatures(sig, new Uint8Array(32), 1)[0]!
  if (parsed.kind !== 'contract' || !parsed.data) throw new AirsignError('SAFE_SIGNATURES', `${where}: ${parsed.problem ?? 'not a contract signature'}`)
  return parsed.data
}

/** `safe combine`. */
export async function combineCommand(args: SignaturesArgs, io: Io): Promise<number> {
  if (args.exec === true && args.tx === undefined && args.to === undefined && args.hash !== undefined) {
    throw new AirsignError('USAGE', '--exec needs the transaction (--tx, or --to and --nonce), not only its hash: the calldata carries its fields')
  }
  const { r, hash } = await target(args, io, args.exec === true)
  const list = ownerSignatures(args, hash, r)
  if (list.length === 0) throw new AirsignError('USAGE', 'no signatures to combine: give --signature, --approved, --contract, or a transaction with confirmations')
  const threshold = args.threshold === undefined ? null : decimalArg(args.threshold, '--threshold', 1, 1000)
  if (threshold !== null && list.length < threshold) throw new AirsignError('SAFE_THRESHOLD_NOT_MET', `${list.length} signature${list.length === 1 ? '' : 's'}, the threshold is ${threshold}`)
  const signatures = encodeSignatures(list)
  let exec: Uint8Array | null = null
  if (args.exec === true) {
    const cr = await import('../clear-review.js')
    exec = cr.execTransactionData(r!.tx, signatures)
  }
  if (args.json === true) {
    const sorted = [...list].sort((a, b) => (hex(a.owner) < hex(b.owner) ? -1 : 1))
    io.stdout.write(
      jsonText({
        hash: hex(hash),
        signatures: hex(signatures),
        owners: sorted.map((s) => ({ owner: address.toChecksum(s.owner), type: SERVICE_TYPES[s.kind] })),
        ...(exec ? { execTransaction: { to: address.toChecksum(r!.domain.safe), value: '0', data: hex(exec) } } : {}),
      }) + '\n',
    )
  } else io.stdout.write(hex(exec ?? signatures) + '\n')
  return 0
}

function entryJson(s: ParsedSignature, ordered: boolean, duplicate: boolean, isOwner: boolean | null): Record<string, unknown> {
  return {
    index: s.index,
    type: s.kind === 'invalid' ? 'INVALID' : SERVICE_TYPES[s.kind],
    owner: s.owner ? address.toChecksum(s.owner) : null,
    valid: s.kind === 'invalid' || !ordered || duplicate || isOwner === false ? false : s.kind === 'approved' || s.kind === 'contract' ? null : true,
    ...(isOwner !== null ? { isOwner } : {}),
    ...(s.data ? { data: hex(s.data) } : {}),
    ...(s.problem ? { problem: s.problem } : {}),
    ...(!ordered ? { problem: 'not after the previous owner: the Safe requires owners in ascending order (GS026)' } : {}),
    ...(duplicate ? { problem: 'a second signature of the same owner (GS026)' } : {}),
    ...(isOwner === false ? { problem: 'not one of --owners' } : {}),
    ...(s.note ? { note: s.note } : {}),
  }
}

/** `safe verify`. */
export async function verifyCommand(args: SignaturesArgs, io: Io): Promise<number> {
  const { r, hash } = await target(args, io, false)
  const blob = args.signatures !== undefined ? hexToBytes(args.signatures.trim(), '--signatures') : r?.input?.signatures
  if (!blob) throw new AirsignError('USAGE', 'give the signatures bytes (--signatures, or a transaction whose JSON carries `signatures`)')
  const owners = ownerList(args.owners)
  const threshold = args.threshold === undefined ? null : decimalArg(args.threshold, '--threshold', 1, 1000)
  // Fewer bytes than the threshold's static parts: the answer is no (the Safe reverts, GS020), not bad input.
  if (threshold !== null && blob.length < threshold * 65 && blob.length >= 65) {
    const whole = Math.floor(blob.length / 65)
    if (args.json === true) io.stdout.write(jsonText({ hash: hex(hash), count: whole, threshold, covered: false }) + '\n')
    throw new AirsignError('SAFE_THRESHOLD_NOT_MET', `the signatures hold at most ${whole} of the ${threshold} the threshold needs (${blob.length} bytes, ${threshold * 65} at least: GS020)`)
  }
  const entries = parseSignatures(blob, hash, threshold ?? undefined)
  const version = r?.domain.version
  const rows = entries.map((s, i) => {
    const prev = entries[i - 1]?.owner
    const ordered = i === 0 || !prev || !s.owner || hex(s.owner) > hex(prev)
    const duplicate = !!s.owner && entries.slice(0, i).some((p) => p.owner && equalBytes(p.owner, s.owner!))
    const isOwner = owners && s.owner ? owners.some((o) => equalBytes(o, s.owner!)) : null
    const row = entryJson(s, ordered && !duplicate, duplicate, isOwner)
    if (version && s.kind === 'eth_sign' && !acceptsEthSign(version)) Object.assign(row, { valid: false, problem: `eth_sign is not accepted by Safe ${version.release}` })
    return row
  })
  const counted = rows.filter((x) => x.valid !== false).length
  const sure = rows.filter((x) => x.valid === true).length
  const result = { hash: hex(hash), count: rows.length, entries: rows, ...(threshold !== null ? { threshold, covered: counted >= threshold, checkedOffline: sure } : {}) }
  if (args.json === true) io.stdout.write(jsonText(result) + '\n')
  else {
    for (const x of rows) io.stdout.write(`${x.index} ${x.type} ${x.owner ?? '-'} ${x.valid === true ? 'valid' : x.valid === null ? 'on-chain' : 'INVALID'}${x.problem ? `: ${x.problem}` : x.note ? `: ${x.note}` : ''}\n`)
  }
  const bad = rows.find((x) => x.valid === false)
  if (bad) throw new AirsignError('SAFE_CONFIRMATION_INVALID', `signature ${bad.index} (${bad.owner ?? 'no owner'}) does not count: ${String(bad.problem ?? (bad.isOwner === false ? 'not one of --owners' : 'invalid'))}`)
  if (threshold !== null && counted < threshold) throw new AirsignError('SAFE_THRESHOLD_NOT_MET', `${counted} signature${counted === 1 ? '' : 's'} count, the threshold is ${threshold}`)
  return 0
}
