/**
 * `airsign inspect`: decode an unsigned or signed transaction of any type
 * (raw hex or JSON, from --tx or stdin), or a blob transaction in its network
 * wrapper, into one JSON object. Needs no key and signs nothing, so it shows
 * what `sign` refuses (chain id 0) with a note; it refuses input that
 * contradicts itself (a `hash`, `raw` or `from` beside a signature that is
 * not the transaction's).
 * @module
 */
import type { Argv } from 'yargs'
import { AirsignError } from '../../errors.js'
import { bytesToHex, equalBytes, parseQuantity } from '../../bytes.js'
import * as address from '../../address.js'
import * as tx from '../../tx.js'
import type { Io } from '../../io/io.js'
import { gasCapWarning, readTxText, splitTxText } from '../tx-input.js'
import { hex32, txFields } from '../tx-json.js'
import { clearOptions, type ClearArgs } from '../options.js'
import { jsonText } from '../output.js'

type Args = ClearArgs & { tx?: string; chainId?: string; summary?: boolean; json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return clearOptions(y, false)
    .option('tx', { type: 'string', describe: 'the transaction, unsigned or signed (default: read stdin)' })
    .option('chain-id', { type: 'string', describe: 'chain id for an unsigned legacy transaction that carries none' })
    .option('summary', { type: 'boolean', describe: 'also print the review summary on stderr (default: when stderr is a terminal)' })
    .example('$0 inspect --tx 0x02f8…', '') as never
}

/**
 * The signature fields of a signed JSON transaction: flat (viem, RPC: v, r, s, yParity),
 * or an object under `signature` or `sig` (ethers' toJSON: r, s, v 27/28, networkV).
 */
function jsonSignature(o: Record<string, unknown>): { r: bigint; s: bigint; v: bigint | null; yParity: bigint | null } | null {
  const nested = [o.signature, o.sig].find((x) => typeof x === 'object' && x !== null) as Record<string, unknown> | undefined
  const sig = nested ?? o
  if (sig.r == null && sig.s == null) return null
  const n = (k: string): bigint | null => (sig[k] == null ? null : parseQuantity(sig[k], k))
  const r = n('r')
  const s = n('s')
  if (r === null || s === null) throw new AirsignError('TX_FIELD', `${r === null ? 'r' : 's'}: missing in a signed transaction`)
  return { r, s, v: sig.networkV == null ? n('v') : n('networkV'), yParity: n('yParity') }
}

/**
 * A signed transaction given as JSON → its raw bytes, so that it goes through the one decoder;
 * and the `from` it names, if any (checked by checkClaims).
 */
function signedJsonToRaw(o: Record<string, unknown>, sig: NonNullable<ReturnType<typeof jsonSignature>>, flag: bigint | undefined): { raw: Uint8Array; from: Uint8Array | null } {
  const rest = { ...o }
  for (const k of ['v', 'r', 's', 'yParity', 'signature', 'sig', 'hash', 'raw', 'networkV']) delete rest[k]
  let { tx: t, from } = tx.fromJson(rest)
  let yParity: 0 | 1
  if (t.type === 0) {
    const v = sig.v
    if (v === null) throw new AirsignError('TX_FIELD', 'v: missing in a signed legacy transaction')
    if (v === 27n || v === 28n) {
      // Unprotected, unless a chain id stands beside it: ethers' toJSON writes v as 27/28 and the chain id (EIP-155).
      if (t.chainId === 0n) t = { ...t, chainId: null }
      yParity = v === 28n ? 1 : 0
    } else if (v >= 37n) {
      const id = (v - 35n) / 2n
      if (t.chainId !== null && t.chainId !== id) throw new AirsignError('CHAIN_ID_MISMATCH', `v ${v} is for chain id ${id}, the transaction says ${t.chainId}`)
      t = { ...t, chainId: id }
      yParity = (v - 35n) % 2n === 1n ? 1 : 0
    } else {
      throw new AirsignError('BAD_SIGNATURE', `legacy v is ${v}: expected 27, 28 or chainId * 2 + 35/36 (EIP-155)`)
    }
  } else {
    const y = sig.yParity ?? (sig.v === null ? null : sig.v >= 27n ? sig.v - 27n : sig.v)
    if (y !== 0n && y !== 1n) throw new AirsignError('BAD_SIGNATURE', 'yParity must be 0 or 1')
    yParity = y === 1n ? 1 : 0
    // Chain id 0 is shown as it is, with a note (see the handler).
    if (!(t.chainId === 0n && (flag === undefined || flag === 0n))) t = tx.resolveChainId(t, flag, false)
  }
  return { raw: tx.serializeSigned(t, { r: sig.r, s: sig.s, yParity }).raw, from }
}

