/**
 * The `signatures` bytes a Safe checks: one 65-byte static part per owner,
 * sorted by owner address (ascending, as uint160), and after them the dynamic
 * parts of contract signatures. The four kinds, by `v`:
 *
 * | v      | kind       | r                  | s                         | checked against |
 * |--------|------------|--------------------|---------------------------|-----------------|
 * | 27/28  | `eoa`      | ECDSA r            | ECDSA s                   | ecrecover(hash) |
 * | 31/32  | `eth_sign` | ECDSA r            | ECDSA s                   | ecrecover(personal hash of the 32-byte hash), v − 4 (Safe ≥ 1.1.0) |
 * | 1      | `approved` | owner, left-padded | unused                    | approvedHashes[owner][hash] or the executor is the owner (on chain) |
 * | 0      | `contract` | owner, left-padded | offset of the dynamic part | owner.isValidSignature (EIP-1271, on chain) |
 *
 * Dynamic part: `length (32 bytes) ‖ bytes`, offsets counted from the start
 * of `signatures`. The same layout as protocol-kit's `buildSignatureBytes`.
 * @see https://github.com/safe-global/safe-smart-account/blob/v1.4.1/contracts/Safe.sol (checkNSignatures)
 * @module
 */
import { AirsignError } from '../errors.js'
import { bigintToFixed, bytesToBigint, concatBytes } from '../bytes.js'
import * as address from '../address.js'
import { personalHash, recoverAddress, toBytes65 } from '../message.js'
import { asDigest, CURVE_N, signDigest, type PrivateKey } from '../sign.js'
import { acceptsEthSign, type SafeVersion } from './version.js'

export type Kind = 'eoa' | 'eth_sign' | 'approved' | 'contract'

/** The Transaction Service's names of the kinds (its `signatureType`). */
export const SERVICE_TYPES: Readonly<Record<Kind, string>> = { eoa: 'EOA', eth_sign: 'ETH_SIGN', approved: 'APPROVED_HASH', contract: 'CONTRACT_SIGNATURE' }

/** One owner's signature. ECDSA kinds carry their 65 bytes; the owner is whoever they recover to. */
export type OwnerSignature =
  | { readonly kind: 'eoa' | 'eth_sign'; readonly owner: Uint8Array; readonly bytes: Uint8Array }
  | { readonly kind: 'approved'; readonly owner: Uint8Array }
  | { readonly kind: 'contract'; readonly owner: Uint8Array; readonly data: Uint8Array }

/** An entry read back from a `signatures` blob. */
export type ParsedSignature = {
  readonly index: number
  readonly kind: Kind | 'invalid'
  /** The owner it counts for: recovered (ECDSA) or named in r (approved, contract); null when it recovers to nobody. */
  readonly owner: Uint8Array | null
  /** The 65 static bytes. */
  readonly bytes: Uint8Array
  /** A contract signature's dynamic bytes. */
  readonly data?: Uint8Array
  /** Why it cannot count, or what is odd about it (high s). */
  readonly problem: string | null
  readonly note: string | null
}

/**
 * Sign a safeTxHash or safeMessageHash.
 * @param kind - `eoa` (EIP-712: the hash itself, v 27/28) or `eth_sign` (the personal-message hash of it, v 31/32)
 */
export function signHash(hash: Uint8Array, key: PrivateKey, publicKey: Uint8Array, kind: 'eoa' | 'eth_sign'): Uint8Array {
  const digest = kind === 'eoa' ? asDigest(hash) : personalHash(hash)
  const sig = toBytes65(signDigest(digest, key, publicKey))
  if (kind === 'eth_sign') sig[64] = sig[64]! + 4
  return sig
}

/** The 65-byte pre-validated signature of an owner (v = 1). */
export function approvedSignature(owner: Uint8Array): Uint8Array {
  return concatBytes(new Uint8Array(12), owner, new Uint8Array(32), Uint8Array.of(1))
}

