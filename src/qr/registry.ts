/**
 * The UR registry types of air-gapped Ethereum signing, as CBOR models:
 * `crypto-keypath` (tag 304) and `crypto-hdkey` (tag 303) of BCR-2020-007,
 * `crypto-account` (BCR-2020-015), and ERC-4527's `eth-sign-request` and
 * `eth-signature`.
 *
 *     eth-sign-request = { ?1: #6.37(uuid), 2: sign-data bytes, ?3: data-type (default 1),
 *                          ?4: chain-id int, 5: #6.304(crypto-keypath), ?6: address bytes(20), ?7: origin text }
 *     eth-signature    = { ?1: #6.37(uuid), 2: signature bytes, ?3: origin text }
 *     crypto-keypath   = { 1: [index uint / [] wildcard, hardened bool, …], ?2: source-fingerprint uint32, ?3: depth uint8 }
 * @see https://eips.ethereum.org/EIPS/eip-4527
 * @see https://github.com/BlockchainCommons/Research/blob/master/papers/bcr-2020-007-hdkey.md
 * @see https://github.com/BlockchainCommons/Research/blob/master/papers/bcr-2020-015-account.md
 * @module
 */
import { AirsignError } from '../errors.js'
import { HARDENED, type Path } from '../hd.js'
import * as cbor from './cbor.js'

/** CBOR tags of the registry (BCR-2020-006). */
export const TAG = { uuid: 37, hdkey: 303, keypath: 304, output: 308, account: 311 } as const

/** The data types of an eth-sign-request (ERC-4527). */
export const DATA_TYPE = { legacyTx: 1, typedData: 2, personalMessage: 3, typedTx: 4 } as const
export type DataType = (typeof DATA_TYPE)[keyof typeof DATA_TYPE]

/** A decoded eth-sign-request. */
export type SignRequest = {
  /** 16 bytes (a UUID), or null when the request has none */
  readonly requestId: Uint8Array | null
  readonly signData: Uint8Array
  readonly dataType: DataType
  readonly chainId: bigint | null
  readonly path: Path
  /** the master key fingerprint the request names, or null */
  readonly sourceFingerprint: number | null
  /** 20 bytes, or null */
  readonly address: Uint8Array | null
  readonly origin: string | null
}

function invalid(message: string): never {
  throw new AirsignError('QR_REQUEST_INVALID', `eth-sign-request: ${message}`)
}

const u32 = (v: cbor.Value | undefined): number | null => (typeof v === 'bigint' && v >= 0n && v <= 0xffffffffn ? Number(v) : null)

// A registry item nested in another may carry its tag or not (both occur in the wild).
function untag(v: cbor.Value | undefined, tag: number): cbor.Value | undefined {
  if (cbor.isTagged(v)) return v.tag === tag ? v.value : undefined
  return v
}

/**
 * A crypto-keypath as a path of concrete indices.
 * @throws AirsignError QR_PATH_INVALID for wildcards, bad components or a depth that disagrees
 */
export function decodeKeypath(v: cbor.Value | undefined): { path: Path; sourceFingerprint: number | null } {
  const m = untag(v, TAG.keypath)
  if (!(m instanceof Map)) throw new AirsignError('QR_PATH_INVALID', 'derivation path: not a crypto-keypath')
  const comps = m.get(1n)
  if (!Array.isArray(comps) || comps.length % 2 !== 0) throw new AirsignError('QR_PATH_INVALID', 'derivation path: components are not index/hardened pairs')
  const path: number[] = []
  for (let i = 0; i < comps.length; i += 2) {
    const index = comps[i] as cbor.Value
    const hardened = comps[i + 1] as cbor.Value
    if (Array.isArray(index)) throw new AirsignError('QR_PATH_INVALID', `derivation path: level ${i / 2 + 1} is a wildcard; a sign request names one key`)
    if (typeof index !== 'bigint' || index < 0n || index >= BigInt(HARDENED) || typeof hardened !== 'boolean') {
      throw new AirsignError('QR_PATH_INVALID', `derivation path: level ${i / 2 + 1} is not an index below 2^31 with a hardened flag`)
    }
    path.push(Number(index) + (hardened ? HARDENED : 0))
  }
  const fp = m.get(2n)
  const sourceFingerprint = fp === undefined ? null : u32(fp)
  if (fp !== undefined && sourceFingerprint === null) throw new AirsignError('QR_PATH_INVALID', 'derivation path: source fingerprint is not a 32-bit number')
  const depth = m.get(3n)
  if (depth !== undefined && depth !== BigInt(path.length)) throw new AirsignError('QR_PATH_INVALID', `derivation path: depth ${String(depth)} disagrees with its ${path.length} levels`)
  return { path, sourceFingerprint }
}

/**
 * A crypto-keypath value (untagged map).
 * @param path - concrete indices; a `'*'` entry writes a wildcard
 */
export function encodeKeypath(path: readonly (number | '*')[], sourceFingerprint?: number, depth?: number): cbor.CborMap {
  const comps: cbor.Value[] = []
  for (const i of path) {
    if (i === '*') comps.push([], false)
    else comps.push(BigInt(i >= HARDENED ? i - HARDENED : i), i >= HARDENED)
  }
  const m: cbor.CborMap = new Map([[1n, comps]])
  if (sourceFingerprint !== undefined) m.set(2n, BigInt(sourceFingerprint))
  if (depth !== undefined) m.set(3n, BigInt(depth))
  return m
}

