/**
 * The inputs of `airsign safe …`: which Safe (address, chain, version: none
 * can be known offline, so none has a default), the transaction (JSON from
 * --tx or stdin, or flags, flags overriding JSON fields), the hashes the
 * wallet showed (`--expect-*`), and the owner Safe of a nested approval.
 * @module
 */
import { AirsignError } from '../../errors.js'
import { bytesToHex, equalBytes, parseQuantity } from '../../bytes.js'
import * as address from '../../address.js'
import * as tx from '../../tx.js'
import type { Io } from '../../io/io.js'
import { CAP, decodeUtf8, readPath, readStream } from '../../io/read.js'
import type { SafeDomain, SafeHashes, SafeTx } from '../../safe/hash.js'
import { parseSafeTxJson, applyFlags, type SafeTxInput, type TxFlags } from '../../safe/tx-json.js'
import { domainHasChainId, parseVersion, usesDataGas, type SafeVersion } from '../../safe/version.js'
import { decimalArg } from '../options.js'
import type { ContextArgs, ExpectArgs, TxArgs } from './options.js'
import { digestArg } from '../message-input.js'

/**
 * The Safe version.
 * @throws AirsignError SAFE_VERSION_MISSING, SAFE_VERSION_UNSUPPORTED
 */
export function versionArg(v: string | undefined, flag = '--safe-version'): SafeVersion {
  if (v === undefined || Array.isArray(v)) throw new AirsignError('SAFE_VERSION_MISSING', `${flag} is required: a Safe's version decides its hash and cannot be known offline (the Safe{Wallet} settings page and VERSION() show it)`)
  return parseVersion(v)
}


/**
 * The domain from the options and what the input says.
 * @throws AirsignError USAGE (no Safe address), SAFE_TX_FIELD (--safe differs from the input's), CHAIN_ID_MISMATCH, CHAIN_ID_MISSING
 */
export function domainOf(args: ContextArgs, version: SafeVersion, fromInput: { safe: Uint8Array | null; chainId: bigint | null } = { safe: null, chainId: null }): SafeDomain {
  const flagSafe = args.safe === undefined ? null : address.parse(args.safe, '--safe')
  if (flagSafe && fromInput.safe && !equalBytes(flagSafe, fromInput.safe)) throw new AirsignError('SAFE_TX_FIELD', `--safe ${address.toChecksum(flagSafe)} is not the input's Safe ${address.toChecksum(fromInput.safe)}`)
  const safe = flagSafe ?? fromInput.safe
  if (!safe) throw new AirsignError('USAGE', "--safe is required: the Safe's address is in its hash")
  const flagChain = args.chainId === undefined ? null : parseQuantity(args.chainId, '--chain-id', tx.MAX_CHAIN_ID)
  if (flagChain !== null && fromInput.chainId !== null && flagChain !== fromInput.chainId) throw new AirsignError('CHAIN_ID_MISMATCH', `--chain-id ${flagChain} is not the document's chain id ${fromInput.chainId}`)
  const chainId = flagChain ?? fromInput.chainId
  if (chainId === null && domainHasChainId(version)) throw new AirsignError('CHAIN_ID_MISSING', `--chain-id is required: Safe ${version.release} puts the chain id in its hash`)
  if (chainId === 0n) throw new AirsignError('BAD_NUMBER', '--chain-id 0 is no chain')
  return { safe, chainId, version }
}

