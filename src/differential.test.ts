/**
 * Differential test of the core path (issue 2) against ethers v6, an
 * independent implementation: entropy → mnemonic (all ten wordlists, every
 * length) → seed (NFKD passphrases) → BIP-32 node at a random path (indices to
 * 2^31-1) → address, xpub → signed EIP-155 legacy transaction and its hash,
 * with chain ids to 2^64-1, nonce/value/gas extremes, 4 KB data and contract
 * creation. Nonces above 2^53-1 are beyond ethers (a JS number there): those
 * cases are checked against @ethereumjs/tx instead.
 *
 * Seeded: set AIRSIGN_DIFF_SEED to replay another run; a failure names the
 * seed and the case number.
 * @module
 */
import { describe, expect, test } from 'vitest'
import { HDNodeWallet, Mnemonic, SigningKey, Transaction, wordlists, type Wordlist } from 'ethers'
import { createLegacyTx } from '@ethereumjs/tx'
import { bytesToHex } from './bytes.js'
import * as address from './address.js'
import * as hd from './hd.js'
import * as mnemonic from './mnemonic.js'
import * as tx from './tx.js'
import { runCli, warningJsonLines } from './test/cli.js'
import { reviewTransaction } from './clear/review.js'
import { RISKS } from './clear/codes.js'
import { prng, seed, type Rng } from './test/prng.js'

const SEED = seed(0x5eed0a15n)

const ETHERS_LIST: Record<mnemonic.Language, Wordlist> = {
  english: wordlists.en!,
  japanese: wordlists.ja!,
  korean: wordlists.ko!,
  spanish: wordlists.es!,
  'chinese-simplified': wordlists.zh_cn!,
  'chinese-traditional': wordlists.zh_tw!,
  french: wordlists.fr!,
  italian: wordlists.it!,
  czech: wordlists.cz!,
  portuguese: wordlists.pt!,
}

const U256 = (1n << 256n) - 1n
const SAFE = BigInt(Number.MAX_SAFE_INTEGER)


/** Passphrases, many of which change under NFKD (the seed must follow the NFKD form). */
function passphrase(r: Rng): string {
  switch (r.int(9)) {
    case 0: return ''
    case 1: return 'TREZOR'
    case 2: return 'e\u0301te\u0301 ' + r.int(1000) // combining acute accents
    case 3: return '\u00e9t\u00e9 ' + r.int(1000) // precomposed: NFKD equals case 2's form
    case 4: return '\uff21\uff22\uff23\uff11\uff12\uff13' // full-width letters and digits → ASCII under NFKD
    case 5: return '\u3042\u3044\u3000\u3046\u3048\u304a' // Japanese with an ideographic space
    case 6: return '\u{1F511}\u{1F433} key' // emoji (astral, surrogate pairs in JS)
    case 7: return '\ufb01\u2460\u00bd\u212b' // ligature fi, circled 1, ½, Angstrom sign
    default: {
      // random well-formed BMP text, surrogates excluded
      let s = ''
      for (let i = 0, n = 1 + r.int(12); i < n; i++) {
        let c = 0x20 + r.int(0xffdf)
        if (c >= 0xd800 && c <= 0xdfff) c -= 0x800
        s += String.fromCharCode(c)
      }
      return s
    }
  }
}

/** A path of depth 1 to 6, or the BIP-44 Ethereum path with a random last index; indices to 2^31-1. */
function randomPath(r: Rng): string {
  const index = (): number => r.pick([0, 1, 2 ** 31 - 1, r.int(100), r.int(2 ** 31)])
  if (r.int(3) === 0) return `m/44'/60'/0'/0/${index()}`
  const parts = ['m']
  for (let d = 0, n = 1 + r.int(6); d < n; d++) parts.push(`${index()}${r.int(2) ? "'" : ''}`)
  return parts.join('/')
}

/** A whitespace variant of the phrase: airsign accepts any run of white space between words. */
function respace(phrase: string, r: Rng): string {
  const seps = [' ', '  ', '\t', '\u3000', '\n']
  return phrase.split(/[ \u3000]/).join(r.pick(seps)) + r.pick(['', '\n', ' \r\n'])
}

type Quantities = { chainId: bigint; nonce: bigint; gasPrice: bigint; gas: bigint; value: bigint }

