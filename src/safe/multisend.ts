/**
 * Safe MultiSend / MultiSendCallOnly: the packed batch of `multiSend(bytes transactions)`.
 *
 * The bytes argument (Safe ≥ 1.1.1) is a concatenation, with no padding between entries, of
 * `operation (1) ‖ to (20) ‖ value (32) ‖ dataLength (32) ‖ data (dataLength)`; the contract
 * loops in steps of 85 + dataLength until the end. Decoded exactly: every byte must belong
 * to an entry, an operation other than 0 (CALL) or 1 (DELEGATECALL) is refused (the contract
 * reverts on it), a length past the end is refused. In MultiSend 1.5.0 (and only there)
 * `to = 0` means the Safe itself (`to := or(to, mul(iszero(to), address()))`); earlier
 * versions call address 0. The version is not in the calldata: the caller says which.
 * @see safe-global/safe-smart-account contracts/libraries/MultiSend.sol, MultiSendCallOnly.sol
 * @module
 */
import { AirsignError } from '../errors.js'
import { bytesToBigint } from '../bytes.js'

/** `multiSend(bytes)`. */
export const MULTISEND_SELECTOR = new Uint8Array([0x8d, 0x80, 0xff, 0x0a])

/** One entry of a batch. `to` is as encoded (20 zero bytes for "the Safe itself" in 1.5.0). */
export type Entry = { readonly operation: 0 | 1; readonly to: Uint8Array; readonly value: bigint; readonly data: Uint8Array; readonly offset: number }

/** Most entries decoded from one batch (each takes at least 85 bytes, so this bounds nothing real). */
export const MAX_ENTRIES = 4096

/**
 * Split the packed `transactions` bytes of a MultiSend call.
 * @param packed - the `bytes` argument, already ABI-decoded
 * @returns the entries in order
 * @throws AirsignError SAFE_MULTISEND naming the entry and its byte offset
 */
export function decodeEntries(packed: Uint8Array): Entry[] {
  const out: Entry[] = []
  let i = 0
  while (i < packed.length) {
    const n = out.length + 1
    if (n > MAX_ENTRIES) throw new AirsignError('SAFE_MULTISEND', `more than ${MAX_ENTRIES} entries in one batch`)
    if (packed.length - i < 85) throw new AirsignError('SAFE_MULTISEND', `entry ${n} at byte ${i}: ${packed.length - i} bytes left, an entry needs at least 85`)
    const op = packed[i]!
    if (op !== 0 && op !== 1) throw new AirsignError('SAFE_MULTISEND', `entry ${n} at byte ${i}: operation ${op} (only 0 = call and 1 = delegatecall exist; the contract reverts)`)
    const to = packed.slice(i + 1, i + 21)
    const value = bytesToBigint(packed.subarray(i + 21, i + 53))
    const len = bytesToBigint(packed.subarray(i + 53, i + 85))
    if (len > BigInt(packed.length - i - 85)) throw new AirsignError('SAFE_MULTISEND', `entry ${n} at byte ${i}: data length ${len} runs past the end of the batch (${packed.length - i - 85} bytes left)`)
    const end = i + 85 + Number(len)
    out.push({ operation: op, to, value, data: packed.slice(i + 85, end), offset: i })
    i = end
  }
  return out
}

/** The packed bytes of entries (the inverse of decodeEntries; for tests and `safe` commands). */
export function encodeEntries(entries: readonly Pick<Entry, 'operation' | 'to' | 'value' | 'data'>[]): Uint8Array {
  const size = entries.reduce((n, e) => n + 85 + e.data.length, 0)
  const out = new Uint8Array(size)
  let i = 0
  for (const e of entries) {
    out[i] = e.operation
    out.set(e.to, i + 1)
    out.set(word(e.value), i + 21)
    out.set(word(BigInt(e.data.length)), i + 53)
    out.set(e.data, i + 85)
    i += 85 + e.data.length
  }
  return out
}

function word(n: bigint): Uint8Array {
  const w = new Uint8Array(32)
  for (let k = 31; k >= 0 && n > 0n; k--, n >>= 8n) w[k] = Number(n & 0xffn)
  return w
}
