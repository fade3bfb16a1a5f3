/**
 * BIP-39: normalize (NFKD), validate, detect the wordlist, generate, and turn a
 * mnemonic (+ passphrase) into the 64-byte seed. The only importer of `@scure/bip39`.
 *
 * Error messages name the position of a bad word, never the word itself.
 * @see https://github.com/bitcoin/bips/blob/master/bip-0039.mediawiki
 * @module
 */
import { hash, pbkdf2Sync } from 'node:crypto'
import { entropyToMnemonic } from '@scure/bip39'
import { wordlist as english } from '@scure/bip39/wordlists/english.js'
import { AirsignError } from './errors.js'

/** The ten BIP-39 wordlists that `@scure/bip39` ships, in detection order. */
export const LANGUAGES = [
  'english',
  'japanese',
  'korean',
  'spanish',
  'chinese-simplified',
  'chinese-traditional',
  'french',
  'italian',
  'czech',
  'portuguese',
] as const
export type Language = (typeof LANGUAGES)[number]

/** Allowed word counts and their entropy size in bytes (BIP-39: ENT = 32·words/3 bits). */
export const WORD_COUNTS = [12, 15, 18, 21, 24] as const
export type WordCount = (typeof WORD_COUNTS)[number]

/** A validated mnemonic. `phrase` is the canonical form: NFKD, words joined by one U+0020. */
export type Mnemonic = { readonly phrase: string; readonly language: Language; readonly words: WordCount }

/** A word's position in its list. */
type Index = { has(word: string): boolean; get(word: string): number | undefined }

/**
 * The English list is in byte order (BIP-39's English list is sorted; mnemonic.test.ts checks the
 * pinned copy): a word is found by binary search, and a command does not build a 2048-entry map
 * at every start (~0.3 ms of a one-shot sign).
 */
function sortedIndex(words: readonly string[]): Index {
  const get = (w: string): number | undefined => {
    let lo = 0
    let hi = words.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const c = words[mid]!
      if (c === w) return mid
      if (c < w) lo = mid + 1
      else hi = mid - 1
    }
    return undefined
  }
  return { get, has: (w) => get(w) !== undefined }
}

const lists = new Map<Language, { words: string[]; index: Index }>([['english', { words: english, index: sortedIndex(english) }]])

// Wordlists other than English load on first use: a command pays only for what it reads.
async function load(lang: Language): Promise<{ words: string[]; index: Index }> {
  const hit = lists.get(lang)
  if (hit) return hit
  let words: string[]
  switch (lang) {
    case 'english': words = english; break
    case 'japanese': words = (await import('@scure/bip39/wordlists/japanese.js')).wordlist; break
    case 'korean': words = (await import('@scure/bip39/wordlists/korean.js')).wordlist; break
    case 'spanish': words = (await import('@scure/bip39/wordlists/spanish.js')).wordlist; break
    case 'chinese-simplified': words = (await import('@scure/bip39/wordlists/simplified-chinese.js')).wordlist; break
    case 'chinese-traditional': words = (await import('@scure/bip39/wordlists/traditional-chinese.js')).wordlist; break
    case 'french': words = (await import('@scure/bip39/wordlists/french.js')).wordlist; break
    case 'italian': words = (await import('@scure/bip39/wordlists/italian.js')).wordlist; break
    case 'czech': words = (await import('@scure/bip39/wordlists/czech.js')).wordlist; break
    case 'portuguese': words = (await import('@scure/bip39/wordlists/portuguese.js')).wordlist; break
  }
  const entry = { words, index: new Map(words.map((w, i) => [w, i])) }
  lists.set(lang, entry)
  return entry
}

/**
 * The 2048 words of a list (NFKD).
 * @param lang - the language
 */
export async function wordlist(lang: Language): Promise<readonly string[]> {
  return (await load(lang)).words
}

// A lone UTF-16 surrogate cannot be encoded as UTF-8: the seed would depend on
// how the encoder replaces it. Refuse rather than guess.
function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)
}