function quantities(r: Rng, bigNonce: boolean): Quantities {
  const edge = (max: bigint): bigint => r.pick([0n, 1n, max, max - 1n, r.u64() % max, (r.u64() << 64n | r.u64()) % max])
  return {
    chainId: r.pick([1n, 5n, 137n, 11155111n, 2n ** 32n + 1n, SAFE, (1n << 64n) - 1n, 1n + (r.u64() % SAFE)]),
    nonce: bigNonce ? r.pick([(1n << 64n) - 2n, SAFE + 1n, SAFE + r.u64() % (1n << 63n)]) : edge(SAFE),
    // @ethereumjs/tx (the big-nonce oracle) refuses gas * gasPrice above 2^256-1; ethers and airsign sign it
    gasPrice: bigNonce ? edge(1n << 190n) : edge(U256),
    gas: edge((1n << 64n) - 1n),
    value: edge(U256),
  }
}

const N = 500
const CLI_CASES = 20

describe(`core path vs ethers v6, ${N} seeded cases (seed ${SEED})`, () => {
  test('mnemonic, seed, address, xpub, signed legacy transaction and hash are byte-identical', async () => {
    const r = prng(SEED)
    const seen = { languages: new Set<string>(), lengths: new Set<number>(), contract: 0, bigChain: 0, bigNonce: 0, data4k: 0 }
    for (let i = 0; i < N; i++) {
      const where = `seed ${SEED}, case ${i}`
      const lang = mnemonic.LANGUAGES[i % mnemonic.LANGUAGES.length]!
      const words = mnemonic.WORD_COUNTS[r.int(mnemonic.WORD_COUNTS.length)]!
      const entropy = r.bytes((words / 3) * 4)
      const pass = passphrase(r)
      const list = ETHERS_LIST[lang]

      // entropy → phrase
      const phrase = await mnemonic.fromEntropy(entropy, lang)
      const theirs = Mnemonic.fromEntropy(entropy, pass, list)
      expect(phrase, where).toBe(theirs.phrase)

      // phrase (any spacing) → validated mnemonic → seed
      const m = await mnemonic.parse(respace(phrase, r))
      expect(m.words, where).toBe(words)
      if (!lang.startsWith('chinese')) expect(m.language, where).toBe(lang) // the two Chinese lists share characters
      const seed = mnemonic.toSeed(m, pass)
      expect(bytesToHex(seed), where).toBe(theirs.computeSeed())

      // seed → node at a random path → address, xpub, key
      const pathText = randomPath(r)
      const node = hd.derive(hd.fromSeed(seed), hd.parsePath(pathText))
      const theirNode = HDNodeWallet.fromSeed(seed).derivePath(pathText)
      const from = address.toChecksum(address.fromPublicKey(hd.publicKey(node)))
      expect(from, where).toBe(theirNode.address)
      expect(hd.xpub(node), where).toBe(theirNode.neuter().extendedKey)

      // a legacy transaction through airsign's JSON parser, signed; nonces above 2^53-1 in 1 case of 10
      const bigNonce = r.int(10) === 0
      const q = quantities(r, bigNonce)
      const to = r.int(8) === 0 ? null : address.toChecksum(r.bytes(20))
      const data = r.pick([new Uint8Array(0), r.bytes(1 + r.int(64)), r.bytes(4096)])
      const json = { chainId: q.chainId.toString(), nonce: '0x' + q.nonce.toString(16), gasPrice: q.gasPrice.toString(), gas: q.gas.toString(), to, value: q.value.toString(), data: bytesToHex(data) }
      const unsigned = tx.resolveChainId(tx.fromJson(json).tx, undefined, false)
      const key = hd.privateKey(node)
      const signed = tx.sign(unsigned, key, hd.publicKey(node))

      if (bigNonce) {
        // ethers keeps a nonce as a JS number; @ethereumjs/tx takes it as a bigint (chain id 1 there).
        const ejs = createLegacyTx(
          { nonce: q.nonce, gasPrice: q.gasPrice, gasLimit: q.gas, ...(to === null ? {} : { to }), value: q.value, data }, // mainnet by default
        ).sign(key)
        const again = tx.sign(tx.resolveChainId(tx.fromJson({ ...json, chainId: 1 }).tx, undefined, false), key)
        expect(bytesToHex(again.raw), where).toBe(bytesToHex(ejs.serialize()))
        expect(bytesToHex(again.hash), where).toBe(bytesToHex(ejs.hash()))
        seen.bigNonce++
      }
      // ethers, with the nonce it can hold (the big-nonce case signs its own copy above)
      const etx = Transaction.from({ type: 0, chainId: q.chainId, nonce: Number(bigNonce ? 0n : q.nonce), gasPrice: q.gasPrice, gasLimit: q.gas, to, value: q.value, data: bytesToHex(data) })
      etx.signature = new SigningKey(theirNode.privateKey).sign(etx.unsignedHash)
      const ours = bigNonce ? tx.sign(tx.resolveChainId({ ...unsigned, nonce: 0n }, undefined, false), key) : signed
      key.fill(0)
      expect(bytesToHex(ours.raw), where).toBe(etx.serialized)
      expect(bytesToHex(ours.hash), where).toBe(etx.hash)
      expect(ours.v, where).toBe(q.chainId * 2n + 35n + BigInt(etx.signature.yParity))
      // and ethers reads our bytes back to the same sender
      expect(Transaction.from(bytesToHex(ours.raw)).from, where).toBe(from)

      hd.wipe(node)
      seed.fill(0)
      seen.languages.add(lang)
      seen.lengths.add(words)
      if (to === null) seen.contract++
      if (q.chainId > SAFE) seen.bigChain++
      if (data.length === 4096) seen.data4k++
    }
    // The generator reached what the issue names.
    expect(seen.languages.size).toBe(10)
    expect(seen.lengths.size).toBe(5)
    for (const [k, v] of Object.entries({ contract: seen.contract, bigChain: seen.bigChain, bigNonce: seen.bigNonce, data4k: seen.data4k })) {
      expect(v, k).toBeGreaterThan(5)
    }
  }, 60_000)
})

