/**
 * "What you see is what you sign": the human summary of a transaction, and the
 * confirmation on the terminal. Shared by `sign --review`, `inspect`
 * (`--summary`) and `qr sign`; and the summary of an EIP-712 document
 * (`inspect-typed-data`, `sign-typed-data`, `qr sign`).
 * @module
 */
import { AirsignError } from '../errors.js'
import { bytesToHex } from '../bytes.js'
import * as address from '../address.js'
import * as tx from '../tx.js'
import type { Io } from '../io/io.js'
import { escapeTerminal } from './output.js'
import { recoverAuthority } from '../authorization.js'
import type { TypedData } from '../typed-data.js'

/** Well-known chains by id (the review names them; any other id is shown as its number). */
export const CHAINS: ReadonlyMap<bigint, string> = new Map([
  [1n, 'Ethereum'],
  [10n, 'OP Mainnet'],
  [56n, 'BNB Smart Chain'],
  [100n, 'Gnosis'],
  [130n, 'Unichain'],
  [137n, 'Polygon'],
  [324n, 'zkSync Era'],
  [8453n, 'Base'],
  [42161n, 'Arbitrum One'],
  [42220n, 'Celo'],
  [43114n, 'Avalanche C-Chain'],
  [59144n, 'Linea'],
  [534352n, 'Scroll'],
  [17000n, 'Holesky (testnet)'],
  [560048n, 'Hoodi (testnet)'],
  [11155111n, 'Sepolia (testnet)'],
])

/** "Ethereum (chain id 1)", or "chain id 12345", or "no chain id (valid on every chain)". */
export function chainText(id: bigint | null): string {
  if (id === null || id === 0n) return 'no chain id (valid on every chain)'
  const name = CHAINS.get(id)
  return name ? `${name} (chain id ${id})` : `chain id ${id}`
}

/** A fixed-point decimal with all significant digits: units(1500000000000000000n, 18) → "1.5". */
export function units(n: bigint, decimals: number): string {
  const base = 10n ** BigInt(decimals)
  const frac = (n % base).toString().padStart(decimals, '0').replace(/0+$/, '')
  return `${n / base}${frac ? '.' + frac : ''}`
}

/** Wei as ETH, exact. */
export function eth(wei: bigint): string {
  return `${units(wei, 18)} ETH`
}

/** Wei as gwei, exact. */
export function gwei(wei: bigint): string {
  return `${units(wei, 9)} gwei`
}

/**
 * The summary lines of a transaction: chain, recipient, value, fees and the
 * worst-case cost, nonce, blobs (their versioned hashes), calldata, access
 * list and authorizations. Every value comes from the parsed fields; nothing
 * from the input text reaches the terminal unescaped (only numbers, hex and
 * addresses are printed).
 * @param t - the transaction (chain id resolved)
 * @param toLabel - a name of the recipient (escaped here), shown beside its address
 * @returns lines, each starting with two spaces, without new lines
 */
