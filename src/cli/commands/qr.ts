/**
 * `airsign qr account` and `airsign qr sign`: airsign as an air-gapped QR
 * signer for MetaMask and other ERC-4527 wallets.
 *
 * - `qr account` prints the pairing export (ur:crypto-hdkey, or with
 *   `--preset ledger-live` ur:crypto-account) for the wallet to scan.
 * - `qr sign` reads a ur:eth-sign-request (from --ur or stdin, one part a
 *   line, parts in any order, duplicates ignored, until complete), checks it
 *   against the mnemonic, signs, and prints the ur:eth-signature.
 *
 * Output is UR text, one part a line; `--qr` draws it on the terminal
 * (animated for several parts); `--qr-format png|svg` writes one image to stdout.
 * @module
 */
import type { Argv } from 'yargs'
import { AirsignError } from '../../errors.js'
import { bytesToHex } from '../../bytes.js'
import * as address from '../../address.js'
import * as hd from '../../hd.js'
import type { Io, Terminal } from '../../io/io.js'
import { CAP } from '../../io/read.js'
import * as account from '../../qr/account.js'
import * as registry from '../../qr/registry.js'
import * as render from '../../qr/render.js'
import * as signer from '../../qr/signer.js'
import * as ur from '../../qr/ur.js'
import { loadRoot } from '../key.js'
import { acceptedCodes, clearOptions, decimalArg, keyOptions, oneStdinReader, type ClearArgs, type KeyArgs, keyStdinReaders } from '../options.js'
import { needsReview } from '../tx-input.js'
import { messageSigners } from '../../qr/messages.js'
import { summary } from '../qr-review.js'
import { confirm } from '../review.js'
import { requestTypedData } from '../../qr/messages.js'

type OutArgs = { qr?: boolean; qrFormat?: 'terminal' | 'png' | 'svg'; fragmentLength?: number; json?: boolean }
type Args = KeyArgs &
  OutArgs &
  ClearArgs & {
    action: 'account' | 'sign'
    path?: string
    preset?: 'standard' | 'ledger-live'
    count?: string
    name?: string
    ur?: string[]
    review?: boolean
  }

/** Fragment length of animated QR codes when none is given (bytes of CBOR a frame). */
export const QR_FRAGMENT_LENGTH = 200
/** Time each frame of an animated QR code stays on the terminal. */
const FRAME_MS = 250

export function builder(y: Argv): Argv<Args> {
  return clearOptions(keyOptions(y))
    .positional('action', { choices: ['account', 'sign'] as const, describe: 'account: pairing export for the wallet; sign: answer an eth-sign-request' })
    .option('path', { type: 'string', describe: "account: the account key to export", defaultDescription: "m/44'/60'/0'" })
    .option('preset', { choices: ['standard', 'ledger-live'] as const, describe: "account: standard (crypto-hdkey, m/44'/60'/0'/0/N) or ledger-live (crypto-account, m/44'/60'/N'/0/0)" })
    .option('count', { type: 'string', describe: 'account --preset ledger-live: number of accounts, a multiple of 5 (default 5)' })
    .option('name', { type: 'string', describe: 'account: the name the wallet shows (default airsign)' })
    .option('ur', { type: 'string', array: true, describe: 'sign: the request, one UR part a value (default: read stdin, one part a line)' })
    .option('review', { type: 'boolean', describe: 'sign: show what is signed on the terminal and ask before signing' })
    .option('qr', { type: 'boolean', describe: 'draw the UR as a QR code (animated on a terminal when it has several parts)' })
    .option('qr-format', { choices: ['terminal', 'png', 'svg'] as const, describe: 'QR output: terminal text, or one PNG/SVG image on stdout (implies --qr)' })
    .option('fragment-length', { type: 'string', describe: `split the UR into parts of at most N bytes (default: one part; --qr terminal: ${QR_FRAGMENT_LENGTH})` })
    .example("$0 qr account --mnemonic-file key.txt --qr", 'show the pairing QR code for MetaMask')
    .example('zbarcam --raw | $0 qr sign --mnemonic-file key.txt --qr', 'scan a request, review, show the signature') as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  // Declared as a string (see decimalArg), checked here once, used as a number below.
  const fragmentLength = args.fragmentLength === undefined ? undefined : decimalArg(args.fragmentLength, '--fragment-length', 10, 100_000)
  args = { ...args, fragmentLength: fragmentLength as never }
  if (args.action === 'account') return accountAction(args, io)
  return signAction(args, io)
}

