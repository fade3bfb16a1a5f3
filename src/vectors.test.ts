// Known-answer tests: every built-in vector case by case, the runner's failure
// paths, the provenance table, and `airsign vectors` end to end.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import * as mnemonic from './mnemonic.js'
import { ROOT, runCli } from './test/cli.js'
import * as vectors from './vectors.js'

const VECTORS_DIR = join(ROOT, 'test-vectors')
const readJson = (rel: string): unknown => JSON.parse(readFileSync(join(VECTORS_DIR, rel), 'utf8'))
const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p
  } catch (e) {
    return (e as { code: string }).code
  }
  return 'no error'
}

// The data as files on disk (what the README's sha256 table names).
const trezor = readJson('upstream/bip39/trezor-vectors.json') as Record<string, string[][]>
const jp = readJson('upstream/bip39/jp-vectors.json') as { mnemonic: string; passphrase: string }[]
const bip32 = readJson('bip32/bip32-vectors.json') as {
  vectors: { vector: number; seed?: string; chains?: { path: string; xpub: string; xprv: string }[]; invalidKeys?: { key: string; reason: string }[] }[]
}
const eip155 = readJson('eip155/eip155-example.json') as Record<string, unknown>
const core = readJson('airsign/core.json') as Record<string, { _info: { source: string }; input: Record<string, unknown>; expect: Record<string, string> }>
type SafeEntry = { id: string; source: string; expect: Record<string, unknown>; [k: string]: unknown }
const safeVectors = readJson('safe/safe-vectors.json') as SafeEntry[]
const slip39Vectors = readJson('slip39/slip39-vectors.json') as [string, string[], string, string][]
type KeystoreCase = { json: Record<string, any>; password: string; priv: string }
const keystoreTests = readJson('keystore/keystore-basic-tests.json') as Record<string, KeystoreCase>

/** Number of built-in cases, counted from the data files. */
const EXPECTED_COUNT =
  Object.entries(trezor)
    .filter(([lang]) => lang !== 'russian' && lang !== 'turkish')
    .reduce((n, [, list]) => n + list.length, 0) +
  jp.length +
  bip32.vectors.reduce((n, v) => n + (v.chains?.length ?? 0) + (v.invalidKeys?.length ?? 0), 0) +
  1 +
  Object.keys(core).length +
  1 + // the EIP-712 Mail example
  (readJson('upstream/eip712/geth-typed-data.json') as unknown[]).length +
  (readJson('eip191/geth-texthash.json') as { vectors: unknown[] }).vectors.length +
  safeVectors.length +
  slip39Vectors.length +
  Object.keys(keystoreTests).length

describe('built-in suites', () => {
  test('are the files on disk, embedded by the bundle', () => {
    const byName = Object.fromEntries(vectors.builtIn().map((s) => [s.name, s.data]))
    expect(Object.keys(byName).sort()).toEqual(
      [
        'airsign/core.json',
        'bip32/bip32-vectors.json',
        'eip155/eip155-example.json',
        'upstream/bip39/jp-vectors.json',
        'upstream/bip39/trezor-vectors.json',
        'eip712/eip712-mail-example.json',
        'upstream/eip712/geth-typed-data.json',
        'eip191/geth-texthash.json',
        'safe/safe-vectors.json',
        'slip39/slip39-vectors.json',
        'keystore/keystore-basic-tests.json',
      ].sort(),
    )
    for (const [name, data] of Object.entries(byName)) expect(data, name).toEqual(readJson(name))
  })

  test('hold every case of the files (skipping only russian and turkish)', () => {
    const n = vectors.builtIn().reduce((sum, s) => sum + vectors.load(s.name, s.data).length, 0)
    expect(n).toBe(EXPECTED_COUNT)
    expect(Object.keys(vectors.SKIPPED_LANGUAGES).sort()).toEqual(['russian', 'turkish'])
    expect(trezor.english).toHaveLength(24)
    expect(Object.keys(trezor).length - 2).toBe(mnemonic.LANGUAGES.length)
  })

  for (const suite of vectors.builtIn()) {
    describe(suite.name, () => {
      test.each(vectors.load(suite.name, suite.data))('$name', async (c) => {
        expect(await c.run()).toEqual({ name: c.name, ok: true })
      })
    })
  }

  test('the Japanese vectors are detected as Japanese, written with U+3000 and a passphrase that needs NFKD', async () => {
    for (const c of jp) {
      expect((await mnemonic.parse(c.mnemonic)).language).toBe('japanese')
      expect(c.mnemonic).toContain('\u3000')
      expect(c.passphrase.normalize('NFKD')).not.toBe(c.passphrase)
    }
  })
})

