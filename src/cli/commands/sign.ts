/**
 * `airsign sign`: sign one unsigned transaction (raw hex or JSON, from --tx or stdin).
 * @module
 */
import type { Argv } from 'yargs'
import { AirsignError, toAirsignError } from '../../errors.js'
import { bytesToHex, equalBytes, parseQuantity } from '../../bytes.js'
import * as address from '../../address.js'
import * as tx from '../../tx.js'
import { deferChecks, pendingChecks, prepareForMany, release, settleChecks, stopDeferring, useBatchEngine } from '../../sign.js'
import { secpWasmBytes } from '../../secp-wasm-data.js'
import type { Io } from '../../io/io.js'
import { CAP, decodeUtf8, readLines } from '../../io/read.js'
import { resolvePath } from '../key.js'
import { loadKey, withKey, type SigningKey } from '../signer.js'
import { acceptedCodes, clearOptions, keyOptions, oneStdinReader, pathOptions, type ClearArgs, type KeyArgs, type PathArgs, keyStdinReaders } from '../options.js'
import { result } from '../output.js'
import { gasCapWarning, needsReview, parseTxText, readTxText } from '../tx-input.js'
import { confirm, txSummary } from '../review.js'

type Args = KeyArgs & PathArgs & ClearArgs & { tx?: string; chainId?: string; unprotected?: boolean; review?: boolean; batch?: boolean; keepGoing?: boolean; json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return clearOptions(pathOptions(keyOptions(y)))
    .option('tx', { type: 'string', describe: 'the unsigned transaction (default: read stdin)' })
    .option('chain-id', { type: 'string', describe: 'chain id for a transaction that carries none (must agree with one that does)' })
    .option('unprotected', { type: 'boolean', describe: 'sign without EIP-155 replay protection (valid on every chain)' })
    .option('review', { type: 'boolean', describe: 'show what will be signed on the terminal and ask before signing' })
    .option('batch', { type: 'boolean', describe: 'sign one transaction a line from stdin (hex or JSON), one result a line out' })
    .option('keep-going', { type: 'boolean', describe: 'batch: report a bad line and go on (exit non-zero at the end)' })
    .example('$0 sign --mnemonic-file key.txt --tx 0xec09…', '') as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  if (args.batch === true) return batch(args, io)
  if (args.keepGoing !== undefined) throw new AirsignError('USAGE', '--keep-going goes with --batch')
  oneStdinReader([args.tx === undefined && 'the transaction', ...keyStdinReaders(args)])
  const flagChainId = args.chainId === undefined ? undefined : parseQuantity(args.chainId, '--chain-id', tx.MAX_CHAIN_ID)
  const path = resolvePath(args)
  // Parse and check the transaction before the key is touched: a bad input costs no secret handling.
  const parsed = parseTxText(await readTxText(args, io))
  const unsigned = tx.resolveChainId(parsed.tx, flagChainId, args.unprotected === true)
  acceptedCodes(args)
  // What the call means, and the policy, before the key is touched. A plain transfer loads none of it.
  const cr = needsReview(unsigned) ? await import('../clear-review.js') : null
  const checked = cr ? await cr.checkTransaction(args, unsigned, parsed.from) : null
  return withKey(
    args,
    io,
    async (signer) => {
      const { key, publicKey, where } = signer // signer.from (the address) only where it is used
      if (parsed.from) checkFrom(parsed.from, signer.from, where)
      if (args.review === true) {
        const from = signer.from
        const yours = `your ${where.replace(/^the /, '')}`
        const lines = cr ? await cr.transactionLines(args, unsigned, from, yours) : txSummary(unsigned)
        // The gas cap is said where the answer is given, and again on stderr below.
        const cap = gasCapWarning(unsigned)
        await confirm(io, [`sign with ${where} (${address.toChecksum(from)}):`, ...lines, ...(cap ? [`  warning: ${cap}`] : [])])
      }
      if (cr && checked) cr.printWarnings(io, checked.review.warnings, args.json === true)
      capWarning(io, unsigned)
      const signed = tx.sign(unsigned, key, publicKey)
      result(io, args.json === true, bytesToHex(signed.raw), () => resultObject(signed, signer.from)) // the object (hashes, EIP-55) only for --json
      return 0
    },
    path,
  )
}

/**
 * A transaction that names its `from` must be signed by that address: a guard against the wrong index or passphrase.
 * @throws AirsignError FROM_MISMATCH
 */
function checkFrom(named: Uint8Array | null, from: Uint8Array, where: string): void {
  if (named && !equalBytes(named, from)) {
    throw new AirsignError('FROM_MISMATCH', `the transaction's from (${address.toChecksum(named)}) is not ${where} (${address.toChecksum(from)})`)
  }
}

/** A gas limit above EIP-7825's cap is signed (a chain without Osaka includes it), with a warning line on stderr. */
function capWarning(io: Io, t: tx.UnsignedTx, line?: number): void {
  const w = gasCapWarning(t)
  if (w !== null) io.stderr.write(`airsign: ${line !== undefined ? `line ${line}: ` : ''}warning: ${w}\n`)
}

/** The signed-transaction result object of `--json`. */
function resultObject(signed: tx.SignedTx, from: Uint8Array): Record<string, unknown> {
  return {
    raw: bytesToHex(signed.raw),
    hash: bytesToHex(signed.hash),
    from: address.toChecksum(from),
    type: signed.tx.type,
    chainId: signed.tx.chainId === null ? null : signed.tx.chainId.toString(),
    nonce: signed.tx.nonce.toString(),
  }
}

