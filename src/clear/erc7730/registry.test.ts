/**
 * The registry's own test cases (ethereum/clear-signing-erc7730-registry @ 3b66ba28,
 * `registry/<entity>/testsv2/*.tests.json`, copied verbatim to test-vectors/erc7730/):
 * every case is run against the shipped snapshot, and intent, interpolatedIntent
 * (when expected), owner and every field's label and value (nested calldata too)
 * must be exactly what the file expects. The skips below are listed with their reasons.
 *
 * Providers come from each file's `dataProvider`, keyed by address (any case):
 * - `tokens` → token(), on every chain (the files give no chain);
 * - `addressNames` are names of the source "local" (an address book), `ensNames`
 *   of the source "ens". airsign resolves no ENS: it has no network. The test
 *   provider treats `ensNames` as a pre-resolved table a user could supply, and
 *   answers from it only when the descriptor's `sources` allow "ens" (or give
 *   none); `local` is consulted first unless `sources` put "ens" first. So the
 *   engine is tested on passing `sources` through, and the product's provider,
 *   which has no ENS source, never shows an ENS name.
 * - `nftCollectionNames` → collection(), `blockTimestamps` → blockTimestamp().
 * - the native currency: ETH (18 decimals) on the chains of the cases, from the
 *   table below.
 */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { afterAll, describe, expect, test } from 'vitest'
import { bytesToHex, hexToBytes } from '../../bytes.js'
import { decodeSigned, decodeUnsigned } from '../../tx.js'
import { parseTypedData, type TypedData } from '../../typed-data.js'
import { shippedFiles } from '../data/erc7730.js'
import { resolveInclude } from './descriptor.js'
import { descriptorSet, renderCalldata, renderTypedData, type Providers, type Rendered } from './index.js'

const DIR = new URL('../../../test-vectors/erc7730/', import.meta.url)

type Expected = { intent: string; interpolatedIntent?: string; owner?: string; fields: { label: string; value: string | Expected }[] }
type Case = { description: string; rawTx?: string; from?: string; data?: unknown; expected: Expected }
type TestFile = {
  descriptor: string
  dataProvider?: {
    tokens?: Record<string, { symbol: string; decimals: number; name: string }>
    addressNames?: Record<string, string>
    ensNames?: Record<string, string>
    nftCollectionNames?: Record<string, string>
    blockTimestamps?: Record<string, number>
  }
  tests: Case[]
}

/** Skipped cases: `<file> :: <description>` → why. */
const SKIPS: Record<string, string> = {
  'hyperliquid/testsv2/eip712-withdraw.tests.json :: Hyperliquid withdraw - 1 USDC':
    'the type name "HyperliquidTransaction:Withdraw" is no EIP-712 identifier: airsign refuses the document (src/typed-data.ts) and the descriptor\'s format key (DESCRIPTOR_FORMAT_KEY), so nothing can match',
  'walletconnect/testsv2/calldata-wct.tests.json :: Send - chain 1':
    'the registry expects the raw integer, but the descriptor\'s metadata.token gives WCT with 18 decimals for the called token itself, and the spec has metadata.token used when the contract is the token (airsign shows 8262.522497866777030611 WCT)',
  'walletconnect/testsv2/calldata-wct.tests.json :: Approve - chain 1':
    'as "Send": the registry expects the raw integer; with metadata.token and the descriptor\'s threshold airsign shows "Unlimited WCT"',
}

/** Cases whose rawTx is a signed transaction. */
const SIGNED = new Set([
  'lifi/testsv2/calldata-LIFIDiamond.tests.json :: Bridge via RelayDepository - native (chain 1)',
  'lifi/testsv2/calldata-LIFIDiamond.tests.json :: Swap & Bridge via AcrossV4 (chain 1)',
  'lifi/testsv2/calldata-LIFIDiamond.tests.json :: Swap & Bridge via RelayDepository - to Solana (chain 1)',
  'lifi/testsv2/calldata-LIFIDiamond.tests.json :: Bridge via Eco (chain 1)',
  'lifi/testsv2/calldata-LIFIDiamond.tests.json :: Swap & Bridge via Mayan - to Solana (chain 1)',
  'lifi/testsv2/calldata-LIFIDiamond.tests.json :: Swap & Bridge via NEAR Intents (chain 1)',
  'lifi/testsv2/calldata-LIFIDiamond.tests.json :: Swap & Bridge via LayerSwap (chain 1)',
])