async function accountAction(args: Args, io: Io): Promise<number> {
  if (args.ur !== undefined || args.review !== undefined) throw new AirsignError('USAGE', '--ur and --review go with "qr sign"')
  for (const [k, flag] of [['abi', '--abi'], ['descriptor', '--descriptor'], ['labels', '--labels'], ['accept', '--accept'], ['requireClear', '--require-clear']] as const) {
    if (args[k] !== undefined) throw new AirsignError('USAGE', `${flag} goes with "qr sign"`)
  }
  const preset = args.preset ?? 'standard'
  const name = args.name ?? 'airsign'
  if (preset === 'ledger-live') {
    if (args.path !== undefined) throw new AirsignError('USAGE', "--preset ledger-live exports m/44'/60'/N'/0/0; --path goes with the standard preset")
    const count = args.count === undefined ? 5 : decimalArg(args.count, '--count', 5, 100)
    if (count % 5 !== 0) {
      throw new AirsignError('USAGE', '--count must be a multiple of 5 from 5 to 100 (MetaMask reads Ledger Live accounts 5 at a time)')
    }
    const root = await loadRoot(args, io)
    const xfp = account.fingerprint(root)
    const cbor = account.ledgerLive(root, 0, count, name)
    hd.wipe(root)
    return emit(io, args, { type: 'crypto-account', cbor }, { type: 'crypto-account', xfp: signer.hex8(xfp), preset, count })
  }
  if (args.count !== undefined) throw new AirsignError('USAGE', '--count goes with --preset ledger-live')
  const path = hd.parsePath(args.path ?? "m/44'/60'/0'")
  if (path.length === 0) throw new AirsignError('PATH_DEPTH', 'the exported key must be below the master key (e.g. m/44\'/60\'/0\')')
  const root = await loadRoot(args, io)
  const xfp = account.fingerprint(root)
  const cbor = account.standard(root, path, name)
  hd.wipe(root)
  return emit(io, args, { type: 'crypto-hdkey', cbor }, { type: 'crypto-hdkey', xfp: signer.hex8(xfp), preset, path: hd.formatPath(path) })
}

async function signAction(args: Args, io: Io): Promise<number> {
  if (args.path !== undefined || args.preset !== undefined || args.count !== undefined || args.name !== undefined) {
    throw new AirsignError('USAGE', '--path, --preset, --count and --name go with "qr account"; the request names the path')
  }
  oneStdinReader([args.ur === undefined && 'the sign request', ...keyStdinReaders(args)])
  // Decode and check the request before the key is touched: a bad input costs no secret handling.
  const reqUr = await readRequest(args, io)
  const request = registry.decodeSignRequest(reqUr.cbor)
  // Check what will be signed, review it and apply the policy, before the key is read.
  acceptedCodes(args)
  const reqTx = signer.requestTx(request)
  let reviewed: { lines: string[]; warnings: readonly import('../../clear/risk.js').Warning[] } | null = null
  const cr = (reqTx && needsReview(reqTx)) || request.dataType === registry.DATA_TYPE.typedData ? await import('../clear-review.js') : null
  if (reqTx && cr) {
    const { review, clear } = await cr.checkTransaction(args, reqTx, request.address)
    reviewed = { lines: cr.txReviewLines(reqTx, review, clear.namer), warnings: review.warnings }
  }
  if (request.dataType === registry.DATA_TYPE.typedData) {
    const { review, lines } = await cr!.checkTypedData(args, requestTypedData(request.signData))
    reviewed = { lines, warnings: review.warnings }
  }
  const root = await loadRoot(args, io)
  const node = hd.derive(root, request.path)
  let checked: signer.Checked
  try {
    checked = signer.check(request, root, node)
  } finally {
    hd.wipe(root)
  }
  const key = hd.privateKey(node)
  const pub = hd.publicKey(node)
  hd.wipe(node)
  try {
    const lines = summary(checked, reviewed?.lines)
    if (cr && reviewed) cr.printWarnings(io, reviewed.warnings, args.json === true)
    if (args.review === true) {
      await confirm(io, lines)
    } else if (io.stderrIsTTY) {
      io.stderr.write(lines.map((l) => `airsign: ${l}\n`).join(''))
    }
    const signature = signer.sign(checked, key, pub, messageSigners())
    const cbor = registry.encodeSignature(signature, request.requestId)
    return emit(io, args, { type: 'eth-signature', cbor }, {
      type: 'eth-signature',
      requestId: request.requestId === null ? null : uuidText(request.requestId),
      signature: bytesToHex(signature),
      from: address.toChecksum(checked.from),
      path: hd.formatPath(request.path),
      dataType: request.dataType,
    })
  } finally {
    key.fill(0)
  }
}