describe('transcriptions match the verbatim upstream text', () => {
  test('BIP-32 vectors 1–5: bip32-vectors.json equals the mediawiki section', () => {
    const text = readFileSync(join(VECTORS_DIR, 'upstream/bip32/bip-0032-test-vectors.mediawiki.txt'), 'utf8')
    const parsed: typeof bip32.vectors = []
    let cur: (typeof bip32.vectors)[number] | undefined
    for (const line of text.split('\n')) {
      let m: RegExpExecArray | null
      if ((m = /^===Test vector (\d+)===$/.exec(line))) parsed.push((cur = { vector: Number(m[1]) }))
      else if ((m = /^Seed \(hex\): ([0-9a-f]+)$/.exec(line))) (cur!.seed = m[1]!), (cur!.chains = [])
      else if ((m = /^\* Chain (\S+)$/.exec(line))) cur!.chains!.push({ path: m[1]!.replaceAll('<sub>H</sub>', "'"), xpub: '', xprv: '' })
      else if ((m = /^\*\* ext pub: (\S+)$/.exec(line))) cur!.chains!.at(-1)!.xpub = m[1]!
      else if ((m = /^\*\* ext prv: (\S+)$/.exec(line))) cur!.chains!.at(-1)!.xprv = m[1]!
      else if ((m = /^\* (\S+) \((.+)\)$/.exec(line))) (cur!.invalidKeys ??= []).push({ key: m[1]!, reason: m[2]! })
    }
    expect(parsed).toEqual(bip32.vectors)
    expect(parsed.map((v) => v.vector)).toEqual([1, 2, 3, 4, 5])
    expect(parsed[4]!.invalidKeys).toHaveLength(16)
  })

  test('EIP-155 example: every value of eip155-example.json appears in the EIP text', () => {
    const text = readFileSync(join(VECTORS_DIR, 'upstream/eip155/eip-155-example-section.md.txt'), 'utf8')
    for (const f of ['signingData', 'signingHash', 'privateKey', 'signedTx']) expect(text).toContain(eip155[f])
    expect(text).toContain(`(${eip155.v}, ${eip155.r}, ${eip155.s})`)
    expect(text).toContain('`nonce = 9`, `gasprice = 20 * 10**9`, `startgas = 21000`, `to = 0x3535353535353535353535353535353535353535`, `value = 10**18`')
    expect(BigInt(eip155.rHex as string)).toBe(BigInt(eip155.r as string))
    expect(BigInt(eip155.sHex as string)).toBe(BigInt(eip155.s as string))
  })
})

describe('provenance', () => {
  test('README names the sha256 of every file in test-vectors/ and the hashes are right', () => {
    const readme = readFileSync(join(VECTORS_DIR, 'README.md'), 'utf8')
    const rows = [...readme.matchAll(/^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|/gm)].map((m) => [m[1]!, m[2]!] as const)
    const files = [
      'upstream/bip39/trezor-vectors.json',
      'upstream/bip39/jp-vectors.json',
      'upstream/bip32/bip-0032-test-vectors.mediawiki.txt',
      'upstream/eip155/eip-155-example-section.md.txt',
      'upstream/eip712/geth-typed-data.json',
      'bip32/bip32-vectors.json',
      'eip155/eip155-example.json',
      'eip712/eip712-mail-example.json',
      'eip191/geth-texthash.json',
      'airsign/core.json',
      'safe/safe-vectors.json',
      'slip39/slip39-vectors.json',
      'slip39/LICENSE-python-shamir-mnemonic',
      'keystore/keystore-basic-tests.json',
    ]
    expect(rows.map(([f]) => f).sort()).toEqual([...files].sort())
    for (const [file, sha] of rows) {
      expect(createHash('sha256').update(readFileSync(join(VECTORS_DIR, file))).digest('hex'), file).toBe(sha)
    }
  })

  test('every case of airsign/core.json names its source', () => {
    for (const [name, c] of Object.entries(core)) expect(c._info.source.length, name).toBeGreaterThan(20)
  })
})