/** Write, and wait when the reader is slower than we are: memory stays flat however long the batch. */
async function write(io: Io, text: string): Promise<void> {
  if (!io.stdout.write(text)) await new Promise<void>((resolve) => io.stdout.once('drain', resolve))
}

/**
 * `sign --batch`: one transaction a line from stdin, streamed. The key is
 * derived once, when the first line has parsed. Blank lines are skipped.
 * A bad line stops the batch (results of earlier lines are already out)
 * unless --keep-going: then it is reported (--json: an error object on stdout
 * in its place; text: an empty line on stdout and the error on stderr) and the
 * exit status at the end is the first failure's.
 */
async function batch(args: Args, io: Io): Promise<number> {
  if (args.tx !== undefined) throw new AirsignError('USAGE', '--batch reads the transactions from stdin; --tx gives one')
  if (args.review === true) throw new AirsignError('USAGE', '--review asks about one transaction; look at a batch with inspect --summary, line by line')
  oneStdinReader(['the batch', ...keyStdinReaders(args)])
  const flagChainId = args.chainId === undefined ? undefined : parseQuantity(args.chainId, '--chain-id', tx.MAX_CHAIN_ID)
  const path = resolvePath(args)
  const json = args.json === true
  acceptedCodes(args)
  let cr: typeof import('../clear-review.js') | null = null
  let signer: SigningKey | null = null
  let firstFailure = 0
  let signedCount = 0
  let keyPhase = false
  // Lines whose signatures wait for their block's self-check (batch verification, sign.ts): written
  // in order once the block is proven, never before. `checks`: the line's signature is one of them.
  let queue: { line: number; out: string; checks: boolean }[] = []
  const settle = async (): Promise<void> => {
    const bad = settleChecks()
    if (bad !== null) {
      const at = queue.filter((q) => q.checks)[bad]
      throw new AirsignError('INTERNAL', `line ${at?.line ?? '?'}: signature self-check failed: the signature does not recover to the signing key (nothing of its block was written)`)
    }
    for (const q of queue) await write(io, q.out)
    queue = []
  }
  try {
    for await (const { line, bytes } of readLines(io.stdin, CAP.input, 'batch (stdin)')) {
      let out: string
      const waiting = pendingChecks()
      try {
        const text = decodeUtf8(bytes, `line ${line}`).replace(/^\uFEFF/, '')
        if (text.trim() === '') continue
        const parsed = parseTxText(text)
        const unsigned = tx.resolveChainId(parsed.tx, flagChainId, args.unprotected === true)
        // Each line is reviewed and checked as a one-shot sign is; the review modules load at the first line that calls a contract.
        let warnings: readonly import('../../clear/risk.js').Warning[] = []
        if (needsReview(unsigned)) {
          cr ??= await import('../clear-review.js')
          warnings = (await cr.checkTransaction(args, unsigned, parsed.from)).review.warnings
        }
        if (signer === null) {
          keyPhase = true
          signer = await loadKey(args, io, path)
          keyPhase = false
        }
        const { key, publicKey, from, where } = signer
        checkFrom(parsed.from, from, where)
        if (++signedCount === BATCH_ENGINE_AFTER) {
          // Many signatures: libsecp256k1 as WebAssembly signs and checks each from here on (its
          // ~6 ms to load pays off after a few lines: BATCH_ENGINE_AFTER); without WebAssembly (or
          // its SIMD), noble's larger table and self-checks by blocks. A module that cannot be read,
          // or is not the pinned one, stops the batch, as the key would.
          keyPhase = true
          if (!useBatchEngine(secpWasmBytes())) {
            prepareForMany()
            deferChecks()
          }
          keyPhase = false
        }
        const signed = tx.sign(unsigned, key, publicKey)
        if (cr && warnings.length) cr.printWarnings(io, warnings, json, line)
        capWarning(io, unsigned, line)
        out = json ? JSON.stringify({ line, ...resultObject(signed, from) }) + '\n' : bytesToHex(signed.raw) + '\n'
      } catch (e) {
        const err = toAirsignError(e)
        // A failure to load the key is not about this line: stop whatever --keep-going says.
        if (keyPhase) throw err
        // Nor is a failed self-check (a fault, not the input): stop, naming the line.
        if (args.keepGoing !== true || err.code === 'INTERNAL') {
          await settle() // the lines before this one are proven and written
          throw new AirsignError(err.code, `line ${line}: ${err.message}`, { hints: err.hints, cause: err })
        }
        firstFailure ||= err.exitCode
        if (json) out = JSON.stringify({ line, error: { code: err.code, message: err.message } }) + '\n'
        else {
          io.stderr.write(`airsign: line ${line}: ${err.message} [${err.code}]\n`)
          out = '\n'
        }
      }
      queue.push({ line, out, checks: pendingChecks() > waiting })
      if (pendingChecks() === 0 || pendingChecks() >= CHECK_BLOCK) await settle()
    }
    await settle()
  } finally {
    stopDeferring()
    signer?.key.fill(0)
    release()
  }
  return firstFailure
}

/** Signatures a batch-verification block holds: a line is written at most this many signatures after it is signed. */
export const CHECK_BLOCK = 256

/**
 * From this signature of a batch on, the batch engine (libsecp256k1 as WebAssembly) signs: loading it
 * costs ~6 ms, about three one-shot signatures with their OpenSSL self-check.
 */
export const BATCH_ENGINE_AFTER = 4
