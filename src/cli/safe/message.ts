/**
 * `airsign safe message hash|sign`: a SafeMessage (what a Safe's EIP-1271
 * `isValidSignature` checks) for a text message (EIP-191, as Safe{Wallet} and
 * the Transaction Service hash it), an EIP-712 document, or a raw 32-byte
 * hash (blind: signing one needs --blind). The text is hashed byte for byte;
 * when it carries a carriage return, a trailing newline or surrounding white
 * space, which other checkers strip, a note gives the hash of the stripped
 * text beside it. With `--via-safe`, the key is an owner of an owner Safe and
 * signs that Safe's SafeMessage, by the rule of the parent's version.
 * @module
 */
import { AirsignError } from '../../errors.js'
import { bytesToHex } from '../../bytes.js'
import * as address from '../../address.js'
import type { Io } from '../../io/io.js'
import { CAP, decodeUtf8, readPath, readStream } from '../../io/read.js'
import { personalHash } from '../../message.js'
import { hashTypedData } from '../../typed-data.js'
import { safeMessageHashes, safeMessageTypedData, type SafeHashes } from '../../safe/hash.js'
import { nestedForMessage } from '../../safe/nested.js'
import type { MessageContent } from '../../safe/review.js'
import { confirmMessage, proposeMessage } from '../../safe/service.js'
import { signHash } from '../../safe/signature.js'
import { oneStdinReader, type ClearArgs, type KeyArgs, type PathArgs, keyStdinReaders } from '../options.js'
import { readTypedData } from '../message-input.js'
import { jsonText, note } from '../output.js'
import { withKey } from '../signer.js'
import { warn } from '../../io/secret.js'
import { emitted, showBeforeSigning, showSummary } from './tx.js'
import { checkHashes, domainOf, versionArg } from './input.js'
import { digestArg } from '../message-input.js'
import type { ContextArgs, ExpectArgs, ViaArgs } from './options.js'

export type MessageArgs = ContextArgs &
  ExpectArgs &
  ViaArgs &
  ClearArgs &
  KeyArgs &
  PathArgs & { expectSafeMessageHash?: string; message?: string; file?: string; typedData?: string; hash?: string; blind?: boolean; review?: boolean; summary?: boolean; emit?: string; qr?: boolean; json?: boolean }

const hex = bytesToHex

async function readContent(args: MessageArgs, io: Io): Promise<{ content: MessageContent; inner: Uint8Array; original: string | Record<string, unknown> | null }> {
  const given = (['message', 'file', 'typedData', 'hash'] as const).filter((k) => args[k] !== undefined)
  if (given.length > 1) throw new AirsignError('USAGE', 'give one message: --message, --file, --typed-data or --hash (or the text on stdin)')
  if (args.typedData !== undefined) {
    const doc = await readTypedData(args.typedData, io)
    return { content: { kind: 'typed-data', doc }, inner: hashTypedData(doc).digest, original: doc as unknown as Record<string, unknown> }
  }
  if (args.hash !== undefined) return { content: { kind: 'hash' }, inner: digestArg(args.hash, '--hash'), original: null }
  const text = args.message !== undefined ? new TextEncoder().encode(args.message) : args.file !== undefined && args.file !== '-' ? await readPath(args.file, CAP.input, 'message') : await readStream(io.stdin, CAP.input, 'message (stdin)')
  return { content: { kind: 'text', text }, inner: personalHash(text), original: decodeUtf8(text, 'message') }
}

/** The note for text that other checkers would normalise before hashing. */
function normalisationNote(text: Uint8Array): string | null {
  const s = new TextDecoder().decode(text)
  const stripped = s.replace(/\r\n?/g, '\n').trim()
  if (stripped === s) return null
  const what = [s.includes('\r') && 'carriage returns', /\n$/.test(s) && 'a trailing newline', /^\s|\s$/.test(s.replace(/\n$/, '')) && 'white space at an end'].filter(Boolean).join(', ')
  return `the message has ${what}: it is hashed exactly as given; stripped as safe-hash does (CRLF to LF, trimmed) its EIP-191 hash would be ${hex(personalHash(new TextEncoder().encode(stripped)))}`
}