describe('the runner fails what is wrong', () => {
  const first = trezor.english![0]!

  test('a seed with one byte changed fails that case only', async () => {
    const seed = first[2]!
    const bad = (seed.slice(0, 10) + (seed[10] === '0' ? '1' : '0') + seed.slice(11)) as string
    const results = await vectors.run('t.json', { english: [first, [first[0], first[1], bad, first[3]]] })
    expect(results).toEqual([
      { name: 't.json: english #1', ok: true },
      { name: 't.json: english #2', ok: false, detail: 'seed differs from the vector' },
    ])
  })

  test('a wrong mnemonic for the entropy, a wrong xprv, a wrong language each fail', async () => {
    const other = trezor.english![1]!
    expect(await vectors.run('t', { english: [[other[0], first[1], first[2], first[3]]] })).toEqual([
      { name: 't: english #1', ok: false, detail: 'entropy → mnemonic (english) differs from the vector' },
    ])
    expect(await vectors.run('t', { english: [[first[0], first[1], first[2], other[3]]] })).toEqual([
      { name: 't: english #1', ok: false, detail: 'root xprv differs from the vector' },
    ])
    const [r] = await vectors.run('t', { french: [first] })
    expect(r!.ok).toBe(false)
    expect(r!.detail).toMatch(/^language detected as english, expected french; entropy → mnemonic \(french\) differs/)
  })

  test('Chinese: a phrase valid in both lists passes either label; a traditional-only phrase labelled simplified fails', async () => {
    const shared = trezor.chinese_traditional![0]!
    expect(shared[1]).toBe(trezor.chinese_simplified![0]![1])
    expect((await vectors.run('t', { chinese_simplified: [shared], chinese_traditional: [shared] })).every((r) => r.ok)).toBe(true)
    const own = trezor.chinese_traditional!.find((r) => r[1] !== trezor.chinese_simplified![trezor.chinese_traditional!.indexOf(r)]![1])!
    const [r] = await vectors.run('t', { chinese_simplified: [own] })
    expect(r!.detail).toMatch(/^language detected as chinese-traditional, expected chinese-simplified; entropy → mnemonic \(chinese-simplified\) differs/)
  })

  test('a Japanese case with the passphrase dropped fails (the list format names it per case)', async () => {
    const c = readJson('upstream/bip39/jp-vectors.json') as Record<string, string>[]
    c[0]!.passphrase = ''
    expect((await vectors.run('jp', [c[0]]))[0]).toEqual({ name: 'jp: #1', ok: false, detail: 'seed differs from the vector; root xprv differs from the vector' })
    delete c[0]!.passphrase
    expect(await codeOf(vectors.run('jp', [c[0]]))).toBe('VECTOR_FILE')
  })

  test('SLIP-39: a wrong secret or xprv, an invalid set that is accepted, a malformed row', async () => {
    const valid = slip39Vectors[3]!
    const invalid = slip39Vectors[4]!
    const other = slip39Vectors[0]!
    expect(await vectors.run('s', [valid, [valid[0], valid[1], other[2], valid[3]], [valid[0], valid[1], valid[2], other[3]]])).toEqual([
      { name: `s: ${valid[0]}`, ok: true },
      { name: `s: ${valid[0]}`, ok: false, detail: 'master secret differs from the vector' },
      { name: `s: ${valid[0]}`, ok: false, detail: 'root xprv differs from the vector' },
    ])
    // Vector 5 is one share of vector 4's 2-of-3: with the other share it is a valid set, which a row marked invalid must not be.
    expect(await vectors.run('s', [invalid, [invalid[0], valid[1], '', '']])).toEqual([
      { name: `s: ${invalid[0]}`, ok: true },
      { name: `s: ${invalid[0]}`, ok: false, detail: 'the invalid share set was accepted' },
    ])
    // A valid set marked valid but refused fails with the error's code.
    expect((await vectors.run('s', [[valid[0], [valid[1][0]], valid[2], valid[3]]]))[0]!.detail).toMatch(/\[SLIP39_INSUFFICIENT\]$/)
    for (const row of [[valid[0], [], valid[2], valid[3]], [valid[0], valid[1], valid[2], ''], [valid[0], valid[1], 'zz', valid[3]], [1, valid[1], valid[2], valid[3]], [valid[0], [1], valid[2], valid[3]]]) {
      expect(await codeOf(vectors.run('s', [row]))).toBe('VECTOR_FILE')
    }
    expect(vectors.detect('s', slip39Vectors)).toBe('slip39')
  })

  test('a valid key among the vector-5 invalid keys is a failed vector', async () => {
    const valid = bip32.vectors[0]!.chains![0]!.xpub
    const results = await vectors.run('b', { vectors: [{ vector: 5, invalidKeys: [bip32.vectors[4]!.invalidKeys![0], { key: valid, reason: 'actually valid' }] }] })
    expect(results).toEqual([
      { name: 'b: vector 5 #1 invalid (pubkey version / prvkey mismatch)', ok: true },
      { name: 'b: vector 5 #2 invalid (actually valid)', ok: false, detail: 'the invalid extended key was accepted' },
    ])
  })

  test('a BIP-32 chain with a wrong xpub fails', async () => {
    const v = structuredClone(bip32.vectors[0]!)
    v.chains = [{ ...v.chains![1]!, xpub: v.chains![2]!.xpub }]
    const [r] = await vectors.run('b', { vectors: [v] })
    expect(r).toEqual({ name: "b: vector 1 m/0'", ok: false, detail: `xpub: expected ${v.chains[0]!.xpub}, got ${bip32.vectors[0]!.chains![1]!.xpub}` })
  })

  test('an EIP-155 example with a changed signed tx or v fails', async () => {
    const bad = { ...eip155, signedTx: (eip155.signedTx as string).replace(/83$/, '84'), v: '38' }
    const [r] = await vectors.run('e', bad)
    expect(r!.ok).toBe(false)
    expect(r!.detail).toBe(`v: expected 38, got 37; signed tx: expected ${bad.signedTx}, got ${eip155.signedTx}`)
  })

  test('airsign format: wrong address, wrong error code, an error where a result is expected, a result where an error is expected', async () => {
    const c = structuredClone(core)
    c.test_mnemonic_account_0!.expect.address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
    c.bad_checksum_twelve_tests!.expect.error = 'MNEMONIC_UNKNOWN_WORD'
    c.eip155_example_json_tx!.input.chainId = '5'
    c.already_signed_tx!.input.tx = eip155.signingData
    const failed = (await vectors.run('a', c)).filter((r) => !r.ok)
    expect(failed).toEqual([
      { name: 'a: test_mnemonic_account_0', ok: false, detail: 'address: expected 0x70997970C51812dc3A010C7d01b50e0d17dc79C8, got 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' },
      { name: 'a: eip155_example_json_tx', ok: false, detail: expect.stringMatching(/^--chain-id 5 disagrees .* \[CHAIN_ID_MISMATCH\]$/) },
      { name: 'a: bad_checksum_twelve_tests', ok: false, detail: expect.stringMatching(/^expected error MNEMONIC_UNKNOWN_WORD, got MNEMONIC_CHECKSUM: /) },
      { name: 'a: already_signed_tx', ok: false, detail: 'expected error TX_SIGNED, got a result' },
    ])
  })

  test('airsign format: path m, the root key itself (issue 14: it failed with XKEY_INVALID, the root wiped before it was read)', async () => {
    const c = { root: { _info: { source: 'issue 14' }, input: { mnemonic: 'test test test test test test test test test test test junk', passphrase: '', path: 'm' }, expect: { address: '0xF5a6EAD936fb47f342Bb63E676479bDdf26EbE1d' } } }
    expect(await vectors.run('m', c)).toEqual([{ name: 'm: root', ok: true }])
    c.root.expect.address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
    expect(await vectors.run('m', c)).toEqual([{ name: 'm: root', ok: false, detail: 'address: expected 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, got 0xF5a6EAD936fb47f342Bb63E676479bDdf26EbE1d' }])
  })

  test('airsign format: a signed tx that differs fails with both values', async () => {
    const c = { one: structuredClone(core.test_mnemonic_account_0_transfer_mainnet!) }
    c.one.input.path = "m/44'/60'/0'/0/1"
    const [r] = await vectors.run('a', c)
    expect(r!.ok).toBe(false)
    expect(r!.detail).toMatch(new RegExp(`^raw: expected ${c.one.expect.raw}, got 0x[0-9a-f]+; hash: expected ${c.one.expect.hash}, got 0x[0-9a-f]{64}$`))
  })
})