/**
 * EIP-712 cases whose document airsign's validator (src/typed-data.ts) refuses, and why: a
 * mixed-case address with a wrong EIP-55 checksum (a typo guard), a declared domain field that
 * is missing (what would be signed is not what is shown). `airsign sign-typed-data` refuses
 * them; the test asserts that refusal, then checks the rendering of the document as given.
 */
const INVALID_DOCUMENT: Record<string, string> = {
  '1inch/testsv2/eip712-AggregationRouterV6.tests.json :: 1inch Order': 'message.takerAsset: EIP-55 checksum does not match',
  'degate/testsv2/eip712-degate.tests.json :: DeGate AccountUpdate': 'domain.verifyingContract: EIP-55 checksum does not match',
  'degate/testsv2/eip712-degate.tests.json :: DeGate Withdrawal': 'domain.verifyingContract: EIP-55 checksum does not match',
  'degate/testsv2/eip712-degate.tests.json :: DeGate Transfer': 'domain.verifyingContract: EIP-55 checksum does not match',
  'opensea/testsv2/eip712-opensea.tests.json :: OpenSea Listing': 'message.feeRecipient: EIP-55 checksum does not match',
  'tally/testsv2/eip712-tally-ethereum-gtk-token.tests.json :: GTK token': 'domain.verifyingContract: EIP-55 checksum does not match',
  'uniswap/testsv2/eip712-UniswapX-DutchOrder.tests.json :: UniswapX Dutch Order': 'message.permitted.token: EIP-55 checksum does not match',
  'uniswap/testsv2/eip712-UniswapX-ExclusiveDutchOrder.tests.json :: UniswapX Exclusive Dutch Order': 'message.permitted.token: EIP-55 checksum does not match',
  'permit/testsv2/eip712-permit-avalanche_c_chain-yetiswap.tests.json :: Authorize spending of tokens': 'domain.version: missing (type string)',
}

/** Native currencies of the chains the cases use. */
const ETH = { symbol: 'ETH', decimals: 18 }
const NATIVE: Record<string, { symbol: string; decimals: number }> = {
  ...Object.fromEntries(['1', '10', '324', '8453', '42161', '59144', '81457', '534352', '17000', '11155111'].map((c) => [c, ETH])),
  '56': { symbol: 'BNB', decimals: 18 },
  '100': { symbol: 'xDAI', decimals: 18 },
  '137': { symbol: 'POL', decimals: 18 },
  '43114': { symbol: 'AVAX', decimals: 18 },
}

const lower = (m: Record<string, string> | undefined) => new Map(Object.entries(m ?? {}).map(([k, v]) => [k.toLowerCase(), v]))