describe(`the built CLI vs ethers v6, ${CLI_CASES} seeded cases`, () => {
  test('airsign sign --json with the secret in the environment', async () => {
    const r = prng(SEED ^ 0xc11n)
    for (let i = 0; i < CLI_CASES; i++) {
      const where = `seed ${SEED}, CLI case ${i}`
      const lang = mnemonic.LANGUAGES[r.int(mnemonic.LANGUAGES.length)]!
      const entropy = r.bytes(r.pick([16, 20, 24, 28, 32]))
      const pass = passphrase(r)
      const m = Mnemonic.fromEntropy(entropy, pass, ETHERS_LIST[lang])
      const pathText = randomPath(r)
      const wallet = HDNodeWallet.fromSeed(m.computeSeed()).derivePath(pathText)
      const q = quantities(r, false)
      const to = r.int(5) === 0 ? null : address.toChecksum(r.bytes(20))
      const data = bytesToHex(r.int(4) === 0 ? r.bytes(4096) : r.bytes(r.int(40)))
      const body = { chainId: '0x' + q.chainId.toString(16), nonce: q.nonce.toString(), gasPrice: q.gasPrice.toString(), gasLimit: q.gas.toString(), to, value: '0x' + q.value.toString(16), input: data }
      // Random calldata is blind (and may be refused): accept every code, and expect exactly the review's warnings on stderr.
      const review = reviewTransaction(tx.fromJson(body).tx, null, { render: null, abi: [] }, { chainId: q.chainId, now: 0n, trustedDelegates: () => null })
      const run = await runCli(['sign', '--json', '--path', pathText, '--accept', Object.keys(RISKS).join(',')], {
        env: { AIRSIGN_MNEMONIC: m.phrase, ...(pass ? { AIRSIGN_PASSPHRASE: pass } : {}) },
        stdin: JSON.stringify(body) + '\n',
      })
      const expected = await wallet.signTransaction({ type: 0, chainId: q.chainId, nonce: Number(q.nonce), gasPrice: q.gasPrice, gasLimit: q.gas, to, value: q.value, data })
      const etx = Transaction.from(expected)
      // A gas limit above EIP-7825's cap (2^24) is signed, with a warning line after the review's.
      const cap = q.gas > 1n << 24n ? `airsign: warning: gas limit ${q.gas} is above 2^24 (16777216), the per-transaction cap of EIP-7825 (Osaka): no network that runs Osaka includes it\n` : ''
      expect({ code: run.code, stderr: run.stderr }, where).toEqual({ code: 0, stderr: warningJsonLines(review.warnings) + cap })
      expect(JSON.parse(run.stdout), where).toEqual({ raw: expected, hash: etx.hash, from: wallet.address, type: 0, chainId: q.chainId.toString(), nonce: q.nonce.toString() })
      expect(run.stdout.endsWith('}\n') && run.stdout.split('\n').length === 2, where).toBe(true)
    }
  }, 60_000)
})