describe('Safe vectors: the runner fails what is wrong', () => {
  const F = 'safe/safe-vectors.json'
  const byId = (id: string): SafeEntry => structuredClone(safeVectors.find((v) => v.id === id)!)
  const flip = (h: string): string => h.slice(0, -1) + (h.endsWith('0') ? '1' : '0')
  const runOne = async (...entries: SafeEntry[]) => vectors.run(F, entries)

  test('one case per entry, named by its id', () => {
    expect(vectors.detect(F, safeVectors)).toBe('safe')
    expect(vectors.load(F, safeVectors).map((c) => c.name)).toEqual(safeVectors.map((v) => `${F}: ${v.id}`))
  })

  test('a wrong expected safeTxHash, domainHash or messageHash fails with both values', async () => {
    const v = byId('sthu-arbitrum-234')
    const e = v.expect as Record<string, string>
    const good = e.safeTxHash!
    e.safeTxHash = flip(good)
    expect(await runOne(v)).toEqual([{ name: `${F}: sthu-arbitrum-234`, ok: false, detail: `safeTxHash: expected ${e.safeTxHash}, got ${good}` }])
    e.safeTxHash = good
    e.domainHash = flip(e.domainHash!)
    e.messageHash = flip(e.messageHash!)
    expect((await runOne(v))[0]!.detail).toMatch(/^domainHash: expected 0x[0-9a-f]{64}, got 0x1cf7f9b1[0-9a-f]{56}; messageHash: expected /)
  })

  test('a SafeTx with a changed field or version fails', async () => {
    const v = byId('bybit-ethereum-71-displayed')
    ;(v.tx as Record<string, string>).nonce = '72'
    expect((await runOne(v))[0]!.detail).toMatch(/^messageHash: expected .*; safeTxHash: expected /)
    const w = byId('bybit-ethereum-71-displayed')
    w.version = '1.3.0'
    expect((await runOne(w))[0]!.detail).toMatch(/^domainHash: expected 0xb3ded2bd.*; safeTxHash: expected /)
  })

  test('wrongIfChainIdAdded: a wrong value fails; under a version that hashes the chain id it cannot differ', async () => {
    const v = byId('bybit-ethereum-71-malicious')
    const e = v.expect as Record<string, string>
    const good = e.wrongIfChainIdAdded!
    e.wrongIfChainIdAdded = flip(good)
    expect((await runOne(v))[0]!.detail).toBe(`wrongIfChainIdAdded (hashed as 1.3.0): expected ${e.wrongIfChainIdAdded}, got ${good}`)
    const w = byId('sthu-arbitrum-234')
    const we = w.expect as Record<string, string>
    we.wrongIfChainIdAdded = we.safeTxHash!
    expect((await runOne(w))[0]!.detail).toBe('wrongIfChainIdAdded: the same as safeTxHash (this version already hashes the chain id)')
  })

  test('Bybit: the confirmations recover for the malicious hash; a confirmation for another owner fails', async () => {
    const v = byId('bybit-ethereum-71-malicious')
    const c = v.confirmations as { owner: string }[]
    ;[c[0]!.owner, c[1]!.owner] = [c[1]!.owner, c[0]!.owner]
    const [r] = await runOne(v)
    expect(r!.detail).toBe(`confirmation 1 (${c[0]!.owner}): recovers to ${c[1]!.owner}; confirmation 2 (${c[1]!.owner}): recovers to ${c[0]!.owner}`)
  })

  test('Bybit: the displayed case checks that the malicious confirmations do not count for it', async () => {
    const malicious = byId('bybit-ethereum-71-malicious')
    const displayed = byId('bybit-ethereum-71-displayed')
    expect(await runOne(malicious, displayed)).toEqual([
      { name: `${F}: bybit-ethereum-71-malicious`, ok: true },
      { name: `${F}: bybit-ethereum-71-displayed`, ok: true },
    ])
    // Shown the very transaction that was signed, the check must see the signatures count.
    const shown = { ...byId('bybit-ethereum-71-malicious'), id: 'shown-the-real-one', confirmations: undefined, expect: { safeTxHash: (malicious.expect as Record<string, string>).safeTxHash } }
    const owners = (malicious.confirmations as { owner: string }[]).map((c) => c.owner)
    expect((await runOne(malicious, shown))[1]).toEqual({
      name: `${F}: shown-the-real-one`,
      ok: false,
      detail: owners.map((o, i) => `confirmation ${i + 1} of bybit-ethereum-71-malicious (${o}) also recovers for this hash`).join('; '),
    })
  })

  test('a confirmation whose signatureType disagrees with its v fails', async () => {
    const v = byId('shrs-api-message-snapshot-vote')
    ;(v.confirmations as Record<string, string>[])[0]!.signatureType = 'ETH_SIGN'
    expect((await runOne(v))[0]!.detail).toMatch(/^confirmation 1 \(0x53A26f48ED901336D7C165B85E6F43d9F8dBeAA7\): signatureType ETH_SIGN, but its v makes it EOA$/)
  })

  test('messages: a changed text or document fails; a document without a Safe compares its own hashes', async () => {
    const m = byId('msg-sepolia-opensea')
    m.message = `${m.message as string} `
    expect((await runOne(m))[0]!.detail).toMatch(/^eip191Hash: expected .*; messageHash: expected .*; safeMessageHash: expected /)
    const t = byId('shrs-typed-securitycouncil')
    ;(t.typedData as { domain: { chainId: number } }).domain.chainId = 5
    expect((await runOne(t))[0]!.detail).toMatch(/^domainHash: expected 0x4b060214.*; eip712Hash: expected 0x76ea36b8/)
  })

  test('the version matrix checks every release of a range, and the SafeMessage of the inner hash', async () => {
    const v = byId('derived-version-matrix')
    const e = v.expect as Record<string, Record<string, string>>
    e['1.0.0..1.2.0']!.safeTxHash = flip(e['1.0.0..1.2.0']!.safeTxHash!)
    e.safeMessage_inner_0x2ddf!['>=1.3.0'] = flip(e.safeMessage_inner_0x2ddf!['>=1.3.0']!)
    const [r] = await runOne(v, byId('shrs-api-message-snapshot-vote'))
    expect(r!.detail!.split('; ').map((p) => p.split(':')[0])).toEqual([
      '1.0.0 safeTxHash',
      '1.1.0 safeTxHash',
      '1.1.1 safeTxHash',
      '1.2.0 safeTxHash',
      "safeMessage_inner_0x2ddf (shrs-api-message-snapshot-vote's eip712Hash) at 1.3.0",
      "safeMessage_inner_0x2ddf (shrs-api-message-snapshot-vote's eip712Hash) at 1.4.0",
      "safeMessage_inner_0x2ddf (shrs-api-message-snapshot-vote's eip712Hash) at 1.4.1",
      "safeMessage_inner_0x2ddf (shrs-api-message-snapshot-vote's eip712Hash) at 1.5.0",
    ])
  })

  test('the test-mnemonic signatures: a wrong signature, or another key, fails', async () => {
    const v = byId('derived-signatures-test-mnemonic')
    const e = v.expect as Record<string, string>
    const good = e.ethSign!
    e.ethSign = e.eip712!
    expect((await runOne(v))[0]!.detail).toBe(`ethSign: expected ${e.eip712}, got ${good}; ethSign: the expected signature does not recover to the key as eth_sign`)
    const w = byId('derived-signatures-test-mnemonic')
    w.source = w.source.replace("m/44'/60'/0'/0/0", "m/44'/60'/0'/0/1")
    const [r] = await runOne(w)
    expect(r!.detail).toMatch(/^address: expected 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266, got 0x70997970C51812dc3A010C7d01b50e0d17dc79C8; eip712: expected .*; approvedHash: expected /)
  })
})