const compare = (a: Uint8Array, b: Uint8Array): number => {
  for (let i = 0; i < 20; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

/**
 * The `signatures` bytes of a set of owner signatures: sorted by owner, contract signatures' dynamic parts at the end.
 * @throws AirsignError SAFE_SIGNATURES when two signatures are for one owner (the Safe would revert: GS026)
 */
export function encodeSignatures(list: readonly OwnerSignature[]): Uint8Array {
  const sorted = [...list].sort((a, b) => compare(a.owner, b.owner))
  for (let i = 1; i < sorted.length; i++) {
    if (compare(sorted[i - 1]!.owner, sorted[i]!.owner) === 0) throw new AirsignError('SAFE_SIGNATURES', `two signatures for owner ${address.toChecksum(sorted[i]!.owner)}: a Safe counts each owner once (and reverts on a repeat, GS026)`)
  }
  const statics: Uint8Array[] = []
  const dynamics: Uint8Array[] = []
  let dynamicLength = 0
  for (const s of sorted) {
    if (s.kind === 'eoa' || s.kind === 'eth_sign') statics.push(s.bytes)
    else if (s.kind === 'approved') statics.push(approvedSignature(s.owner))
    else if (s.kind === 'contract') {
      const offset = BigInt(sorted.length * 65 + dynamicLength)
      statics.push(concatBytes(new Uint8Array(12), s.owner, bigintToFixed(offset, 32), Uint8Array.of(0)))
      const part = concatBytes(bigintToFixed(BigInt(s.data.length), 32), s.data)
      dynamics.push(part)
      dynamicLength += part.length
    }
  }
  return concatBytes(...statics, ...dynamics)
}

/**
 * Read one ECDSA signature (eoa or eth_sign) and recover its signer, as the Safe's ecrecover would.
 * High s is accepted (ecrecover does), with a note.
 */
export function recoverEcdsa(hash: Uint8Array, bytes: Uint8Array): { kind: 'eoa' | 'eth_sign'; owner: Uint8Array | null; problem: string | null; note: string | null } {
  const v = bytes[64]!
  const kind = v > 30 ? 'eth_sign' : 'eoa'
  const parity = (kind === 'eth_sign' ? v - 4 : v) - 27
  const r = bytesToBigint(bytes.subarray(0, 32))
  const s = bytesToBigint(bytes.subarray(32, 64))
  if (parity !== 0 && parity !== 1) return { kind, owner: null, problem: `v = ${v}: not 27/28 (EIP-712) or 31/32 (eth_sign)`, note: null }
  if (r === 0n || r >= CURVE_N || s === 0n || s >= CURVE_N) return { kind, owner: null, problem: 'r or s is out of range: recovers to nobody', note: null }
  const digest = kind === 'eoa' ? asDigest(hash) : personalHash(hash)
  let owner: Uint8Array | null
  try {
    owner = recoverAddress(digest, { r, s, yParity: parity as 0 | 1 })
  } catch {
    owner = null
  }
  return { kind, owner, problem: owner ? null : 'recovers to no key', note: s > CURVE_N / 2n ? 'high s (EIP-2 malleable form): the Safe accepts it, most signers never produce it' : null }
}

/**
 * Read a `signatures` blob as the Safe would.
 * @param hash - the safeTxHash (or safeMessageHash) the signatures are for
 * @param count - how many static parts to read (the threshold); default: up to the first dynamic part, or the end
 * @throws AirsignError SAFE_SIGNATURES when the bytes cannot be split into signatures
 */
export function parseSignatures(blob: Uint8Array, hash: Uint8Array, count?: number): ParsedSignature[] {
  if (blob.length < 65) throw new AirsignError('SAFE_SIGNATURES', `signatures are 65 bytes each; these are ${blob.length} bytes`)
  if (count !== undefined && blob.length < count * 65) throw new AirsignError('SAFE_SIGNATURES', `${count} signatures need at least ${count * 65} bytes; these are ${blob.length} (GS020)`)
  const out: ParsedSignature[] = []
  let end = count === undefined ? blob.length : count * 65
  for (let i = 0, at = 0; at + 65 <= end && (count === undefined || i < count); i++, at += 65) {
    const bytes = blob.subarray(at, at + 65)
    const v = bytes[64]!
    const r = bytes.subarray(0, 32)
    const inR = r.subarray(12)
    const rIsAddress = r.subarray(0, 12).every((b) => b === 0)
    if (v === 1 || v === 0) {
      if (!rIsAddress) {
        out.push({ index: i, kind: 'invalid', owner: null, bytes, problem: `v = ${v} but r is not an address (its top 12 bytes are not zero)`, note: null })
        continue
      }
      const owner = Uint8Array.from(inR)
      if (v === 1) {
        out.push({ index: i, kind: 'approved', owner, bytes, problem: null, note: 'pre-validated: valid only if this owner approved the hash on chain (approveHash) or executes the transaction; not checkable offline' })
        continue
      }
      const offset = bytesToBigint(bytes.subarray(32, 64))
      let problem: string | null = null
      let data: Uint8Array | undefined
      if (count !== undefined && offset < BigInt(count * 65)) problem = `the dynamic part's offset ${offset} points into the static parts (GS021)`
      else if (offset + 32n > BigInt(blob.length)) problem = `the dynamic part's offset ${offset} is past the end of the signatures (GS022)`
      else {
        const len = bytesToBigint(blob.subarray(Number(offset), Number(offset) + 32))
        if (offset + 32n + len > BigInt(blob.length)) problem = `the dynamic part (${len} bytes at ${offset}) is past the end of the signatures (GS023)`
        else data = blob.slice(Number(offset) + 32, Number(offset) + 32 + Number(len))
        // The static parts end where the first dynamic part starts.
        if (count === undefined && Number(offset) < end) end = Number(offset)
      }
      out.push({ index: i, kind: 'contract', owner, bytes, ...(data ? { data } : {}), problem, note: problem ? null : `EIP-1271: valid only if ${address.toChecksum(owner)}.isValidSignature accepts the ${data!.length}-byte signature; not checkable offline` })
      continue
    }
    const e = recoverEcdsa(hash, bytes)
    out.push({ index: i, kind: e.owner ? e.kind : 'invalid', owner: e.owner, bytes, problem: e.problem, note: e.note })
  }
  if (count === undefined && !out.some((s) => s.kind === 'contract') && blob.length % 65 !== 0) {
    throw new AirsignError('SAFE_SIGNATURES', `${blob.length % 65} bytes after the last whole 65-byte signature, and no contract signature whose data they could be`)
  }
  return out
}

/** A given owner signature, checked offline. `valid` is null where only the chain can tell (approved hash, EIP-1271). */
export type OwnerCheck = { readonly owner: Uint8Array; readonly kind: Kind | 'invalid'; readonly recovered: Uint8Array | null; readonly valid: boolean | null; readonly problem: string | null; readonly note: string | null }

/**
 * Check one owner's signature (a Transaction Service confirmation) against the computed hash.
 * @param sig - its bytes: 65 (ECDSA, approved) or more (a contract signature with its data)
 */
export function checkOwnerSignature(hash: Uint8Array, owner: Uint8Array, sig: Uint8Array, version: SafeVersion): OwnerCheck {
  const v = sig[64]!
  const inR = sig.subarray(12, 32)
  const rIsOwner = sig.subarray(0, 12).every((b) => b === 0) && inR.every((b, i) => b === owner[i])
  if (v === 0 || v === 1) {
    const kind: Kind = v === 1 ? 'approved' : 'contract'
    if (!rIsOwner) return { owner, kind: 'invalid', recovered: null, valid: false, problem: `a ${kind === 'approved' ? 'pre-validated' : 'contract'} signature names ${address.toChecksum(inR)}, not its owner`, note: null }
    return { owner, kind, recovered: null, valid: null, problem: null, note: kind === 'approved' ? 'pre-validated: checked on chain (approveHash, or the owner executes)' : 'EIP-1271: checked on chain by the owner contract' }
  }
  if (sig.length !== 65) return { owner, kind: 'invalid', recovered: null, valid: false, problem: `an ECDSA signature is 65 bytes, this one ${sig.length}`, note: null }
  const e = recoverEcdsa(hash, sig)
  if (e.kind === 'eth_sign' && !acceptsEthSign(version)) return { owner, kind: 'invalid', recovered: e.owner, valid: false, problem: `eth_sign signatures (v ${v}) are not accepted by Safe ${version.release} (from 1.1.0)`, note: null }
  const valid = e.owner !== null && e.owner.every((b, i) => b === owner[i])
  return { owner, kind: e.owner ? e.kind : 'invalid', recovered: e.owner, valid, problem: e.problem ?? (valid ? null : `recovers to ${address.toChecksum(e.owner!)}, not to its owner, for this hash`), note: e.note }
}