export function txSummary(t: tx.UnsignedTx, toLabel?: string): string[] {
  const lines = [`  ${tx.TYPE_NAMES[t.type]} transaction (type ${t.type}) on ${chainText(t.chainId)}, nonce ${t.nonce}`]
  lines.push(`  to ${t.to === null ? 'nobody: contract creation' : address.toChecksum(t.to)}${toLabel && t.to ? ` (${escapeTerminal(toLabel)})` : ''}, value ${eth(t.value)} (${t.value} wei)`)
  const price = t.type === 0 || t.type === 1 ? t.gasPrice : t.maxFeePerGas
  if (t.type === 0 || t.type === 1) lines.push(`  gas limit ${t.gas}, gas price ${gwei(t.gasPrice)}`)
  else lines.push(`  gas limit ${t.gas}, max fee ${gwei(t.maxFeePerGas)}, max priority fee ${gwei(t.maxPriorityFeePerGas)}`)
  if (t.type === 3) {
    // EIP-4844: each blob costs GAS_PER_BLOB (2^17) blob gas, paid at up to maxFeePerBlobGas, beside the gas.
    const blobGas = BigInt(t.blobVersionedHashes.length) * tx.GAS_PER_BLOB
    lines.push(`  blobs: ${t.blobVersionedHashes.length}, blob gas ${blobGas}, max fee per blob gas ${gwei(t.maxFeePerBlobGas)}`)
    t.blobVersionedHashes.forEach((h, i) => lines.push(`    ${i + 1}. versioned hash ${bytesToHex(h)}`))
    lines.push(`  worst-case cost ${eth(t.gas * price + blobGas * t.maxFeePerBlobGas + t.value)} (gas limit × max fee + blob gas × max fee per blob gas + value)`)
  } else lines.push(`  worst-case cost ${eth(t.gas * price + t.value)} (gas limit × ${t.type >= 2 ? 'max fee' : 'gas price'} + value)`)
  lines.push(t.data.length === 0 ? '  data: none' : `  data: ${t.data.length} bytes${t.data.length >= 4 ? `, selector ${bytesToHex(t.data.subarray(0, 4))}` : ''}`)
  if (t.type !== 0) {
    const keys = t.accessList.reduce((n, e) => n + e.storageKeys.length, 0)
    lines.push(`  access list: ${t.accessList.length} address${t.accessList.length === 1 ? '' : 'es'}, ${keys} storage key${keys === 1 ? '' : 's'}`)
  }
  if (t.type === 4) {
    lines.push(`  authorizations: ${t.authorizationList.length} (each lets its authority's account run the delegate's code)`)
    t.authorizationList.forEach((a, i) => {
      const who = recoverAuthority(a)
      lines.push(`    ${i + 1}. delegate ${address.toChecksum(a.address)} on ${a.chainId === 0n ? 'every chain (chain id 0)' : chainText(a.chainId)}, nonce ${a.nonce}, authority ${who ? address.toChecksum(who) : 'none (signature does not recover)'}`)
    })
  }
  return lines
}

/** Lines that say what the document is about: primary type and domain, terminal-safe. */
export function typedDataSummary(doc: TypedData): string[] {
  const d = doc.domain
  const lines = [`EIP-712 typed data, primary type ${doc.primaryType}${doc.primaryType === 'EIP712Domain' ? ' (signs the domain alone)' : ''}`]
  const parts: string[] = []
  if (d.name !== undefined) parts.push(`name ${shown(d.name)}`)
  if (d.version !== undefined) parts.push(`version ${shown(d.version)}`)
  if (d.chainId !== undefined) parts.push(chainText(BigInt(d.chainId as string | number)))
  if (d.verifyingContract !== undefined) parts.push(`contract ${String(d.verifyingContract)}`)
  if (d.salt !== undefined) parts.push(`salt ${String(d.salt)}`)
  lines.push(`  domain: ${parts.length ? parts.join(', ') : 'empty (valid for any contract on any chain)'}`)
  return lines
}

/** Text from the input, safe to show on a terminal: JSON-quoted, control and bidi characters escaped. */
export function shown(v: unknown): string {
  return escapeTerminal(JSON.stringify(String(v)))
}

/**
 * Show lines on the controlling terminal and ask for a yes there (not on
 * stdin, which may carry the input). Anything but y/yes declines.
 * @param io - for the terminal
 * @param lines - what will be signed
 * @throws AirsignError USAGE when there is no terminal, REVIEW_DECLINED when the answer is not yes
 */
export async function confirm(io: Io, lines: readonly string[]): Promise<void> {
  const term = io.openTerminal()
  if (!term) throw new AirsignError('USAGE', '--review needs a terminal to ask on')
  try {
    term.write(lines.map((l) => l + '\r\n').join(''))
    const answer = await term.readLine('sign this? [y/N] ')
    if (answer === null || !/^y(es)?$/i.test(answer.trim())) throw new AirsignError('REVIEW_DECLINED', 'not signed: the review was declined')
  } finally {
    term.close()
  }
}