/**
 * NFKD-normalize text the way BIP-39 hashes it.
 * @throws AirsignError MNEMONIC_ENCODING for text that is not well-formed Unicode
 */
export function nfkd(text: string, what: 'mnemonic' | 'passphrase'): string {
  if (!isWellFormed(text)) throw new AirsignError('MNEMONIC_ENCODING', `${what} is not well-formed Unicode (lone surrogate)`)
  return text.normalize('NFKD')
}

/**
 * Split a phrase into NFKD words. Any run of white space separates words
 * (NFKD turns the Japanese U+3000 into U+0020); leading and trailing white
 * space is ignored.
 */
function splitWords(phrase: string): string[] {
  const norm = nfkd(phrase, 'mnemonic').trim()
  return norm === '' ? [] : norm.split(/\s+/u)
}

/**
 * Validate a mnemonic and detect its language.
 * @param phrase - the words, any white space between them
 * @param lang - restrict to one wordlist (default: detect)
 * @returns the canonical mnemonic
 * @throws AirsignError MNEMONIC_ENCODING, MNEMONIC_WORD_COUNT, MNEMONIC_UNKNOWN_WORD, MNEMONIC_CHECKSUM,
 *   MNEMONIC_LANGUAGE (`lang` given, the words all in another list)
 * @example (await parse('test test test test test test test test test test test junk')).language // 'english'
 */
export async function parse(phrase: string, lang?: Language): Promise<Mnemonic> {
  const words = splitWords(phrase)
  if (!(WORD_COUNTS as readonly number[]).includes(words.length)) {
    throw new AirsignError('MNEMONIC_WORD_COUNT', `mnemonic has ${words.length} words; expected 12, 15, 18, 21 or 24`)
  }
  const count = words.length as WordCount
  const canonical = words.join(' ')
  const candidates = lang ? [lang] : LANGUAGES
  let best: { lang: Language; firstUnknown: number; known: number } | undefined
  const complete: Language[] = []
  for (const l of candidates) {
    // English is loaded already; other lists only when the words are not all English.
    if (complete.length > 0) break
    const { index } = await load(l)
    let firstUnknown = -1
    let known = 0
    for (let i = 0; i < words.length; i++) {
      if (index.has(words[i]!)) known++
      else if (firstUnknown < 0) firstUnknown = i
    }
    if (firstUnknown < 0) complete.push(l)
    else if (!best || known > best.known) best = { lang: l, firstUnknown, known }
  }
  // The first list that holds every word wins when its checksum holds: the
  // other lists are not even loaded (a one-shot command pays for English only).
  if (complete.length > 0 && checksumOk(words, (await load(complete[0]!)).index)) return { phrase: canonical, language: complete[0]!, words: count }
  // Lists that share words (the two Chinese lists, English/French) can both hold a phrase.
  if (complete.length > 0 && !lang) {
    for (const l of LANGUAGES) {
      if (l === complete[0] || LANGUAGES.indexOf(l) < LANGUAGES.indexOf(complete[0]!)) continue
      const { index } = await load(l)
      if (words.every((w) => index.has(w))) complete.push(l)
    }
  }
  if (complete.length === 0 && lang) {
    // --lang names one list, but every word is in another: say which, rather than "word 1 is unknown".
    for (const other of LANGUAGES) {
      if (other === lang) continue
      const { index } = await load(other)
      if (words.every((w) => index.has(w))) {
        throw new AirsignError('MNEMONIC_LANGUAGE', `the words are in the ${other} wordlist, not ${lang}`, { hints: [`drop --lang or give --lang ${other}`] })
      }
    }
  }
  if (complete.length === 0) {
    const b = best!
    const where = lang ? `the ${lang} BIP-39 wordlist` : `any BIP-39 wordlist (closest: ${b.lang})`
    throw new AirsignError('MNEMONIC_UNKNOWN_WORD', `word ${b.firstUnknown + 1} is not in ${where}`, {
      hints: ['words must be lower case and spelled as in the list'],
    })
  }
  for (const l of complete) {
    if (checksumOk(words, (await load(l)).index)) return { phrase: canonical, language: l, words: count }
  }
  throw new AirsignError('MNEMONIC_CHECKSUM', `mnemonic checksum does not match (${complete[0]}, ${count} words)`, {
    hints: ['a word is mistyped or the words are out of order'],
  })
}