/** `safe message hash` and `safe message sign`. */
export async function messageCommand(args: MessageArgs, io: Io, signing: boolean): Promise<number> {
  const stdinText = args.message === undefined && args.typedData === undefined && args.hash === undefined && (args.file === undefined || args.file === '-')
  oneStdinReader([stdinText && 'the message', args.typedData === '-' && '--typed-data -', ...keyStdinReaders(args)])
  if (args.qr === true && args.emit === undefined) throw new AirsignError('USAGE', '--qr draws the artifact --emit names (e.g. --emit confirm)')
  if (signing && args.hash !== undefined && args.blind !== true) throw new AirsignError('BLIND_SIGNING_REFUSED', 'not signed: --hash is a raw hash airsign cannot explain; add --blind to sign it anyway')
  const version = versionArg(args.safeVersion)
  const domain = domainOf(args, version)
  const { content, inner, original } = await readContent(args, io)
  const h = safeMessageHashes(domain, inner)
  const checks = checkHashes({ ...args, ...(args.expectSafeMessageHash !== undefined ? { expectSafeTxHash: args.expectSafeMessageHash } : {}) }, h, null, [], 'safeMessageHash')
  const n = args.viaSafe === undefined ? null : nestedForMessage(domain, inner, h, domainOf({ safe: args.viaSafe, ...(domain.chainId !== null ? { chainId: domain.chainId.toString() } : {}) }, versionArg(args.viaVersion, '--via-version')))
  if (args.viaSafe === undefined && args.viaVersion !== undefined) throw new AirsignError('USAGE', '--via-version goes with --via-safe')
  const cr = await import('../clear-review.js')
  const head = [cr.safeHead(domain)]
  const tail = n ? [`  signed through the owner Safe ${address.toChecksum(n.domain.safe)} (version ${n.domain.version.text}): ${n.rule}`, `    its safeMessageHash ${hex(n.hashes.hash)}  (what its owners sign)`] : []
  const normal = content.kind === 'text' ? normalisationNote(content.text) : null
  const json = (extra: Record<string, unknown>, review: Parameters<typeof cr.reviewJson>[0]) =>
    jsonText({
      safe: address.toChecksum(domain.safe),
      chainId: domain.chainId === null ? null : domain.chainId.toString(),
      safeVersion: version.text,
      kind: content.kind,
      message: hex(inner),
      ...(content.kind === 'text' ? { eip191Hash: hex(inner) } : content.kind === 'typed-data' ? { eip712Hash: hex(inner) } : {}),
      ...hashesJson(h),
      typedData: safeMessageTypedData(domain, inner),
      checks,
      nested: n ? { mode: n.mode, safe: address.toChecksum(n.domain.safe), safeVersion: n.domain.version.text, rule: n.rule, message: hex(n.message), ...hashesJson(n.hashes) } : null,
      ...cr.reviewJson(review),
      ...extra,
    }) + '\n'
  if (!signing) {
    const { review, lines } = await cr.checkSafeMessage(args, domain, inner, content, false)
    if (showSummary(args, io)) io.stderr.write([...head, ...lines, ...tail].map((l) => `airsign: ${l}\n`).join(''))
    if (normal) note(io, normal)
    cr.printWarnings(io, review.warnings, args.json === true)
    if (args.emit === 'safe-message-hash') emitted(io, args, hex(n ? n.hashes.hash : h.hash))
    else if (args.emit === 'typed-data') emitted(io, args, jsonText(safeMessageTypedData(n ? n.domain : domain, n ? n.message : inner)))
    else if (args.emit !== undefined) throw new AirsignError('USAGE', `--emit ${args.emit} goes with "safe message sign" (or is not a message artifact)`)
    else if (args.json === true) io.stdout.write(json({}, review))
    else io.stdout.write(`message ${hex(inner)}\ndomainHash ${hex(h.domainSeparator)}\nmessageHash ${hex(h.structHash)}\nsafeMessageHash ${hex(h.hash)}\n${n ? `ownerSafe ${address.toChecksum(n.domain.safe)}\nownerSafe.safeMessageHash ${hex(n.hashes.hash)}\n` : ''}`)
    return 0
  }
  const { review } = await cr.checkSafeMessage(args, domain, inner, content, true)
  return withKey(args, io, async ({ key, publicKey, from, where }) => {
    const signed = n ? n.hashes.hash : h.hash
    await showBeforeSigning(io, args, `${where} (${address.toChecksum(from)})`, review.warnings, async () => {
      const { lines } = await cr.checkSafeMessage(args, domain, inner, content, false, from)
      return [...head, ...lines, ...tail, `  signs safeMessageHash ${hex(signed)} with EIP-712 (v 27/28)`]
    })
    if (normal) note(io, normal)
    cr.printWarnings(io, review.warnings, args.json === true)
    if (content.kind === 'hash') warn(io, `blind signing the SafeMessage of ${hex(inner)}: this signature makes the Safe accept whatever that hash stands for (EIP-1271)`)
    const signature = signHash(signed, key, publicKey, 'eoa')
    const confirmPost = confirmMessage(signed, signature)
    // The service takes a new message as its text or EIP-712 object; a raw hash (or an owner Safe's) can only be confirmed.
    const proposePost = !n && original !== null ? proposeMessage(domain.safe, original, signature) : null
    if (args.emit === 'signature') emitted(io, args, hex(signature))
    else if (args.emit === 'confirm') emitted(io, args, jsonText(confirmPost.body))
    else if (args.emit === 'propose') {
      if (!proposePost) throw new AirsignError('USAGE', '--emit propose needs the text or document (a raw hash or an owner Safe message can only be confirmed)')
      emitted(io, args, jsonText(proposePost.body))
    } else if (args.emit === 'safe-message-hash') emitted(io, args, hex(signed))
    else if (args.emit === 'typed-data') emitted(io, args, jsonText(safeMessageTypedData(n ? n.domain : domain, n ? n.message : inner)))
    else if (args.emit === 'safe-tx-hash') throw new AirsignError('USAGE', '--emit safe-tx-hash goes with "safe hash|sign"')
    else if (args.json === true) io.stdout.write(json({ signature: hex(signature), signer: address.toChecksum(from), confirm: confirmPost, propose: proposePost }, review))
    else io.stdout.write(hex(signature) + '\n')
    return 0
  })
}

const hashesJson = (h: SafeHashes) => ({ domainSeparator: hex(h.domainSeparator), structHash: hex(h.structHash), safeMessageHash: hex(h.hash), preimage: hex(h.preimage) })

