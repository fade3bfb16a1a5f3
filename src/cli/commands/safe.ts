/**
 * `airsign safe …`: Safe multisig, offline.
 *
 *     safe hash            a SafeTx's hashes, decoded call tree, warnings; checks (no key)
 *     safe sign            all of hash, then the owner's signature and the Transaction Service bodies
 *     safe message hash    a SafeMessage (text, EIP-712 document, raw hash) (no key)
 *     safe message sign    its signature
 *     safe combine         owner signatures → the Safe's `signatures` bytes (--exec: execTransaction calldata)
 *     safe verify          read a `signatures` blob: kinds, owners, order, threshold
 *
 * One command with an action, like `qr` and `mnemonic`; each action checks
 * that the options it was given are its own.
 * @module
 */
import type { Argv } from 'yargs'
import { AirsignError } from '../../errors.js'
import type { Io } from '../../io/io.js'
import { clearOptions, keyOptions, pathOptions } from '../options.js'
import { contextOptions, expectOptions, txOptions, viaOptions } from '../safe/options.js'

type Action = 'hash' | 'sign' | 'message' | 'combine' | 'verify'
type Args = Record<string, unknown> & { action: Action; what?: string }

export function builder(y: Argv): Argv<Args> {
  const head = y
    .positional('action', { choices: ['hash', 'sign', 'message', 'combine', 'verify'] as const, describe: 'hash | sign | message hash|sign | combine | verify' })
    .positional('what', { type: 'string', describe: 'message: hash or sign' })
  // --help lists the groups in the order they are declared: what the command is about first.
  return keyOptions(pathOptions(clearOptions(viaOptions(expectOptions(txOptions(contextOptions(head)))))))
    .option('expect-safe-message-hash', { type: 'string', describe: 'message: the safeMessageHash the wallet showed: any other exits 1 and signs nothing', group: 'Check:' })
    .option('sig', { choices: ['eip712', 'eth_sign'] as const, describe: 'sign: EIP-712 (v 27/28, default) or eth_sign (v 31/32, Safe ≥ 1.1.0)', group: 'Output:' })
    .option('review', { type: 'boolean', describe: 'sign: show everything on the terminal and ask before signing', group: 'Output:' })
    .option('summary', { type: 'boolean', describe: 'the summary on stderr (default: hash always, unless --json/--emit off a terminal; sign on a terminal); --no-summary: never', group: 'Output:' })
    .option('emit', { choices: ['safe-tx-hash', 'safe-message-hash', 'typed-data', 'signature', 'confirm', 'propose'] as const, describe: 'print only this artifact (for a pipe or a QR code)', group: 'Output:' })
    .option('qr', { type: 'boolean', describe: 'draw the --emit artifact as a QR code on the terminal', group: 'Output:' })
    .option('message', { type: 'string', describe: 'message: the text (EIP-191)', group: 'Message:' })
    .option('file', { type: 'string', describe: 'message: the text from a file, byte for byte (default: stdin)', group: 'Message:' })
    .option('typed-data', { type: 'string', describe: 'message: an EIP-712 document (file, /dev/fd/N or -)', group: 'Message:' })
    .option('hash', { type: 'string', describe: 'message: a raw 32-byte hash (sign needs --blind); combine/verify: the safeTxHash', group: 'Message:' })
    .option('blind', { type: 'boolean', describe: 'message sign --hash: sign a hash airsign cannot explain', group: 'Message:' })
    .option('signature', { type: 'string', array: true, describe: 'combine: a 65-byte owner signature (EIP-712 or eth_sign; its owner is recovered)', group: 'Signatures:' })
    .option('approved', { type: 'string', array: true, describe: 'combine: an owner who approved the hash on chain or executes (v = 1)', group: 'Signatures:' })
    .option('contract', { type: 'string', array: true, describe: 'combine: OWNER:DATA, an EIP-1271 owner and its signature bytes (v = 0)', group: 'Signatures:' })
    .option('exec', { type: 'boolean', describe: 'combine: print the execTransaction calldata (needs the transaction)', group: 'Signatures:' })
    .option('signatures', { type: 'string', describe: 'verify: the signatures bytes (default: the input JSON `signatures`)', group: 'Signatures:' })
    .option('owners', { type: 'string', array: true, describe: "verify: the Safe's owners (comma-separated)", group: 'Signatures:' })
    .option('threshold', { type: 'string', describe: "combine/verify: the Safe's threshold", group: 'Signatures:' })
    .example('$0 safe hash --tx tx.json --safe-version 1.4.1 --chain-id 1', 'hashes, decoded call, warnings of a Transaction Service transaction')
    .example('$0 safe sign --tx tx.json --safe-version 1.4.1 --chain-id 1 --expect-safe-tx-hash 0x… --mnemonic-file key.txt --review', 'check against the wallet, review, sign') as never
}

