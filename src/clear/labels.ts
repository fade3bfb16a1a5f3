/**
 * The user's address book (`--labels FILE`): names for addresses, token
 * symbols and decimals, NFT collections, and EIP-7702 delegates the user
 * trusts. A JSON object keyed by address (EIP-55 or all one case), each value
 * a name, or an object:
 *
 *     { "0x…": "Alice",
 *       "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48": { "name": "USD Coin", "symbol": "USDC", "decimals": 6, "chainId": 1 },
 *       "0x…": { "name": "my 7702 wallet code", "delegate": true } }
 *
 * `chainId` limits an entry to one chain (default: every chain). `kind` is
 * one of eoa, contract, token, collection (what ERC-7730 `addressName` types
 * name). Everything is validated; a problem names the file and the entry.
 * @module
 */
import { AirsignError } from '../errors.js'
import * as address from '../address.js'
import { bytesToHex } from '../bytes.js'

export type Label = {
  readonly name: string | null
  readonly symbol: string | null
  readonly decimals: number | null
  readonly kind: 'eoa' | 'contract' | 'token' | 'collection' | null
  readonly chainId: bigint | null
  readonly delegate: boolean
  /** Which file (or "your key") said so. */
  readonly source: string
}

export type Labels = { get(chainId: bigint | null, a: Uint8Array): Label | null }

const KEYS = new Set(['name', 'symbol', 'decimals', 'kind', 'chainId', 'delegate'])
const KINDS = new Set(['eoa', 'contract', 'token', 'collection'])
/** Longest name or symbol accepted (the terminal shows them; a label is not a document). */
const MAX_TEXT = 100

function bad(source: string, where: string, message: string): never {
  throw new AirsignError('LABELS_FILE', `${source}: ${where}: ${message}`)
}

function text(v: unknown, source: string, where: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_TEXT) bad(source, where, `must be a string of 1 to ${MAX_TEXT} characters`)
  return v
}

/**
 * Parse one labels file.
 * @param json - the parsed JSON
 * @param source - the file name, for messages and provenance
 * @throws AirsignError LABELS_FILE
 */
export function parseLabels(json: unknown, source: string): Map<string, Label[]> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) bad(source, 'top level', 'a labels file is a JSON object keyed by address')
  const out = new Map<string, Label[]>()
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    let a: Uint8Array
    try {
      a = address.parse(k, 'label')
    } catch {
      bad(source, JSON.stringify(k), 'not an address (0x + 40 hex digits, EIP-55 or one case)')
    }
    const where = address.toChecksum(a)
    let label: Label
    if (typeof v === 'string') {
      label = { name: text(v, source, where), symbol: null, decimals: null, kind: null, chainId: null, delegate: false, source }
    } else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>
      for (const key of Object.keys(o)) if (!KEYS.has(key)) bad(source, where, `unknown key "${key}" (known: ${[...KEYS].join(', ')})`)
      if (o.decimals !== undefined && !(Number.isInteger(o.decimals) && (o.decimals as number) >= 0 && (o.decimals as number) <= 77)) bad(source, where, 'decimals must be an integer from 0 to 77')
      if ((o.symbol === undefined) !== (o.decimals === undefined)) bad(source, where, 'a token needs both symbol and decimals')
      if (o.kind !== undefined && !KINDS.has(o.kind as string)) bad(source, where, `kind must be one of ${[...KINDS].join(', ')}`)
      if (o.chainId !== undefined && !(Number.isSafeInteger(o.chainId) && (o.chainId as number) > 0)) bad(source, where, 'chainId must be a positive integer')
      if (o.delegate !== undefined && typeof o.delegate !== 'boolean') bad(source, where, 'delegate must be true or false')
      if (o.name === undefined && o.symbol === undefined && o.delegate === undefined) bad(source, where, 'an entry needs a name, a token (symbol and decimals) or delegate')
      label = {
        name: o.name === undefined ? null : text(o.name, source, `${where}.name`),
        symbol: o.symbol === undefined ? null : text(o.symbol, source, `${where}.symbol`),
        decimals: o.decimals === undefined ? null : (o.decimals as number),
        kind: (o.kind as Label['kind']) ?? (o.symbol !== undefined ? 'token' : null),
        chainId: o.chainId === undefined ? null : BigInt(o.chainId as number),
        delegate: o.delegate === true,
        source,
      }
    } else {
      bad(source, where, 'an entry is a name or an object')
    }
    const key = bytesToHex(a)
    const list = out.get(key) ?? []
    if (list.some((l) => l.chainId === label.chainId)) bad(source, where, 'listed twice')
    list.push(label)
    out.set(key, list)
  }
  return out
}


/**
 * One address book from several files and the signer's own addresses (labelled first, as "yours").
 * A later file's entry for the same address and chain replaces an earlier one.
 */
export function labelBook(files: readonly Map<string, Label[]>[], own: readonly { address: Uint8Array; name: string }[] = []): Labels {
  const map = new Map<string, Label[]>()
  for (const f of files) {
    for (const [k, list] of f) {
      const cur = map.get(k) ?? []
      for (const l of list) {
        const i = cur.findIndex((c) => c.chainId === l.chainId)
        if (i >= 0) cur[i] = l
        else cur.push(l)
      }
      map.set(k, cur)
    }
  }
  const mine = new Map(own.map((o) => [bytesToHex(o.address), o.name]))
  return {
    get(chainId, a) {
      const k = bytesToHex(a)
      const list = map.get(k)
      const entry = list?.find((l) => l.chainId !== null && l.chainId === chainId) ?? list?.find((l) => l.chainId === null) ?? null
      const yours = mine.get(k)
      if (yours !== undefined) return { name: yours, symbol: null, decimals: null, kind: 'eoa', chainId: null, delegate: entry?.delegate ?? false, source: 'your key' }
      return entry
    },
  }
}