function providers(dp: TestFile['dataProvider'] = {}): Providers {
  const tokens = new Map(Object.entries(dp.tokens ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
  const local = lower(dp.addressNames)
  const ens = lower(dp.ensNames)
  const nft = lower(dp.nftCollectionNames)
  return {
    token: (_c, a) => tokens.get(bytesToHex(a)) ?? null,
    name: (_c, a, _types, sources) => {
      for (const s of sources ?? ['local', 'ens']) {
        const n = (s === 'local' ? local : s === 'ens' ? ens : new Map<string, string>()).get(bytesToHex(a))
        if (n !== undefined) return n
      }
      return null
    },
    collection: (_c, a) => nft.get(bytesToHex(a)) ?? null,
    blockTimestamp: (_c, h) => {
      const t = dp.blockTimestamps?.[h.toString()]
      return t === undefined ? null : BigInt(t)
    },
    nativeCurrency: (c) => NATIVE[c.toString()] ?? { symbol: `native(${c})`, decimals: 18 },
  }
}

/** The rendered review in the shape of the registry's `expected`. */
function project(r: Rendered, like: Expected): Expected {
  const out: Expected = { intent: r.intent, fields: [] }
  if (like.interpolatedIntent !== undefined) out.interpolatedIntent = r.interpolatedIntent ?? `(none: ${r.notes.join('; ')})`
  if (like.owner !== undefined) out.owner = r.owner ?? '(none)'
  out.fields = r.fields.map((f, i) => {
    const want = like.fields[i]?.value
    return { label: f.label, value: f.nested !== null && typeof want === 'object' ? project(f.nested, want) : f.value }
  })
  return out
}

const files = (readdirSync(DIR, { recursive: true }) as string[]).map((f) => f.split('\\').join('/')).filter((f) => f.endsWith('.tests.json')).sort()
const shipped = shippedFiles()
const set = descriptorSet(shipped)
const counts = { files: 0, cases: 0, rawTx: 0, eip712: 0, passed: 0, skipped: 0, lenient: 0 }

describe('registry testsv2 cases', () => {
  test('all 145 files (285 cases) are here', () => {
    expect(files).toHaveLength(145)
  })

  describe.each(files)('%s', (file) => {
    const t = JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as TestFile
    // The test file sits at registry/<entity>/testsv2/ in the registry; `descriptor` is relative to it.
    const target = resolveInclude(`registry/${file}`, t.descriptor, file)
    const p = providers(t.dataProvider)
    counts.files++
    test.each(t.tests.map((c) => [c.description, c] as const))('%s', (_d, c) => {
      counts.cases++
      if (c.rawTx) counts.rawTx++
      else counts.eip712++
      const skip = SKIPS[`${file} :: ${c.description}`]
      if (skip !== undefined) {
        counts.skipped++
        return
      }
      let r: Rendered | null
      if (c.rawTx !== undefined) {
        const raw = hexToBytes(c.rawTx, 'rawTx')
        // The schema says unsigned; lifi/testsv2/calldata-LIFIDiamond.tests.json has 7 signed ones (their sender is then known).
        const signed = SIGNED.has(`${file} :: ${c.description}`) ? decodeSigned(raw) : null
        const tx = signed?.tx ?? decodeUnsigned(raw)
        expect(tx.to, 'a contract call').not.toBeNull()
        expect(tx.chainId, 'a replay-protected transaction names its chain').not.toBeNull()
        const from = c.from ? hexToBytes(c.from, 'from') : (signed?.from ?? null)
        const out = renderCalldata(set, { chainId: tx.chainId!, from, to: tx.to!, value: tx.value }, tx.data, p)
        r = out?.rendered ?? null
        if (out?.lenient) counts.lenient++
      } else {
        const refusal = INVALID_DOCUMENT[`${file} :: ${c.description}`]
        if (refusal !== undefined) {
          expect(() => parseTypedData(c.data)).toThrow(refusal)
          r = renderTypedData(set, c.data as TypedData, p)
        } else r = renderTypedData(set, parseTypedData(c.data), p)
      }
      expect(r, 'a descriptor matches').not.toBeNull()
      expect(r!.descriptor).toBe(target)
      expect(project(r!, c.expected)).toEqual(c.expected)
      counts.passed++
    })
  })
})

describe('provenance of test-vectors/erc7730/', () => {
  test('test-vectors/README.md has one row per file, and every sha256 is recomputed from the bytes', () => {
    const readme = readFileSync(new URL('../README.md', DIR), 'utf8')
    const rows = [...readme.matchAll(/^\| erc7730\/(\S+) \| registry\/(\S+) \| ([0-9a-f]{64}) \|$/gm)]
    expect(rows.map((m) => m[1])).toEqual(files)
    for (const [, f, source, sha] of rows) {
      expect(source, f).toBe(f)
      expect(createHash('sha256').update(readFileSync(new URL(f!, DIR))).digest('hex'), f).toBe(sha)
    }
  })
})

describe('the runner', () => {
  test('skips at most 5 % of the cases, each with a reason, and names only cases that exist', () => {
    const all = new Set(files.flatMap((f) => (JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as TestFile).tests.map((c) => `${f} :: ${c.description}`)))
    expect(all.size).toBe(285)
    for (const k of [...Object.keys(SKIPS), ...SIGNED, ...Object.keys(INVALID_DOCUMENT)]) expect(all.has(k), k).toBe(true)
    expect(Object.keys(SKIPS).length).toBeLessThanOrEqual(14)
    for (const why of Object.values(SKIPS)) expect(why.length).toBeGreaterThan(40)
  })

  test('the projection fails on a wrong value (the comparison can fail)', () => {
    const r: Rendered = { intent: 'Send', interpolatedIntent: null, owner: 'o', contractName: null, descriptor: 'x', fields: [{ label: 'A', path: '#.a', format: 'raw', value: '1', nested: null, notes: [] }], notes: [] }
    const want: Expected = { intent: 'Send', owner: 'o', fields: [{ label: 'A', value: '2' }] }
    expect(project(r, want)).not.toEqual(want)
    expect(project(r, { ...want, fields: [{ label: 'A', value: '1' }] })).toEqual({ ...want, fields: [{ label: 'A', value: '1' }] })
  })
})

afterAll(() => {
  console.log(`registry testsv2: ${counts.files} files, ${counts.cases} cases (${counts.rawTx} rawTx, ${counts.eip712} EIP-712): ${counts.passed} passed (${counts.lenient} of them from a lenient ABI decoding), ${counts.skipped} skipped`)
})