/** The options each action takes (besides --json, --help). */
const OWN: Record<string, readonly string[]> = {
  context: ['safe', 'chainId', 'safeVersion'],
  tx: ['tx', 'pick', 'safeTxHash', 'to', 'value', 'data', 'operation', 'safeTxGas', 'baseGas', 'gasPrice', 'gasToken', 'refundReceiver', 'nonce'],
  expect: ['expectSafeTxHash', 'expectDomainHash', 'expectMessageHash'],
  via: ['viaSafe', 'viaVersion', 'viaNonce', 'viaMode'],
  review: ['abi', 'descriptor', 'labels', 'summary'],
  policy: ['accept', 'requireClear'],
  key: ['mnemonicFile', 'mnemonic', 'passphraseFile', 'passphrase', 'passphrasePrompt', 'lang', 'path', 'index', 'preset', 'review'],
  message: ['message', 'file', 'typedData', 'hash'],
}
const ALLOWED: Record<string, readonly string[]> = {
  hash: [...OWN.context!, ...OWN.tx!, ...OWN.expect!, ...OWN.via!, ...OWN.review!, 'emit', 'qr'],
  sign: [...OWN.context!, ...OWN.tx!, ...OWN.expect!, ...OWN.via!, ...OWN.review!, ...OWN.policy!, ...OWN.key!, 'sig', 'emit', 'qr'],
  'message hash': [...OWN.context!, 'expectSafeMessageHash', 'expectDomainHash', 'expectMessageHash', 'viaSafe', 'viaVersion', ...OWN.review!, ...OWN.message!, 'emit', 'qr'],
  'message sign': [...OWN.context!, 'expectSafeMessageHash', 'expectDomainHash', 'expectMessageHash', 'viaSafe', 'viaVersion', ...OWN.review!, ...OWN.policy!, ...OWN.key!, ...OWN.message!, 'blind', 'emit', 'qr'],
  combine: [...OWN.context!, ...OWN.tx!, 'hash', 'signature', 'approved', 'contract', 'exec', 'threshold'],
  verify: [...OWN.context!, ...OWN.tx!, 'hash', 'signatures', 'owners', 'threshold'],
}
const flag = (k: string) => `--${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`
const ALL = [...new Set(Object.values(ALLOWED).flat())]

function checkOptions(name: string, args: Args): void {
  const allowed = new Set(ALLOWED[name])
  for (const k of ALL) {
    if (args[k] !== undefined && !allowed.has(k)) {
      const owners = Object.keys(ALLOWED).filter((a) => ALLOWED[a]!.includes(k))
      throw new AirsignError('USAGE', `${flag(k)} does not go with "safe ${name}"${owners.length ? ` (it goes with: ${owners.map((o) => `safe ${o}`).join(', ')})` : ''}`)
    }
  }
}

export async function handler(args: Args, io: Io): Promise<number> {
  if (args.action === 'message') {
    if (args.what !== 'hash' && args.what !== 'sign') throw new AirsignError('USAGE', 'safe message needs hash or sign: airsign safe message hash|sign')
    checkOptions(`message ${args.what}`, args)
    // The Safe code is part of the review file: every Safe command shows (or checks) a review.
    const cr = await import('../clear-review.js')
    return cr.safeMessageCommand(args as never, io, args.what === 'sign')
  }
  if (args.what !== undefined) throw new AirsignError('USAGE', `safe ${args.action} takes no further word (${String(args.what).slice(0, 20)})`)
  checkOptions(args.action, args)
  if (args.action === 'hash' || args.action === 'sign') {
    if (args.emit === 'safe-message-hash') throw new AirsignError('USAGE', '--emit safe-message-hash goes with "safe message"')
    const cr = await import('../clear-review.js')
    return cr.safeTxCommand(args as never, io, args.action === 'sign')
  }
  const cr = await import('../clear-review.js')
  return args.action === 'combine' ? cr.safeCombineCommand(args as never, io) : cr.safeVerifyCommand(args as never, io)
}