/**
 * What a signed JSON transaction says of itself beside its fields must be true: its `hash` is
 * keccak256 of the signed form, its `raw` that form, its `from` the signature's signer.
 * @throws AirsignError TX_FIELD (hash, raw), FROM_MISMATCH (from)
 */
function checkClaims(o: Record<string, unknown>, from: Uint8Array | null, signed: tx.DecodedSigned): void {
  for (const [k, want] of [['hash', signed.hash], ['raw', signed.raw]] as const) {
    const v = o[k]
    if (v === undefined || v === null) continue
    // The input's value is quoted only when it is plain hex: nothing else from the input reaches the terminal.
    if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})+$/.test(v)) throw new AirsignError('TX_FIELD', `${k}: expected 0x followed by an even number of hex digits`)
    if (v.toLowerCase() === bytesToHex(want)) continue
    throw new AirsignError('TX_FIELD', k === 'hash' ? `hash: ${v.toLowerCase()} is not the transaction's hash ${bytesToHex(want)} (keccak256 of its signed form)` : "raw: not the signed form of the transaction's fields and signature")
  }
  if (from && !equalBytes(from, signed.from)) {
    throw new AirsignError('FROM_MISMATCH', `the transaction's from (${address.toChecksum(from)}) is not the address its signature recovers (${address.toChecksum(signed.from)})`)
  }
}

/** A note of inspect: on stderr as one line, and in the JSON's `notes`. */
type Note = { code: 'CHAIN_ID_ZERO' | 'GAS_ABOVE_CAP' | 'FROM_UNVERIFIED'; message: string }

/** What inspect says beside the fields: what sign would refuse or warn about, what it cannot check. */
function notesFor(t: tx.UnsignedTx, claimedFrom: Uint8Array | null): Note[] {
  const notes: Note[] = []
  if (t.chainId === 0n) {
    const legacy = t.type === 0 ? '; sign --unprotected signs it without one (pre-EIP-155: valid on every chain)' : ''
    notes.push({ code: 'CHAIN_ID_ZERO', message: `chain id 0 names no chain: sign refuses it (CHAIN_ID_MISSING)${legacy}` })
  }
  const gas = gasCapWarning(t)
  if (gas !== null) notes.push({ code: 'GAS_ABOVE_CAP', message: gas })
  if (claimedFrom) {
    notes.push({ code: 'FROM_UNVERIFIED', message: `from ${address.toChecksum(claimedFrom)} is the input's word: an unsigned transaction has no signature to recover its sender from (sign checks it against the key: FROM_MISMATCH)` })
  }
  return notes
}

