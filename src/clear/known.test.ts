import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import * as known from './known.js'
import { labelBook, parseLabels } from './labels.js'
import { names } from './names.js'
import { decodeEntries, encodeEntries } from '../safe/multisend.js'
import { a, ALICE, BOB, USDC } from '../test/calls.js'
import { allKnown } from './standards.js'

const dir = new URL('./known/', import.meta.url)
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

describe('shipped address tables', () => {
  test('every file matches its manifest (path, sha256, entry count), and names a licence', () => {
    const m = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as { files: { path: string; sha256: string; entries: number }[]; licences: Record<string, string>; sources: unknown[] }
    expect(m.files.map((f) => f.path).sort()).toEqual(['delegates.json', 'safe-deployments.json', 'tokens.json'])
    for (const f of m.files) {
      const bytes = readFileSync(new URL(f.path, dir))
      expect(sha(bytes), f.path).toBe(f.sha256)
      expect((JSON.parse(bytes.toString('utf8')) as unknown[]).length, f.path).toBe(f.entries)
      expect(m.licences[f.path], f.path).toMatch(/MIT/)
    }
    expect(m.sources.length).toBe(46)
  })
  test('lookups: Safe deployments (all variants), tokens by chain, delegates by chain', () => {
    expect(known.safeContracts(a('0x40A2aCCbd92BCA938b02010E17A5b8929b49130D'))).toEqual([{ contract: 'MultiSendCallOnly', version: '1.3.0', variant: 'canonical', address: '0x40A2aCCbd92BCA938b02010E17A5b8929b49130D' }])
    expect(known.safeContracts(a('0xA1dabEF33b3B82c7814B6D82A79e50F4AC44102B')).map((c) => c.variant)).toEqual(['eip155'])
    expect(known.safeContracts(BOB)).toEqual([])
    expect(known.token(1n, USDC)).toEqual({ chainId: 1, address: '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48', symbol: 'USDC', decimals: 6 })
    expect(known.token(10n, USDC)).toBeNull()
    const mm = a('0x63c0c19a282a1B52b07dD5a65b58948A07DAE32B')
    expect(known.delegate(1n, mm)?.name).toBe('MetaMask EIP7702StatelessDeleGator 1.3.0')
    expect(known.delegate(5n, mm)).toBeNull()
    expect(known.delegate(5n, a('0xe6Cae83BdE06E4c305530e199D7217f42808555B'))?.name).toBe('Simple7702Account (EntryPoint 0.8)')
  })
  test('the built-in signatures: no two share a selector unless they are one signature', () => {
    const seen = new Map<string, string>()
    for (const k of allKnown()) {
      const s = Buffer.from(k.fn.selector).toString('hex')
      expect(seen.get(s) ?? k.fn.signature, `${s}: ${k.fn.signature} vs ${seen.get(s)}`).toBe(k.fn.signature)
      seen.set(s, k.fn.signature)
    }
    expect(seen.size).toBe(allKnown().length)
  })
})

