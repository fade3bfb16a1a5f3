/**
 * The options of `airsign safe …` (in the bundle: the command line is parsed
 * before the Safe code, which lives in the review file, is loaded).
 * @module
 */
import type { Argv } from 'yargs'
import type { TxFlags } from '../../safe/tx-json.js'

export type ContextArgs = { safe?: string; chainId?: string; safeVersion?: string }
export type TxArgs = TxFlags & { tx?: string; pick?: string; safeTxHash?: string }
export type ExpectArgs = { expectSafeTxHash?: string; expectDomainHash?: string; expectMessageHash?: string }
export type ViaArgs = { viaSafe?: string; viaVersion?: string; viaNonce?: string; viaMode?: 'approve-hash' | 'contract-signature' }

/** `--safe`, `--chain-id`, `--safe-version`. */
export function contextOptions<T>(y: Argv<T>): Argv<T & ContextArgs> {
  return y
    .option('safe', { type: 'string', describe: "the Safe's address (or the input's `safe` / domain verifyingContract)", group: 'Safe:' })
    .option('chain-id', { type: 'string', describe: 'the chain id (required from Safe 1.3.0: it is in the hash)', group: 'Safe:' })
    .option('safe-version', { type: 'string', describe: "the Safe's version, as its VERSION() says: 0.1.0 … 1.5.0, +L2 allowed (required)", group: 'Safe:' }) as never
}

const FIELDS = ['to', 'value', 'data', 'operation', 'safe-tx-gas', 'base-gas', 'gas-price', 'gas-token', 'refund-receiver', 'nonce'] as const

/** `--tx`, `--pick`, `--safe-tx-hash` and the ten field flags. */
export function txOptions<T>(y: Argv<T>): Argv<T & TxArgs> {
  let r = y
    .option('tx', { type: 'string', describe: 'the Safe transaction: JSON text, or a file, /dev/fd/N or - (default: stdin unless --to is given)', group: 'Transaction:' })
    .option('pick', { type: 'string', describe: 'the entry N (from 0) of a {count, results} list', group: 'Transaction:' })
    .option('safe-tx-hash', { type: 'string', describe: 'the entry of a {count, results} list with this safeTxHash', group: 'Transaction:' }) as Argv<unknown>
  for (const f of FIELDS) r = r.option(f, { type: 'string', describe: f === 'to' ? 'a field of the SafeTx (with --nonce: the whole transaction by flags, the rest zero)' : `the SafeTx field ${f}`, group: 'Transaction:' })
  return r as never
}

/** `--expect-safe-tx-hash`, `--expect-domain-hash`, `--expect-message-hash`. */
export function expectOptions<T>(y: Argv<T>): Argv<T & ExpectArgs> {
  return y
    .option('expect-safe-tx-hash', { type: 'string', describe: 'the safeTxHash the wallet showed: any other exits 1 and signs nothing', group: 'Check:' })
    .option('expect-domain-hash', { type: 'string', describe: 'the domain hash the device showed', group: 'Check:' })
    .option('expect-message-hash', { type: 'string', describe: 'the message hash the device showed', group: 'Check:' }) as never
}

/** `--via-safe` and its version, nonce and mode. */
export function viaOptions<T>(y: Argv<T>, forMessages = false): Argv<T & ViaArgs> {
  const r = y
    .option('via-safe', { type: 'string', describe: 'the key is an owner of this Safe, which owns --safe (a nested Safe)', group: 'Nested Safe:' })
    .option('via-version', { type: 'string', describe: "the owner Safe's own version (required with --via-safe)", group: 'Nested Safe:' })
  if (forMessages) return r as never
  return r
    .option('via-nonce', { type: 'string', describe: "the owner Safe's nonce (approve-hash)", group: 'Nested Safe:' })
    .option('via-mode', { choices: ['approve-hash', 'contract-signature'] as const, describe: 'approve-hash (on chain, default) or contract-signature (EIP-1271, off chain)', group: 'Nested Safe:' }) as never
}