/**
 * BIP-39's checksum of a phrase whose words are all in one list: the words'
 * 11-bit indices, concatenated, are the entropy followed by its checksum, the
 * first (bits / 33) bits of SHA-256(entropy). (What `@scure/bip39`'s
 * mnemonicToEntropy checks, mnemonic.test.ts holds the two equal, without its
 * linear search of the list for each word: a one-shot sign's ~1 ms.)
 */
function checksumOk(words: readonly string[], index: Index): boolean {
  const bits = words.length * 11
  const csBits = bits / 33
  const entBytes = (bits - csBits) / 8
  const all = new Uint8Array(entBytes + 1)
  let acc = 0
  let accBits = 0
  let o = 0
  try {
    for (const w of words) {
      const i = index.get(w)
      if (i === undefined) return false
      acc = ((acc << 11) | i) & 0x7ffff // at most 7 + 11 bits are pending
      accBits += 11
      while (accBits >= 8) {
        accBits -= 8
        all[o++] = (acc >>> accBits) & 0xff
      }
    }
    if (accBits > 0) all[o++] = (acc << (8 - accBits)) & 0xff
    const h = hash('sha256', all.subarray(0, entBytes), 'buffer')
    const ok = all[entBytes]! >>> (8 - csBits) === h[0]! >>> (8 - csBits)
    h.fill(0)
    return ok
  } finally {
    all.fill(0)
    acc = 0
  }
}

/**
 * Entropy → mnemonic (BIP-39 §Generating: checksum = first ENT/32 bits of SHA-256(entropy)).
 * Japanese phrases are joined with U+3000, as the BIP asks.
 * @param entropy - 16, 20, 24, 28 or 32 bytes
 * @param lang - the wordlist
 * @returns the phrase as it is written down
 * @throws AirsignError ENTROPY_LENGTH
 */
export async function fromEntropy(entropy: Uint8Array, lang: Language = 'english'): Promise<string> {
  if (![16, 20, 24, 28, 32].includes(entropy.length)) {
    throw new AirsignError('ENTROPY_LENGTH', `entropy is ${entropy.length} bytes; expected 16, 20, 24, 28 or 32 (12 … 24 words)`)
  }
  return entropyToMnemonic(entropy, (await load(lang)).words)
}

/**
 * A new mnemonic from the system CSPRNG (`crypto.getRandomValues`).
 * @param words - 12, 15, 18, 21 or 24
 * @param lang - the wordlist
 */
export async function generate(words: WordCount, lang: Language = 'english'): Promise<string> {
  const entropy = globalThis.crypto.getRandomValues(new Uint8Array((words / 3) * 4))
  try {
    return await fromEntropy(entropy, lang)
  } finally {
    entropy.fill(0)
  }
}

/**
 * BIP-39 seed: PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + NFKD(passphrase), 2048, 64).
 * Uses the native `node:crypto` PBKDF2 (byte-identical to `@noble/hashes`, see mnemonic.test.ts, and about 7× faster cold).
 * @param m - a validated mnemonic
 * @param passphrase - the optional "25th word" ('' when none)
 * @returns 64 bytes; the caller wipes them
 * @throws AirsignError MNEMONIC_ENCODING for a passphrase that is not well-formed Unicode
 */
export function toSeed(m: Mnemonic, passphrase = ''): Uint8Array {
  // The UTF-8 copies are zeroed after use; the JavaScript strings they come from cannot be (README).
  const password = Buffer.from(m.phrase, 'utf8')
  const salt = Buffer.from('mnemonic' + nfkd(passphrase, 'passphrase'), 'utf8')
  try {
    const out = pbkdf2Sync(password, salt, 2048, 64, 'sha512')
    const seed = new Uint8Array(out)
    out.fill(0)
    return seed
  } finally {
    password.fill(0)
    salt.fill(0)
  }
}