/**
 * Decode an eth-sign-request (the CBOR payload of `ur:eth-sign-request`).
 * @throws AirsignError QR_UR_DECODE, QR_REQUEST_INVALID, QR_DATA_TYPE_UNSUPPORTED, QR_PATH_INVALID
 */
export function decodeSignRequest(bytes: Uint8Array): SignRequest {
  const m = cbor.decode(bytes)
  if (!(m instanceof Map)) invalid('not a CBOR map')
  for (const k of m.keys()) {
    if (typeof k !== 'bigint' || k < 1n || k > 7n) invalid(`unknown key ${String(k)}`)
  }
  let requestId: Uint8Array | null = null
  const rid = m.get(1n)
  if (rid !== undefined) {
    const b = untag(rid, TAG.uuid)
    if (!(b instanceof Uint8Array) || b.length !== 16) invalid('request id is not a 16-byte UUID')
    requestId = b
  }
  const signData = m.get(2n)
  if (!(signData instanceof Uint8Array)) invalid('sign data (key 2) is missing or not a byte string')
  if (signData.length === 0) invalid('sign data is empty')
  const dt = m.get(3n) ?? 1n
  if (typeof dt !== 'bigint') invalid('data type is not an integer')
  if (dt < 1n || dt > 4n) throw new AirsignError('QR_DATA_TYPE_UNSUPPORTED', `eth-sign-request: data type ${dt} is not one of 1 (legacy transaction), 2 (typed data), 3 (personal message), 4 (typed transaction)`)
  const cid = m.get(4n)
  if (cid !== undefined && (typeof cid !== 'bigint' || cid < 1n)) invalid('chain id is not a positive integer')
  if (!m.has(5n)) invalid('derivation path (key 5) is missing')
  const { path, sourceFingerprint } = decodeKeypath(m.get(5n))
  const addr = m.get(6n)
  if (addr !== undefined && (!(addr instanceof Uint8Array) || addr.length !== 20)) invalid('address is not 20 bytes')
  const origin = m.get(7n)
  if (origin !== undefined && typeof origin !== 'string') invalid('origin is not text')
  return {
    requestId,
    signData,
    dataType: Number(dt) as DataType,
    chainId: (cid as bigint | undefined) ?? null,
    path,
    sourceFingerprint,
    address: (addr as Uint8Array | undefined) ?? null,
    origin: (origin as string | undefined) ?? null,
  }
}

/**
 * Encode an eth-signature.
 * @param signature - r (32) || s (32) || v (big-endian, one byte or more)
 * @param requestId - the request's id, echoed
 * @returns the CBOR payload of `ur:eth-signature`
 */
export function encodeSignature(signature: Uint8Array, requestId: Uint8Array | null): Uint8Array {
  const m: cbor.CborMap = new Map()
  if (requestId !== null) m.set(1n, cbor.tagged(TAG.uuid, requestId))
  m.set(2n, signature)
  return cbor.encode(m)
}

/** What a crypto-hdkey (public, derived) says about a key. */
export type HdKey = {
  /** 33-byte compressed public key */
  readonly key: Uint8Array
  /** 32 bytes, or null to leave it out */
  readonly chainCode: Uint8Array | null
  /** the path from the master key */
  readonly origin: Path
  readonly sourceFingerprint: number
  /** the path below this key to its addresses, e.g. 0/* */
  readonly children: readonly (number | '*')[] | null
  readonly parentFingerprint: number
  readonly name: string
  readonly note: string
}

/** The crypto-hdkey map (untagged; tag it with TAG.hdkey when nested). */
export function hdKeyValue(k: HdKey): cbor.CborMap {
  const m: cbor.CborMap = new Map<cbor.Value, cbor.Value>([[3n, k.key]])
  if (k.chainCode !== null) m.set(4n, k.chainCode)
  m.set(6n, cbor.tagged(TAG.keypath, encodeKeypath(k.origin, k.sourceFingerprint, k.origin.length)))
  if (k.children !== null) m.set(7n, cbor.tagged(TAG.keypath, encodeKeypath(k.children)))
  m.set(8n, BigInt(k.parentFingerprint))
  m.set(9n, k.name)
  m.set(10n, k.note)
  return m
}

/**
 * Encode a crypto-hdkey (the CBOR payload of `ur:crypto-hdkey`).
 * Key order: 3 key-data, 4 chain-code, 6 origin, 7 children, 8 parent-fingerprint, 9 name, 10 note.
 */
export function encodeHdKey(k: HdKey): Uint8Array {
  return cbor.encode(hdKeyValue(k))
}

/**
 * Encode a crypto-account: the master fingerprint and one output descriptor
 * per key, each a bare crypto-hdkey (tag 303, no script expression).
 */
export function encodeAccount(masterFingerprint: number, keys: readonly HdKey[]): Uint8Array {
  return cbor.encode(
    new Map<cbor.Value, cbor.Value>([
      [1n, BigInt(masterFingerprint)],
      [2n, keys.map((k) => cbor.tagged(TAG.hdkey, hdKeyValue(k)))],
    ]),
  )
}
