/**
 * The Safe known answers (kind `safe`, test-vectors/safe/safe-vectors.json):
 * SafeTx and SafeMessage hashes for a Safe, chain and version, owner
 * confirmations that must recover (and, for the Bybit pair, must not recover
 * for the transaction the owners were shown), every release's hashing rule,
 * and Safe signatures from the test key.
 * @module
 */
import { AirsignError } from '../errors.js'
import { bytesToHex, equalBytes, hexToBytes, parseQuantity, wipe } from '../bytes.js'
import * as sign from '../sign.js'
import * as txm from '../tx.js'
import * as address from '../address.js'
import * as hd from '../hd.js'
import * as mnemonic from '../mnemonic.js'
import * as td from '../typed-data.js'
import { personalHash } from '../message.js'
import { safeMessageHashes, safeTxHashes, type SafeDomain, type SafeHashes } from '../safe/hash.js'
import { approvedSignature, recoverEcdsa, SERVICE_TYPES, signHash } from '../safe/signature.js'
import { parseSafeTxJson } from '../safe/tx-json.js'
import { isAtLeast, parseVersion, RELEASES, type SafeVersion } from '../safe/version.js'
import { bad, isObject, makeCase, onlyKeys, same, str, type Case } from './check.js'

/**
 * The fields of an entry of a Safe vector file. Which check an entry is follows
 * from its inputs: `tx` with a version (a SafeTx), `tx` whose expect is keyed by
 * release (the version matrix), `message` (a text SafeMessage), `typedData` (an
 * EIP-712 document, a SafeMessage when a Safe is named), `safeTxHash` (Safe
 * signatures by the key its source names). `warnings` are review codes, checked
 * by the review's tests, not here.
 */
const SAFE_ENTRY_FIELDS = ['id', 'source', 'chainId', 'safe', 'version', 'tx', 'message', 'typedData', 'safeTxHash', 'expect', 'confirmations', 'warnings'] as const
const SAFE_TX_FIELDS = ['to', 'value', 'data', 'operation', 'safeTxGas', 'baseGas', 'gasPrice', 'gasToken', 'refundReceiver', 'nonce'] as const
const CONFIRMATION_FIELDS = ['owner', 'signature', 'signatureType', 'note'] as const
/** The first release with SafeMessage (EIP-1271): what `<X` in the matrix's SafeMessage values starts at. */
const FIRST_SAFE_MESSAGE = '1.0.0'

type SafeConfirmation = { readonly owner: Uint8Array; readonly signature: Uint8Array; readonly signatureType: string | undefined }
/** A Safe, its chain, and its version as written in the file (parsed when the case runs). */
type SafeEntryDomain = { readonly safe: Uint8Array; readonly chainId: bigint; readonly version: string }
type SafeEntry = {
  readonly id: string
  readonly where: string
  readonly raw: Record<string, unknown>
  readonly expect: Record<string, unknown>
  readonly confirmations: readonly SafeConfirmation[]
  /** tx entries: the nonce, to find other transactions of the same Safe and nonce. */
  readonly nonce: bigint | undefined
}

/** `0x` and exactly `size` bytes of hex, as lower-case text (how hashes are compared). */
function hexOf(v: unknown, where: string, size: number): string {
  const s = str(v, where)
  if (!new RegExp(`^0x[0-9a-fA-F]{${2 * size}}$`).test(s)) bad(where, `expected 0x and ${size} bytes of hex`)
  return s.toLowerCase()
}

function addressOf(v: unknown, where: string): Uint8Array {
  try {
    return address.parse(str(v, where), where)
  } catch (e) {
    if (e instanceof AirsignError && e.code === 'VECTOR_FILE') throw e
    bad(where, 'expected an address (0x and 40 hex digits, EIP-55 if mixed case)')
  }
}

function chainIdOf(v: unknown, where: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return BigInt(v)
  if (typeof v === 'string') {
    try {
      const n = parseQuantity(v, where, txm.MAX_CHAIN_ID)
      if (n > 0n) return n
    } catch {
      // falls through to the file error
    }
  }
  bad(where, 'expected a chain id (a positive whole number)')
}

/**
 * The version an entry's text names: `>=1.3.0` (the research's "any of the
 * chainId-domain releases") is 1.3.0, `1.1.1 (singleton …)` is 1.1.1, `1.3.0+L2` stays.
 */
function versionTextOf(v: unknown, where: string): string {
  const m = /^(?:>=)?(v?\d+\.\d+\.\d+(?:\+[0-9A-Za-z.-]+)?)(?: \(.+\))?$/.exec(str(v, where))
  if (!m) bad(where, 'expected a Safe version: X.Y.Z, optionally +L2, ">=" before or " (note)" after')
  return m[1]!
}