export async function handler(args: Args, io: Io): Promise<number> {
  const flag = args.chainId === undefined ? undefined : parseQuantity(args.chainId, '--chain-id', tx.MAX_CHAIN_ID)
  const input = splitTxText(await readTxText(args, io))
  let unsigned: tx.UnsignedTx | null = null
  let signed: tx.DecodedSigned | null = null
  let wrapper: tx.BlobWrapper | null = null
  let claimedFrom: Uint8Array | null = null
  if ('json' in input) {
    const obj = input.json
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new AirsignError('TX_JSON', 'transaction JSON must be an object')
    const o = obj as Record<string, unknown>
    const sig = jsonSignature(o)
    if (sig) {
      const { raw, from } = signedJsonToRaw(o, sig, flag)
      signed = tx.decodeSigned(raw)
      checkClaims(o, from, signed)
    } else ({ tx: unsigned, from: claimedFrom } = tx.fromJson(obj))
  } else {
    // A blob transaction in its network wrapper: the transaction inside is read as any other.
    wrapper = tx.decodeWrapper(input.bytes)
    const bytes = wrapper ? wrapper.tx : input.bytes
    try {
      unsigned = tx.decodeUnsigned(bytes)
    } catch (e) {
      if (!(e instanceof AirsignError && e.code === 'TX_SIGNED')) throw e
      signed = tx.decodeSigned(bytes)
    }
  }
  let t: tx.UnsignedTx
  if (signed) {
    if (flag !== undefined && signed.tx.chainId !== flag) {
      throw new AirsignError('CHAIN_ID_MISMATCH', `--chain-id ${flag} disagrees with the transaction's chain id ${signed.tx.chainId ?? 'none'}`)
    }
    t = signed.tx
  } else {
    // An unsigned legacy transaction without a chain id stays without one (its unprotected signing hash) unless --chain-id gives it;
    // one with chain id 0 is shown as it is (with a note: sign refuses it) unless --chain-id disagrees.
    const u = unsigned!
    const asItIs = (u.type === 0 && u.chainId === null && flag === undefined) || (u.chainId === 0n && (flag === undefined || flag === 0n))
    t = asItIs ? u : tx.resolveChainId(u, flag, false)
  }
  if (wrapper) tx.checkWrapper(wrapper, t.type === 3 ? t.blobVersionedHashes : [])
  const out: Record<string, unknown> = { ...txFields(t), signed: signed !== null, signingHash: bytesToHex(tx.signingHash(t)) }
  if (signed) {
    Object.assign(out, {
      hash: bytesToHex(signed.hash),
      from: address.toChecksum(signed.from),
      v: signed.v.toString(),
      r: hex32(signed.signature.r),
      s: hex32(signed.signature.s),
      yParity: signed.signature.yParity,
      raw: bytesToHex(signed.raw),
    })
  }
  // KZG proofs are not verified: that needs the trusted setup (the network checks them).
  if (wrapper) out.blobs = { count: wrapper.commitments.length, wrapperVersion: wrapper.version, versionedHashesMatch: true, kzgProofsVerified: false }
  const notes = notesFor(t, claimedFrom)
  // The review: the decoded call tree and the warnings (inspect never refuses; sign does).
  const cr = await import('../clear-review.js')
  const review = await cr.inspectTransaction(args, t, signed ? signed.from : null)
  const clear = await cr.clearFor(args)
  Object.assign(out, cr.reviewJson(review))
  out.notes = notes
  if (args.summary === true || (args.summary === undefined && io.stderrIsTTY)) {
    const head = [signed ? `signed transaction from ${address.toChecksum(signed.from)}` : 'unsigned transaction']
    if (wrapper) head.push(`  network wrapper (${wrapper.version === 1 ? 'EIP-7594, version 1' : 'EIP-4844'}): ${wrapper.commitments.length} blob${wrapper.commitments.length === 1 ? '' : 's'}, each commitment's versioned hash is the transaction's; KZG proofs not verified (they need the trusted setup)`)
    io.stderr.write([...head, ...cr.txReviewLines(t, review as never, clear.namer)].map((l) => `airsign: ${l}\n`).join(''))
  }
  for (const n of notes) io.stderr.write(`airsign: ${n.code === 'GAS_ABOVE_CAP' ? 'warning' : 'note'}: ${n.message}\n`)
  io.stdout.write(jsonText(out) + '\n')
  return 0
}