describe('keystore vectors (ethereum/tests KeyStoreTests): the runner fails what is wrong', () => {
  const F = 'keystore/keystore-basic-tests.json'
  const test1 = (): KeystoreCase => structuredClone(keystoreTests.test1!)

  test('one case per keystore, named by its key; pbkdf2 (test1) and scrypt (test2)', () => {
    expect(vectors.detect(F, keystoreTests)).toBe('keystore')
    expect(vectors.load(F, keystoreTests).map((c) => c.name)).toEqual([`${F}: test1`, `${F}: test2`])
    expect([keystoreTests.test1!.json.crypto.kdf, keystoreTests.test2!.json.crypto.kdf]).toEqual(['pbkdf2', 'scrypt'])
  })

  test('a wrong priv or a wrong password fails the case, quoting no key', async () => {
    const c = test1()
    c.priv = c.priv.replace(/^./, (d) => (d === '0' ? '1' : '0'))
    expect(await vectors.run('k', { one: c })).toEqual([{ name: 'k: one', ok: false, detail: 'decrypted key differs from priv' }])
    const w = test1()
    w.password = 'testpassworD'
    expect(await vectors.run('k', { one: w })).toEqual([{ name: 'k: one', ok: false, detail: 'keystore: wrong password (or a damaged file): the MAC does not match [KEYSTORE_PASSWORD]' }])
  })

  test('a keystore with no MAC check to fail (its address field is not its key): a failed case with the code', async () => {
    const c = test1()
    c.json.address = '5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'
    const [r] = await vectors.run('k', { one: c })
    expect(r!.ok).toBe(false)
    expect(r!.detail).toMatch(/^keystore: the address field is not this key's .*\[KEYSTORE_JSON\]$/)
  })

  const set = (f: (c: KeystoreCase) => void): Record<string, KeystoreCase> => {
    const c = test1()
    f(c)
    return { one: c }
  }
  test.each([
    ['an unknown field', set((c) => ((c as Record<string, unknown>).address = '00'))],
    ['a priv of 31 bytes', set((c) => (c.priv = c.priv.slice(2)))],
    ['a priv that is not hex', set((c) => (c.priv = 'zz'.repeat(32)))],
    ['a password that is not a string', set((c) => ((c as Record<string, unknown>).password = 1))],
    ['a keystore of version 2', set((c) => (c.json.version = 2))],
    ['a keystore beyond the KDF bounds (pbkdf2 c = 10^8)', set((c) => (c.json.crypto.kdfparams.c = 100_000_000))],
  ])('%s is VECTOR_FILE, nothing runs', async (_label, data) => {
    expect(await codeOf(vectors.run('k.json', data))).toBe('VECTOR_FILE')
  })

  test('the message names the case and the keystore error', () => {
    expect(() => vectors.load('k.json', set((c) => (c.json.crypto.kdfparams.c = 100_000_000)))).toThrow(
      "k.json: one json: keystore: pbkdf2 c = 100000000 is above airsign's bound 10000000 [KEYSTORE_KDF]",
    )
  })
})

describe('Safe vectors: a malformed entry is VECTOR_FILE, nothing runs', () => {
  const e = (id: string): SafeEntry => structuredClone(safeVectors.find((v) => v.id === id)!)
  const tx = (): SafeEntry => e('sthu-arbitrum-234')
  const SNAPSHOT = 'shrs-api-message-snapshot-vote'
  const set = (v: SafeEntry, f: (v: SafeEntry) => void): SafeEntry => (f(v), v)
  test.each([
    ['an entry without id', set(tx(), (v) => delete (v as Partial<SafeEntry>).id)],
    ['an entry without source', set(tx(), (v) => delete (v as Partial<SafeEntry>).source)],
    ['an entry with an unknown field', set(tx(), (v) => (v.nonce = 1))],
    ['an expected hash that is not hex', set(tx(), (v) => (v.expect.safeTxHash = '0x' + 'zz'.repeat(32)))],
    ['an expected hash of 31 bytes', set(tx(), (v) => (v.expect.safeTxHash = (v.expect.safeTxHash as string).slice(0, -2)))],
    ['an unknown expect field', set(tx(), (v) => (v.expect.safeTxhash = v.expect.safeTxHash))],
    ['a tx without its safeTxHash', set(tx(), (v) => delete v.expect.safeTxHash)],
    ['an unknown tx field', set(tx(), (v) => ((v.tx as Record<string, unknown>).nonse = '1'))],
    ['a safe with a wrong EIP-55 checksum', set(tx(), (v) => (v.safe = '0x111ceeee040739fD91D29C34C33E6B3E112F2177'))],
    ['a version that is not one', set(tx(), (v) => (v.version = 'latest'))],
    ['a SafeTx without a version', set(tx(), (v) => delete v.version)],
    ['a chain id of 0', set(tx(), (v) => (v.chainId = 0))],
    ['both tx and message', set(tx(), (v) => (v.message = 'hi'))],
    ['a confirmation of 64 bytes', set(e('bybit-ethereum-71-malicious'), (v) => ((v.confirmations as Record<string, string>[])[0]!.signature = '0x' + '11'.repeat(64)))],
    ['a confirmation with an unknown field', set(e('bybit-ethereum-71-malicious'), (v) => ((v.confirmations as Record<string, string>[])[0]!.signer = '0x'))],
    ['a confirmation of an on-chain kind', set(e('bybit-ethereum-71-malicious'), (v) => ((v.confirmations as Record<string, string>[])[0]!.signatureType = 'APPROVED_HASH'))],
    ['a matrix key that is no release', [set(e('derived-version-matrix'), (v) => (v.expect['1.2.5'] = v.expect['0.1.0'])), e(SNAPSHOT)]],
    ['a matrix range with no release in it', [set(e('derived-version-matrix'), (v) => (v.expect['1.6.0..1.7.0'] = v.expect['0.1.0'])), e(SNAPSHOT)]],
    ['a matrix inner hash no entry has', [set(e('derived-version-matrix'), (v) => (v.expect.safeMessage_inner_0xdead = { '>=1.3.0': '0x' + '00'.repeat(32) })), e(SNAPSHOT)]],
    ['a matrix inner hash whose entry is missing', [e('derived-version-matrix')]],
    ['a matrix SafeMessage key that is no comparison', [set(e('derived-version-matrix'), (v) => ((v.expect.safeMessage_inner_0x2ddf as Record<string, string>)['1.3.0'] = '0x' + '00'.repeat(32))), e(SNAPSHOT)]],
    ['a signatures entry whose source names no key', set(e('derived-signatures-test-mnemonic'), (v) => (v.source = 'computed here'))],
    ['a signature of 64 bytes', set(e('derived-signatures-test-mnemonic'), (v) => (v.expect.eip712 = (v.expect.eip712 as string).slice(0, -2)))],
  ])('%s', async (_label, entry) => {
    const data = Array.isArray(entry) ? entry : [entry]
    expect(await codeOf(vectors.run('s.json', data))).toBe('VECTOR_FILE')
  })

  test('two entries with one id', async () => {
    expect(await codeOf(vectors.run('s.json', [tx(), tx()]))).toBe('VECTOR_FILE')
  })
})

describe('malformed files are VECTOR_FILE, nothing runs', () => {
  const one = core.test_mnemonic_account_0!
  test.each([
    ['an object of numbers', { a: 1 }],
    ['a number', 42],
    ['null', null],
    ['an empty array', []],
    ['an empty object', {}],
    ['an array of strings', ['x']],
    ['a trezor file with an unknown language', { klingon: [trezor.english![0]] }],
    ['a trezor row with three fields', { english: [trezor.english![0]!.slice(0, 3)] }],
    ['a trezor row with non-hex entropy', { english: [['zz', ...trezor.english![0]!.slice(1)]] }],
    ['a BIP-32 vector without chains or invalidKeys', { vectors: [{ vector: 1, seed: '00' }] }],
    ['an airsign case without _info.source', { x: { ...one, _info: {} } }],
    ['an airsign case without passphrase', { x: { ...one, input: { mnemonic: one.input.mnemonic, path: one.input.path } } }],
    ['an airsign case without path', { x: { ...one, input: { mnemonic: one.input.mnemonic, passphrase: '' } } }],
    ['an airsign case with an unknown input field', { x: { ...one, input: { ...one.input, index: 0 } } }],
    ['an airsign case with an unknown expect field', { x: { ...one, expect: { adress: '0x' } } }],
    ['an airsign case with an unknown error code', { x: { ...one, expect: { error: 'NO_SUCH_CODE' } } }],
    ['an airsign case with both mnemonic and privateKey', { x: { ...one, input: { ...one.input, privateKey: '0x' + '46'.repeat(32) } } }],
    ['an airsign address case expecting raw', { x: { ...one, expect: { raw: '0x' } } }],
  ])('%s', async (_label, data) => {
    expect(await codeOf(vectors.run('f.json', data))).toBe('VECTOR_FILE')
  })
})

describe('airsign vectors (built bin, real pipes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'airsign-vectors-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  test('runs every built-in vector: N passed, 0 failed, exit 0, stderr empty', async () => {
    expect(await runCli(['vectors'])).toEqual({ code: 0, stdout: `${EXPECTED_COUNT} passed, 0 failed\n`, stderr: '' })
  })

  test('a user file with one broken case: exit 1, the count, one FAIL line on stderr', async () => {
    const c = structuredClone(core)
    c.test_mnemonic_account_3!.expect.address = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65'
    const file = join(dir, 'broken.json')
    writeFileSync(file, JSON.stringify(c, null, 2))
    expect(await runCli(['vectors', file])).toEqual({
      code: 1,
      stdout: `${Object.keys(core).length - 1} passed, 1 failed\n`,
      stderr: `FAIL ${file}: test_mnemonic_account_3: address: expected 0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65, got 0x90F79bf6EB2c4f870365E785982E1f101E93b906\n`,
    })
  })

  test('a user file in airsign format that passes', async () => {
    const file = join(VECTORS_DIR, 'airsign/core.json')
    expect(await runCli(['vectors', file])).toEqual({ code: 0, stdout: `${Object.keys(core).length} passed, 0 failed\n`, stderr: '' })
  })

  test('a file that is not JSON: exit 3 [VECTOR_FILE]', async () => {
    const file = join(dir, 'not.json')
    writeFileSync(file, 'this is not json\n')
    const r = await runCli(['vectors', file])
    expect(r).toEqual({ code: 3, stdout: '', stderr: expect.stringMatching(/^airsign: [^\n]*\[VECTOR_FILE\]\n$/) })
  })

  test('JSON of an unknown shape: exit 3 [VECTOR_FILE]', async () => {
    const file = join(dir, 'shape.json')
    writeFileSync(file, '{"a": 1}')
    const r = await runCli(['vectors', file])
    expect(r).toEqual({ code: 3, stdout: '', stderr: expect.stringMatching(/^airsign: [^\n]*not a known vector file format[^\n]*\[VECTOR_FILE\]\n$/) })
  })

  test('a missing file: exit 4 [READ_FAILED]', async () => {
    const r = await runCli(['vectors', join(dir, 'missing.json')])
    expect(r).toEqual({ code: 4, stdout: '', stderr: expect.stringMatching(/^airsign: [^\n]*\[READ_FAILED\]\n$/) })
  })
})