/** Read JSON text: the option's value when it is JSON, else the file (or stdin) it names. */
async function jsonFrom(value: string | undefined, io: Io, what: string): Promise<unknown> {
  const bytes = value === undefined || value === '-' ? await readStream(io.stdin, CAP.input, `${what} (stdin)`) : /^\s*[{[]/.test(value) ? new TextEncoder().encode(value) : await readPath(value, CAP.input, what)
  const text = decodeUtf8(bytes, what).replace(/^\uFEFF/, '').trim()
  if (text === '') throw new AirsignError('SAFE_TX_JSON', `no ${what} given (--tx, or JSON on stdin)`)
  try {
    return JSON.parse(text)
  } catch {
    throw new AirsignError('SAFE_TX_JSON', `${what} is not valid JSON`)
  }
}

/** The transaction and where it came from. */
export type ReadTx = { readonly domain: SafeDomain; readonly tx: SafeTx; readonly input: SafeTxInput | null; readonly overridden: readonly string[] }

/** Whether the transaction comes from stdin (for the one-stdin-reader check). */
export const txFromStdin = (args: TxArgs): boolean => args.tx === '-' || (args.tx === undefined && args.to === undefined)

/**
 * The Safe transaction of the command line.
 * @throws AirsignError SAFE_TX_JSON, SAFE_TX_FIELD, SAFE_TX_AMBIGUOUS, SAFE_VERSION_*, CHAIN_ID_*, USAGE
 */
export async function readSafeTx(args: TxArgs & ContextArgs, io: Io): Promise<ReadTx> {
  const version = versionArg(args.safeVersion)
  const flags: TxFlags = { to: args.to, value: args.value, data: args.data, operation: args.operation, safeTxGas: args.safeTxGas, baseGas: args.baseGas, gasPrice: args.gasPrice, gasToken: args.gasToken, refundReceiver: args.refundReceiver, nonce: args.nonce }
  let input: SafeTxInput | null = null
  if (args.tx !== undefined || args.to === undefined) {
    const pick = {
      ...(args.pick !== undefined ? { index: decimalArg(args.pick, '--pick', 0, 1_000_000) } : {}),
      ...(args.safeTxHash !== undefined ? { safeTxHash: digestArg(args.safeTxHash, '--safe-tx-hash') } : {}),
    }
    if (pick.index !== undefined && pick.safeTxHash !== undefined) throw new AirsignError('USAGE', '--pick and --safe-tx-hash both choose an entry: give one')
    input = parseSafeTxJson(await jsonFrom(args.tx, io, 'Safe transaction'), pick)
  } else if (args.pick !== undefined || args.safeTxHash !== undefined) {
    throw new AirsignError('USAGE', '--pick and --safe-tx-hash choose an entry of a JSON list (--tx)')
  }
  if (input?.typed) {
    if (input.typed.hasChainId !== domainHasChainId(version)) {
      throw new AirsignError('SAFE_TX_FIELD', `the document's domain ${input.typed.hasChainId ? 'has' : 'has no'} chainId, but Safe ${version.release} hashes ${domainHasChainId(version) ? 'with' : 'without'} it: the document is not what this Safe checks (is --safe-version right?)`)
    }
    if (input.typed.dataGas !== usesDataGas(version)) throw new AirsignError('SAFE_TX_FIELD', `the document's SafeTx names ${input.typed.dataGas ? 'dataGas' : 'baseGas'}, but Safe ${version.release} uses ${usesDataGas(version) ? 'dataGas' : 'baseGas'} (is --safe-version right?)`)
  }
  const domain = domainOf(args, version, { safe: input?.safe ?? null, chainId: input?.chainId ?? null })
  const { tx: t, overridden } = applyFlags(input?.tx ?? null, flags)
  return { domain, tx: t, input, overridden }
}

/** A check of a computed hash against what was shown. */
export type Check = { readonly what: string; readonly expected: string; readonly computed: string; readonly match: boolean }

/**
 * Compare computed hashes with the expectations and the input's safeTxHash.
 * @throws AirsignError SAFE_HASH_MISMATCH on the first difference
 */
export function checkHashes(args: ExpectArgs, h: SafeHashes, input: SafeTxInput | null, overridden: readonly string[], hashName = 'safeTxHash'): Check[] {
  const checks: (Check & { name: string })[] = []
  const add = (what: string, name: string, expected: Uint8Array, computed: Uint8Array) => checks.push({ what, name, expected: bytesToHex(expected), computed: bytesToHex(computed), match: equalBytes(expected, computed) })
  const flag = `--expect-${hashName === 'safeTxHash' ? 'safe-tx' : 'safe-message'}-hash`
  if (args.expectSafeTxHash !== undefined) add(flag, hashName, digestArg(args.expectSafeTxHash, flag), h.hash)
  if (args.expectDomainHash !== undefined) add('--expect-domain-hash', 'domain hash', digestArg(args.expectDomainHash, '--expect-domain-hash'), h.domainSeparator)
  if (args.expectMessageHash !== undefined) add('--expect-message-hash', 'message hash', digestArg(args.expectMessageHash, '--expect-message-hash'), h.structHash)
  if (input?.safeTxHash && overridden.length === 0) add("the input's safeTxHash", 'safeTxHash', input.safeTxHash, h.hash)
  const bad = checks.find((c) => !c.match)
  if (bad) {
    throw new AirsignError('SAFE_HASH_MISMATCH', `${bad.what} ${bad.expected} is not the computed ${bad.name} ${bad.computed}: nothing is signed`, {
      hints: [
        bad.what.startsWith('the input')
          ? 'check --safe-version and --chain-id; if they are right, these fields are not the transaction the service hashed: do not sign it'
          : `check --safe, --chain-id and --safe-version, then every ${hashName === 'safeTxHash' ? 'field' : 'byte of the message'}: what you were shown is not what this computes`,
      ],
    })
  }
  return checks.map(({ what, expected, computed, match }) => ({ what, expected, computed, match }))
}