function releaseOf(text: string, where: string): SafeVersion {
  try {
    return parseVersion(text)
  } catch {
    bad(where, `"${text}" is not a Safe release`)
  }
}

const atLeast = (v: SafeVersion, floor: SafeVersion): boolean => isAtLeast(v, floor.major, floor.minor, floor.patch)

/** The releases airsign knows from `lo` to `hi` inclusive. */
function releasesBetween(lo: SafeVersion, hi: SafeVersion | undefined, below = false): string[] {
  return RELEASES.filter((r) => {
    const v = parseVersion(r)
    return atLeast(v, lo) && (hi === undefined || (below ? !atLeast(v, hi) : atLeast(hi, v)))
  })
}

function confirmationsOf(v: unknown, where: string): SafeConfirmation[] {
  if (v === undefined) return []
  if (!Array.isArray(v) || v.length === 0) bad(where, 'expected a non-empty list')
  return v.map((c, i) => {
    const w = `${where}[${i}]`
    if (!isObject(c)) bad(w, 'expected {owner, signature}')
    onlyKeys(c, CONFIRMATION_FIELDS, w)
    const signatureType = c.signatureType === undefined ? undefined : str(c.signatureType, `${w}.signatureType`)
    // Only ECDSA confirmations recover offline: APPROVED_HASH and CONTRACT_SIGNATURE need the chain.
    if (signatureType !== undefined && signatureType !== SERVICE_TYPES.eoa && signatureType !== SERVICE_TYPES.eth_sign) bad(`${w}.signatureType`, `expected ${SERVICE_TYPES.eoa} or ${SERVICE_TYPES.eth_sign}`)
    if (c.note !== undefined) str(c.note, `${w}.note`)
    return { owner: addressOf(c.owner, `${w}.owner`), signature: hexToBytes(hexOf(c.signature, `${w}.signature`, 65), 'signature'), signatureType }
  })
}

/** The domain an entry names: safe, chainId and version together, or none of them. */
function safeDomainOf(o: Record<string, unknown>, where: string): SafeEntryDomain | undefined {
  const given = ['safe', 'chainId', 'version'].filter((k) => o[k] !== undefined)
  if (given.length === 0) return undefined
  if (given.length !== 3) bad(where, 'safe, chainId and version go together')
  return { safe: addressOf(o.safe, `${where}.safe`), chainId: chainIdOf(o.chainId, `${where}.chainId`), version: versionTextOf(o.version, `${where}.version`) }
}

function domainAt(d: { safe: Uint8Array; chainId: bigint }, version: string): SafeDomain {
  return { safe: d.safe, chainId: d.chainId, version: parseVersion(version) }
}

/** Keep only the inputs of a kind, so that a stray one (a typo, a mixed-up entry) is a file error, not ignored. */
function onlyInputs(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of ['chainId', 'safe', 'version', 'tx', 'message', 'typedData', 'safeTxHash', 'confirmations']) {
    if (o[k] !== undefined && !allowed.includes(k)) bad(`${where}.${k}`, 'not an input of this kind of entry')
  }
}

function expectHashes(e: Record<string, unknown>, keys: readonly string[], required: readonly string[], where: string): Record<string, string> {
  onlyKeys(e, keys, where)
  for (const k of required) if (e[k] === undefined) bad(`${where}.${k}`, 'missing')
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, hexOf(v, `${where}.${k}`, 32)]))
}

