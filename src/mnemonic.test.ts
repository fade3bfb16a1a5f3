import { describe, expect, test } from 'vitest'
import { mnemonicToSeedSync } from '@scure/bip39'
import { pbkdf2 } from '@noble/hashes/pbkdf2.js'
import { sha512 } from '@noble/hashes/sha2.js'
import * as mnemonic from './mnemonic.js'
import { bytesToHex } from './bytes.js'

const TEST = 'test test test test test test test test test test test junk'
const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return (e as { code: string }).code
  }
  return 'no error'
}
async function message(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return (e as Error).message
  }
  return 'no error'
}

describe('parse', () => {
  test('canonicalises white space and detects English', async () => {
    const m = await mnemonic.parse(`  ${TEST.replaceAll(' ', ' \t\n ')}\n`)
    expect(m).toEqual({ phrase: TEST, language: 'english', words: 12 })
  })

  test('detects every language from a phrase generated in it', async () => {
    for (const lang of mnemonic.LANGUAGES) {
      const phrase = await mnemonic.fromEntropy(new Uint8Array(32).fill(7), lang)
      const m = await mnemonic.parse(phrase)
      // The two Chinese lists share characters: either is right when both validate.
      if (lang.startsWith('chinese')) expect(m.language.startsWith('chinese')).toBe(true)
      else expect(m.language).toBe(lang)
      expect(m.words).toBe(24)
    }
  })

  test('Japanese: U+3000 separators are normalised to U+0020 (NFKD)', async () => {
    const phrase = await mnemonic.fromEntropy(new Uint8Array(16), 'japanese')
    expect(phrase.includes('\u3000')).toBe(true)
    const m = await mnemonic.parse(phrase)
    expect(m.phrase).toBe(phrase.normalize('NFKD').replaceAll('\u3000', ' ').replaceAll('\u0020', ' '))
    expect(m.phrase.includes('\u3000')).toBe(false)
  })

  test('word count errors say the count', async () => {
    expect(await code(mnemonic.parse('test test'))).toBe('MNEMONIC_WORD_COUNT')
    expect(await message(mnemonic.parse('test test'))).toBe('mnemonic has 2 words; expected 12, 15, 18, 21 or 24')
    expect(await code(mnemonic.parse(''))).toBe('MNEMONIC_WORD_COUNT')
  })

  test('an unknown word is named by its position, never by the word', async () => {
    const bad = TEST.replace('junk', 'zzzqx')
    expect(await code(mnemonic.parse(bad))).toBe('MNEMONIC_UNKNOWN_WORD')
    const msg = await message(mnemonic.parse(bad))
    expect(msg).toBe('word 12 is not in any BIP-39 wordlist (closest: english)')
    expect(await message(mnemonic.parse(TEST.replace('test', 'Test')))).toBe('word 1 is not in any BIP-39 wordlist (closest: english)')
    expect(await message(mnemonic.parse(bad, 'french'))).toBe('word 1 is not in the french BIP-39 wordlist')
  })

  test('--lang naming another list than the words are in: MNEMONIC_LANGUAGE names the list the words are in', async () => {
    expect(await code(mnemonic.parse(TEST, 'french'))).toBe('MNEMONIC_LANGUAGE')
    expect(await message(mnemonic.parse(TEST, 'french'))).toBe('the words are in the english wordlist, not french')
    const ja = await mnemonic.fromEntropy(new Uint8Array(16).fill(1), 'japanese')
    expect(await message(mnemonic.parse(ja, 'korean'))).toBe('the words are in the japanese wordlist, not korean')
  })

  test('a checksum error names language and count, not the words', async () => {
    const bad = TEST.replace('junk', 'test')
    expect(await code(mnemonic.parse(bad))).toBe('MNEMONIC_CHECKSUM')
    const msg = await message(mnemonic.parse(bad))
    expect(msg).toBe('mnemonic checksum does not match (english, 12 words)')
  })

  test('lone surrogates are refused, not replaced', async () => {
    expect(await code(mnemonic.parse(TEST + '\uD800'))).toBe('MNEMONIC_ENCODING')
    const m = await mnemonic.parse(TEST)
    expect(() => mnemonic.toSeed(m, 'a\uDC00')).toThrow(expect.objectContaining({ code: 'MNEMONIC_ENCODING' }))
  })
})