describe('labels', () => {
  test('names, tokens, delegates, chain-specific entries; the signer is "yours" first', () => {
    const file = parseLabels(
      {
        '0x1111111111111111111111111111111111111111': 'Alice',
        '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48': { name: 'My USDC', symbol: 'USDX', decimals: 6, chainId: 10 },
        '0x3333333333333333333333333333333333333333': { name: 'wallet code', delegate: true },
      },
      'book.json',
    )
    const n = names(labelBook([file], [{ address: BOB, name: "your key at m/44'/60'/0'/0/0" }]))
    expect(n.name(1n, ALICE)).toEqual({ name: 'Alice', source: 'book.json' })
    expect(n.name(1n, BOB)).toEqual({ name: "your key at m/44'/60'/0'/0/0", source: 'your key' })
    expect(n.trustedDelegate(a('0x3333333333333333333333333333333333333333'))).toBe('wallet code')
    expect(n.trustedDelegate(ALICE)).toBeNull()
    expect(n.token(10n, USDC)).toEqual({ symbol: 'USDX', decimals: 6, name: 'My USDC', source: 'book.json' })
    expect(n.token(1n, USDC)).toEqual({ symbol: 'USDC', decimals: 6, source: 'shipped token table (micro-eth-signer)' })
    expect(n.name(1n, a('0x000000000022D473030F116dDEE9F6B43aC78BA3'))).toEqual({ name: 'Permit2', source: 'shipped' })
  })
  test('every malformed entry is refused with the file and the entry', () => {
    const bad = (json: unknown) => () => parseLabels(json, 'b.json')
    expect(bad([])).toThrow('b.json: top level: a labels file is a JSON object keyed by address')
    expect(bad({ '0x12': 'x' })).toThrow('b.json: "0x12": not an address (0x + 40 hex digits, EIP-55 or one case)')
    expect(bad({ '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB49': 'x' })).toThrow(/not an address/)
    const A = '0x1111111111111111111111111111111111111111'
    expect(bad({ [A]: '' })).toThrow(`b.json: ${A}: must be a string of 1 to 100 characters`)
    expect(bad({ [A]: { name: 'x', colour: 'red' } })).toThrow(`b.json: ${A}: unknown key "colour" (known: name, symbol, decimals, kind, chainId, delegate)`)
    expect(bad({ [A]: { symbol: 'X' } })).toThrow(`b.json: ${A}: a token needs both symbol and decimals`)
    expect(bad({ [A]: { symbol: 'X', decimals: 78 } })).toThrow(`b.json: ${A}: decimals must be an integer from 0 to 77`)
    expect(bad({ [A]: { name: 'x', kind: 'robot' } })).toThrow(`b.json: ${A}: kind must be one of eoa, contract, token, collection`)
    expect(bad({ [A]: { name: 'x', chainId: 0 } })).toThrow(`b.json: ${A}: chainId must be a positive integer`)
    expect(bad({ [A]: { name: 'x', delegate: 'yes' } })).toThrow(`b.json: ${A}: delegate must be true or false`)
    expect(bad({ [A]: {} })).toThrow(`b.json: ${A}: an entry needs a name, a token (symbol and decimals) or delegate`)
    expect(bad({ [A]: 5 })).toThrow(`b.json: ${A}: an entry is a name or an object`)
    expect(bad({ '0xabcdef0000000000000000000000000000000000': 'x', '0xABCDEF0000000000000000000000000000000000': 'y' })).toThrow('b.json: 0xaBcDEf0000000000000000000000000000000000: listed twice')
  })
})

describe('MultiSend batches', () => {
  const e1 = { operation: 0 as const, to: ALICE, value: 5n, data: Uint8Array.from([1, 2, 3]) }
  const e2 = { operation: 1 as const, to: BOB, value: 0n, data: new Uint8Array(0) }
  test('entries round-trip, byte offsets recorded', () => {
    const packed = encodeEntries([e1, e2])
    expect(packed.length).toBe(85 + 3 + 85)
    expect(decodeEntries(packed)).toEqual([
      { ...e1, offset: 0 },
      { ...e2, offset: 88 },
    ])
    expect(decodeEntries(new Uint8Array(0))).toEqual([])
  })
  test('a bad operation, a short entry, a length past the end: SAFE_MULTISEND naming the entry', () => {
    const p = encodeEntries([e1, e2])
    const op = p.slice()
    op[88] = 2
    expect(() => decodeEntries(op)).toThrow('entry 2 at byte 88: operation 2 (only 0 = call and 1 = delegatecall exist; the contract reverts)')
    expect(() => decodeEntries(p.slice(0, 100))).toThrow('entry 2 at byte 88: 12 bytes left, an entry needs at least 85')
    const long = p.slice()
    long[84] = 200
    expect(() => decodeEntries(long)).toThrow(expect.objectContaining({ code: 'SAFE_MULTISEND', message: 'entry 1 at byte 0: data length 200 runs past the end of the batch (88 bytes left)' }))
  })
})