export function loadSafe(name: string, data: unknown[]): Case[] {
  const ids = new Set<string>()
  const entries: SafeEntry[] = data.map((c, i) => {
    const o = c as Record<string, unknown>
    const at = `${name}[${i}]`
    if (typeof o.id !== 'string' || o.id.trim() === '') bad(`${at}.id`, 'every entry has an id')
    if (ids.has(o.id)) bad(`${at}.id`, `"${o.id}" is used twice`)
    ids.add(o.id)
    const where = `${name}: ${o.id}`
    onlyKeys(o, SAFE_ENTRY_FIELDS, where)
    if (typeof o.source !== 'string' || o.source.trim() === '') bad(`${where} source`, 'every entry names where its expected values come from')
    if (!isObject(o.expect)) bad(`${where} expect`, 'expected an object')
    if (o.warnings !== undefined && !(Array.isArray(o.warnings) && o.warnings.every((w) => typeof w === 'string'))) bad(`${where} warnings`, 'expected a list of strings')
    if (o.tx !== undefined) {
      if (!isObject(o.tx)) bad(`${where} tx`, 'expected the ten SafeTx fields')
      onlyKeys(o.tx, SAFE_TX_FIELDS, `${where} tx`)
    }
    let nonce: bigint | undefined
    try {
      nonce = isObject(o.tx) ? parseQuantity(o.tx.nonce, 'nonce') : undefined
    } catch {
      nonce = undefined
    }
    return { id: o.id, where, raw: o, expect: o.expect, confirmations: confirmationsOf(o.confirmations, `${where} confirmations`), nonce }
  })
  return entries.map((e) => {
    const o = e.raw
    const inputs = ['tx', 'message', 'typedData', 'safeTxHash'].filter((k) => o[k] !== undefined)
    if (inputs.length !== 1) bad(e.where, 'expected one of tx, message, typedData, safeTxHash')
    if (o.safeTxHash !== undefined) return safeSignaturesCase(e)
    if (o.tx !== undefined && Object.keys(e.expect).some((k) => /^\d/.test(k))) return safeMatrixCase(e, entries)
    if (o.tx !== undefined) return safeTxCase(e, entries)
    return safeMessageCase(e)
  })
}

/**
 * Each confirmation must recover to its owner for `hash` (and say the kind its v says);
 * or, with `mustNot`, none may: a signature for another transaction must not count for this one.
 */
function checkConfirmations(hash: Uint8Array, list: readonly SafeConfirmation[], problems: string[], mustNot?: string): void {
  list.forEach((c, i) => {
    const r = recoverEcdsa(hash, c.signature)
    const who = address.toChecksum(c.owner)
    const counts = r.owner !== null && equalBytes(r.owner, c.owner)
    if (mustNot !== undefined) {
      if (counts) problems.push(`confirmation ${i + 1} of ${mustNot} (${who}) also recovers for this hash`)
      return
    }
    if (!counts) problems.push(`confirmation ${i + 1} (${who}): ${r.problem ?? `recovers to ${address.toChecksum(r.owner!)}`}`)
    if (c.signatureType !== undefined && c.signatureType !== SERVICE_TYPES[r.kind]) problems.push(`confirmation ${i + 1} (${who}): signatureType ${c.signatureType}, but its v makes it ${SERVICE_TYPES[r.kind]}`)
  })
}

function sameHashes(want: Record<string, string>, got: SafeHashes, hashName: 'safeTxHash' | 'safeMessageHash', problems: string[], prefix = ''): void {
  if (want.domainHash !== undefined) same(`${prefix}domainHash`, want.domainHash, bytesToHex(got.domainSeparator), problems)
  if (want.messageHash !== undefined) same(`${prefix}messageHash`, want.messageHash, bytesToHex(got.structHash), problems)
  if (want[hashName] !== undefined) same(`${prefix}${hashName}`, want[hashName], bytesToHex(got.hash), problems)
}

/**
 * A SafeTx: its three hashes, the hash a tool that always adds the chain id
 * would get (`wrongIfChainIdAdded`, hashed as 1.3.0: must differ), the
 * confirmations; and the confirmations of any other entry for the same Safe,
 * chain and nonce must not recover to their owners for this hash (Bybit: what
 * the owners were shown is not what they signed).
 */
function safeTxCase(e: SafeEntry, all: readonly SafeEntry[]): Case {
  const o = e.raw
  onlyInputs(o, ['safe', 'chainId', 'version', 'tx', 'confirmations'], e.where)
  const d = safeDomainOf(o, e.where)
  if (d === undefined) bad(e.where, 'a SafeTx entry needs safe, chainId and version')
  const want = expectHashes(e.expect, ['domainHash', 'messageHash', 'safeTxHash', 'wrongIfChainIdAdded'], ['safeTxHash'], `${e.where} expect`)
  // Other transactions of this Safe, chain and nonce that carry confirmations (only one of them can execute).
  const others = all.filter(
    (x) => x !== e && x.raw.tx !== undefined && x.raw.version !== undefined && x.confirmations.length > 0 && x.nonce !== undefined && x.nonce === e.nonce &&
      equalBytes(addressOf(x.raw.safe, `${x.where}.safe`), d.safe) && chainIdOf(x.raw.chainId, `${x.where}.chainId`) === d.chainId,
  )
  return makeCase(e.where, async () => {
    const problems: string[] = []
    const tx = parseSafeTxJson(o.tx).tx
    const h = safeTxHashes(domainAt(d, d.version), tx)
    sameHashes(want, h, 'safeTxHash', problems)
    if (want.wrongIfChainIdAdded !== undefined) {
      const wrong = bytesToHex(safeTxHashes(domainAt(d, '1.3.0'), tx).hash)
      same('wrongIfChainIdAdded (hashed as 1.3.0)', want.wrongIfChainIdAdded, wrong, problems)
      if (wrong === bytesToHex(h.hash)) problems.push('wrongIfChainIdAdded: the same as safeTxHash (this version already hashes the chain id)')
    }
    checkConfirmations(h.hash, e.confirmations, problems)
    for (const x of others) checkConfirmations(h.hash, x.confirmations, problems, x.id)
    return problems
  })
}