describe('toSeed', () => {
  test('native PBKDF2 is byte-identical to @noble/hashes and @scure/bip39 (NFKD passphrases)', async () => {
    for (const pass of ['', 'TREZOR', 'Ｔｒｅｚｏｒ', 'e\u0301', '㍍ガバヴァぱばぐゞちぢ十人十色', ' trailing space ']) {
      for (const phrase of [TEST, ABANDON]) {
        const m = await mnemonic.parse(phrase)
        const ours = mnemonic.toSeed(m, pass)
        const noble = pbkdf2(sha512, m.phrase, 'mnemonic' + pass.normalize('NFKD'), { c: 2048, dkLen: 64 })
        expect(bytesToHex(ours)).toBe(bytesToHex(noble))
        expect(bytesToHex(ours)).toBe(bytesToHex(mnemonicToSeedSync(phrase, pass)))
      }
    }
  })

  test('BIP-39 reference: abandon…about / TREZOR', async () => {
    const seed = mnemonic.toSeed(await mnemonic.parse(ABANDON), 'TREZOR')
    // trezor/python-mnemonic vectors.json, english[0]
    expect(bytesToHex(seed)).toBe('0xc55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04')
  })
})

describe('generate / fromEntropy', () => {
  test('each word count gives a valid phrase of that length', async () => {
    for (const n of mnemonic.WORD_COUNTS) {
      const p = await mnemonic.generate(n)
      expect((await mnemonic.parse(p)).words).toBe(n)
    }
  })
  test('two generated phrases differ (the random source is used)', async () => {
    expect(await mnemonic.generate(24)).not.toBe(await mnemonic.generate(24))
  })
  test('entropy of a wrong size is ENTROPY_LENGTH', async () => {
    expect(await code(mnemonic.fromEntropy(new Uint8Array(15)))).toBe('ENTROPY_LENGTH')
    expect(await code(mnemonic.fromEntropy(new Uint8Array(33)))).toBe('ENTROPY_LENGTH')
  })
})

describe('the checksum (airsign computes it; @scure/bip39 is the oracle)', () => {
  test('2 000 seeded phrases of every length in English, Japanese, Spanish and Czech: parse accepts exactly those scure accepts', async () => {
    const { mnemonicToEntropy } = await import('@scure/bip39')
    const { prng } = await import('./test/prng.js')
    const rng = prng(0x6d6e656dn)
    let accepted = 0
    for (let i = 0; i < 2000; i++) {
      const lang = rng.pick(['english', 'japanese', 'spanish', 'czech'] as const)
      const list = await mnemonic.wordlist(lang)
      const n = rng.pick([12, 15, 18, 21, 24] as const)
      // Half the phrases are made valid (from entropy), half are random words (valid 1 time in 2^(n/3)).
      const phrase =
        i % 2 === 0
          ? await mnemonic.fromEntropy(rng.bytes((n / 3) * 4), lang)
          : Array.from({ length: n }, () => list[rng.int(2048)]!).join(lang === 'japanese' ? '\u3000' : ' ')
      let scure = true
      try {
        mnemonicToEntropy(phrase, list as string[])
      } catch {
        scure = false
      }
      const ours = await code(mnemonic.parse(phrase, lang))
      expect(ours === 'no error', `${lang} ${n}: ${phrase}`).toBe(scure)
      if (scure) accepted++
      else expect(ours).toBe('MNEMONIC_CHECKSUM')
    }
    expect(accepted).toBeGreaterThan(1000)
    expect(accepted).toBeLessThan(1300)
  })
})

test('the English list is strictly ascending (the binary search of mnemonic.ts relies on it), and every word is found at its place', async () => {
  const list = await mnemonic.wordlist('english')
  expect(list.length).toBe(2048)
  for (let i = 1; i < list.length; i++) expect(list[i - 1]! < list[i]!, `${list[i - 1]} < ${list[i]}`).toBe(true)
  // Each word of the list, as the only word of a 12-word phrase, is known (a word missing from the search would be MNEMONIC_UNKNOWN_WORD).
  for (const w of list) expect(await code(mnemonic.parse(Array(12).fill(w).join(' ')))).not.toBe('MNEMONIC_UNKNOWN_WORD')
  expect(await code(mnemonic.parse(Array(12).fill('zzz').join(' ')))).toBe('MNEMONIC_UNKNOWN_WORD')
  expect(await code(mnemonic.parse(Array(12).fill('aaa').join(' ')))).toBe('MNEMONIC_UNKNOWN_WORD')
})