/** A UUID in its 8-4-4-4-12 text form. */
function uuidText(b: Uint8Array): string {
  const h = bytesToHex(b).slice(2)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

// zbarcam and zbarimg prefix each code with its symbology unless --raw is given.
const lineText = (l: string): string => l.trim().replace(/^QR-Code:/, '')

/**
 * Read UR parts until the request is whole: from --ur, or stdin line by line.
 * Reading stops at completion, so a scanner that never closes its output
 * (`zbarcam --raw | airsign qr sign`) works.
 * @throws AirsignError QR_UR_INCOMPLETE when the input ends first
 */
async function readRequest(args: Args, io: Io): Promise<ur.Ur> {
  const reader = ur.createReader('eth-sign-request')
  const feed = (line: string): boolean => {
    const t = lineText(line)
    if (t !== '') reader.add(t)
    return reader.result() !== null
  }
  let done = false
  if (args.ur !== undefined) {
    for (const v of args.ur) for (const l of String(v).split(/\s+/)) if (!done) done = feed(l)
  } else {
    let size = 0
    let rest = ''
    try {
      for await (const chunk of io.stdin) {
        const s = typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('latin1')
        size += s.length
        if (size > CAP.input) throw new AirsignError('INPUT_TOO_LARGE', `sign request (stdin) is larger than ${CAP.input} bytes`)
        rest += s
        const lines = rest.split(/\r?\n/)
        rest = lines.pop()!
        for (const l of lines) if (!done) done = feed(l)
        if (done) break // leaving the loop closes stdin
      }
    } catch (e) {
      if (e instanceof AirsignError) throw e
      throw new AirsignError('READ_FAILED', `cannot read the sign request (stdin): ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e })
    }
    if (!done) done = feed(rest)
  }
  const result = reader.result()
  if (result === null) {
    const p = reader.progress()
    if (p.parts === 0) throw new AirsignError('QR_UR_INCOMPLETE', 'no UR was given (give --ur or pipe ur:eth-sign-request parts to stdin)')
    throw new AirsignError('QR_UR_INCOMPLETE', `the input ended before the request was complete: ${p.known} of ${p.total} fragments from ${p.parts} parts`, {
      hints: ['scan more parts of the animated QR code'],
    })
  }
  return result
}

/**
 * Write a UR: text lines (or one JSON object with them), a terminal QR code
 * (animated when it has several parts), or one PNG/SVG image.
 */
async function emit(io: Io, args: OutArgs, value: ur.Ur, json: Record<string, unknown>): Promise<number> {
  const format = args.qrFormat ?? (args.qr === true ? 'terminal' : undefined)
  if (format === undefined) {
    const lines = ur.encode(value, args.fragmentLength)
    io.stdout.write(args.json === true ? JSON.stringify({ ...json, ur: lines }) + '\n' : lines.join('\n') + '\n')
    return 0
  }
  if (args.json === true) throw new AirsignError('USAGE', '--json and --qr exclude each other')
  if (format === 'png' || format === 'svg') {
    const lines = ur.encode(value, args.fragmentLength)
    if (lines.length > 1) throw new AirsignError('USAGE', `the UR has ${lines.length} parts; a ${format.toUpperCase()} image holds one (use --qr for an animated code, or text)`)
    const text = lines[0]!.toUpperCase()
    io.stdout.write(format === 'png' ? render.png(text) : render.svg(text))
    return 0
  }
  const fragment = args.fragmentLength ?? QR_FRAGMENT_LENGTH
  const lines = ur.encode(value, fragment)
  if (lines.length === 1) {
    io.stdout.write(render.terminal(lines[0]!.toUpperCase()))
    return 0
  }
  const term = io.openTerminal()
  if (term === null) {
    // No terminal to animate on: every pure part once, in order, a blank line between.
    io.stdout.write(lines.map((l) => render.terminal(l.toUpperCase())).join('\n'))
    return 0
  }
  await animate(term, value, fragment, lines.length)
  return 0
}

/**
 * Cycle through fountain parts on the terminal until Enter is pressed. After
 * the pure parts come mixed ones, so a scanner that missed a frame catches up.
 */
async function animate(term: Terminal, value: ur.Ur, fragment: number, seqLen: number): Promise<void> {
  let seq = 1
  let height = 0
  const draw = (): void => {
    const text = ur.encodePart(value, fragment, seq).toUpperCase()
    const frame = render.terminal(text) + `part ${seq} (${seqLen} make the whole) - press Enter when the wallet has it\n`
    // Move back up over the previous frame and draw over it.
    term.write((height > 0 ? `\x1b[${height}A\r` : '') + frame.replace(/\n/g, '\r\n'))
    height = frame.split('\n').length - 1
    seq = seq >= 10_000 ? 1 : seq + 1
  }
  draw()
  const timer = setInterval(draw, FRAME_MS)
  try {
    await term.readLine('')
  } finally {
    clearInterval(timer)
    term.close()
  }
}