/**
 * A SafeMessage: of a text (its EIP-191 hash, `eip191Hash`) or of an EIP-712
 * document (its digest, `eip712Hash`); domainHash and messageHash are then the
 * SafeMessage's, and the confirmations sign safeMessageHash. A document without
 * a Safe: its own domain separator, struct hash and digest.
 */
function safeMessageCase(e: SafeEntry): Case {
  const o = e.raw
  onlyInputs(o, ['safe', 'chainId', 'version', 'message', 'typedData', 'confirmations'], e.where)
  const d = safeDomainOf(o, e.where)
  const text = o.message === undefined ? undefined : str(o.message, `${e.where} message`)
  if (text !== undefined && d === undefined) bad(e.where, 'a text message entry needs safe, chainId and version')
  if (o.typedData !== undefined && !isObject(o.typedData)) bad(`${e.where} typedData`, 'expected an EIP-712 document')
  if (e.confirmations.length > 0 && d === undefined) bad(`${e.where} confirmations`, 'confirmations sign a SafeMessage: name the Safe')
  const inner = text === undefined ? 'eip712Hash' : 'eip191Hash'
  const want = expectHashes(e.expect, [inner, 'domainHash', 'messageHash', ...(d ? ['safeMessageHash'] : [])], d ? ['safeMessageHash'] : [inner], `${e.where} expect`)
  return makeCase(e.where, async () => {
    const problems: string[] = []
    let message: Uint8Array
    if (text !== undefined) {
      message = personalHash(new TextEncoder().encode(text))
    } else {
      const h = td.hashTypedData(td.parseTypedData(o.typedData))
      message = h.digest
      if (d === undefined) {
        if (want.domainHash !== undefined) same('domainHash', want.domainHash, bytesToHex(h.domainSeparator), problems)
        if (want.messageHash !== undefined) same('messageHash', want.messageHash, h.structHash ? bytesToHex(h.structHash) : '(none: the primary type is EIP712Domain)', problems)
      }
    }
    if (want[inner] !== undefined) same(inner, want[inner], bytesToHex(message), problems)
    if (d !== undefined) {
      const s = safeMessageHashes(domainAt(d, d.version), message)
      sameHashes(want, s, 'safeMessageHash', problems)
      checkConfirmations(s.hash, e.confirmations, problems)
    }
    return problems
  })
}

/**
 * The version matrix: one SafeTx under every release, expect keyed by release
 * (`0.1.0`) or range (`1.0.0..1.2.0`: every release airsign knows in it); and
 * `safeMessage_inner_0x<prefix>`: the SafeMessage of the `eip712Hash` of the
 * entry whose hash starts so, keyed `<X` (releases with SafeMessage below X)
 * and `>=X` (X and later).
 */
function safeMatrixCase(e: SafeEntry, all: readonly SafeEntry[]): Case {
  const o = e.raw
  onlyInputs(o, ['safe', 'chainId', 'tx'], e.where)
  const d = { safe: addressOf(o.safe, `${e.where}.safe`), chainId: chainIdOf(o.chainId, `${e.where}.chainId`) }
  const txChecks: { releases: string[]; want: Record<string, string> }[] = []
  const messageChecks: { releases: string[]; message: Uint8Array; want: string; label: string }[] = []
  for (const [key, value] of Object.entries(e.expect)) {
    const w = `${e.where} expect.${key}`
    if (!isObject(value)) bad(w, 'expected an object')
    const range = /^(\d+\.\d+\.\d+)(?:\.\.(\d+\.\d+\.\d+))?$/.exec(key)
    const inner = /^safeMessage_inner_(0x[0-9a-f]+)$/.exec(key)
    if (range) {
      const releases = releasesBetween(releaseOf(range[1]!, w), releaseOf(range[2] ?? range[1]!, w))
      if (releases.length === 0 || (range[2] === undefined && releases[0] !== range[1])) bad(w, 'names no release')
      txChecks.push({ releases, want: expectHashes(value, ['domainHash', 'messageHash', 'safeTxHash'], ['safeTxHash'], w) })
    } else if (inner) {
      const from = all.filter((x) => typeof x.expect.eip712Hash === 'string' && x.expect.eip712Hash.toLowerCase().startsWith(inner[1]!))
      if (from.length !== 1) bad(w, `expected one entry whose eip712Hash starts with ${inner[1]}, found ${from.length}`)
      const message = hexToBytes(hexOf(from[0]!.expect.eip712Hash, `${from[0]!.where} expect.eip712Hash`, 32), 'eip712Hash')
      for (const [cmp, hash] of Object.entries(value)) {
        const c = /^(<|>=)(\d+\.\d+\.\d+)$/.exec(cmp)
        if (!c) bad(`${w}.${cmp}`, 'expected <X.Y.Z or >=X.Y.Z')
        const bound = releaseOf(c[2]!, `${w}.${cmp}`)
        const releases = c[1] === '<' ? releasesBetween(parseVersion(FIRST_SAFE_MESSAGE), bound, true) : releasesBetween(bound, undefined)
        if (releases.length === 0) bad(`${w}.${cmp}`, 'names no release with SafeMessage')
        messageChecks.push({ releases, message, want: hexOf(hash, `${w}.${cmp}`, 32), label: `${key} (${from[0]!.id}'s eip712Hash)` })
      }
    } else {
      bad(w, 'expected a release, a range X..Y or safeMessage_inner_0x…')
    }
  }
  return makeCase(e.where, async () => {
    const problems: string[] = []
    const tx = parseSafeTxJson(o.tx).tx
    for (const c of txChecks) for (const r of c.releases) sameHashes(c.want, safeTxHashes(domainAt(d, r), tx), 'safeTxHash', problems, `${r} `)
    for (const c of messageChecks) for (const r of c.releases) same(`${c.label} at ${r}`, c.want, bytesToHex(safeMessageHashes(domainAt(d, r), c.message).hash), problems)
    return problems
  })
}

/**
 * Safe signatures of a safeTxHash by the key the source names (`key = "<mnemonic>"
 * <path> = <address>`, empty passphrase): EIP-712 (v 27/28), eth_sign (v 31/32),
 * and the pre-validated signature of the key's address. Each ECDSA signature
 * must also recover to that address.
 */
function safeSignaturesCase(e: SafeEntry): Case {
  const o = e.raw
  onlyInputs(o, ['safeTxHash'], e.where)
  const hash = hexToBytes(hexOf(o.safeTxHash, `${e.where} safeTxHash`, 32), 'safeTxHash')
  const key = /key = "([^"]+)" (m\/[0-9'/]+) = (0x[0-9a-fA-F]{40})/.exec(o.source as string)
  if (!key) bad(`${e.where} source`, 'names no key: expected key = "<mnemonic>" <path> = <address>')
  const [, phrase, pathText, addressText] = key
  const path = (() => {
    try {
      return hd.parsePath(pathText!)
    } catch {
      bad(`${e.where} source`, `${pathText} is not a derivation path`)
    }
  })()
  const owner = addressOf(addressText, `${e.where} source address`)
  onlyKeys(e.expect, ['eip712', 'ethSign', 'approvedHash'], `${e.where} expect`)
  if (Object.keys(e.expect).length === 0) bad(`${e.where} expect`, 'expected eip712, ethSign or approvedHash')
  const want = Object.fromEntries(Object.entries(e.expect).map(([k, v]) => [k, hexOf(v, `${e.where} expect.${k}`, 65)]))
  return makeCase(e.where, async () => {
    const problems: string[] = []
    const seed = mnemonic.toSeed(await mnemonic.parse(phrase!), '')
    let k: { key: sign.PrivateKey; publicKey: Uint8Array }
    try {
      k = hd.keyAt(seed, path)
    } finally {
      wipe(seed)
    }
    try {
      const from = address.fromPublicKey(k.publicKey)
      same('address', address.toChecksum(owner), address.toChecksum(from), problems)
      for (const [field, kind] of [['eip712', 'eoa'], ['ethSign', 'eth_sign']] as const) {
        if (want[field] === undefined) continue
        const sig = signHash(hash, k.key, k.publicKey, kind)
        same(field, want[field], bytesToHex(sig), problems)
        const r = recoverEcdsa(hash, hexToBytes(want[field], field))
        if (r.kind !== kind || r.owner === null || !equalBytes(r.owner, from)) problems.push(`${field}: the expected signature does not recover to the key as ${kind}`)
      }
      if (want.approvedHash !== undefined) same('approvedHash', want.approvedHash, bytesToHex(approvedSignature(from)), problems)
    } finally {
      wipe(k.key)
    }
    return problems
  })
}
