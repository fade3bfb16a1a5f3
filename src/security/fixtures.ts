/**
 * Test support for the issue-5 security suites (strace, leak, malformed input):
 * one known secret, everything an independent oracle (ethers) derives from it,
 * and a check that a piece of output holds none of it.
 *
 * This file is test-only code: it is never imported by src/cli/run.ts, and
 * bundle-audit.test.ts proves that no file of src/security/ reaches the bundle.
 * @module
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { HDNodeWallet, Mnemonic } from 'ethers'

/**
 * The known secret of the suites. Every word has at least five letters, none
 * consists only of the letters a-f (it could then hide inside hex), and none
 * occurs in airsign's sources or README, so any hit in airsign's output is a leak.
 */
export const PHRASE = 'exhibit deposit pulse neutral drive nation plastic mansion hospital burst scene crisp'
export const PASSPHRASE = 'Quokka-Tundra-4471'
export const WORDS: readonly string[] = PHRASE.split(' ')

/** The paths the suites use (the default, --index 3, and the QR account node). */
export const PATHS = ["m/44'/60'/0'/0/0", "m/44'/60'/0'/0/3", "m/44'/60'/0'", "m/44'/60'/0'/0"] as const

export type Secret = { name: string; value: string; kind: 'text' | 'hex' | 'word' }

/** The SLIP-39 set of the suites: Trezor's vector 18 (2 of 4 groups; three shares), passphrase TREZOR. */
const SLIP39_VECTOR = (JSON.parse(readFileSync(new URL('../../test-vectors/slip39/slip39-vectors.json', import.meta.url), 'utf8')) as [string, string[], string, string][])[17]!
export const SHARES: readonly string[] = SLIP39_VECTOR[1]
export const SLIP39_SECRET = SLIP39_VECTOR[2]
export const SLIP39_PASSPHRASE = 'TREZOR'
/** The raw private key and keystore password of the suites (the key: sha256 of a label, so it is in no file). */
export const RAW_KEY = createHash('sha256').update('airsign security suite raw key').digest('hex')
export const KEYSTORE_PASSWORD = 'Marmot-Glacier-9182'

/** A key node of the known secret, derived by ethers (the oracle). */
export function node(path: string, passphrase = PASSPHRASE): HDNodeWallet {
  return HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(PHRASE, passphrase), path)
}

/**
 * Every secret the suites look for, derived with ethers: the phrase, each word,
 * the passphrase, the entropy, the seed, the master key, and the private key
 * and xprv at each used path, with and without the passphrase.
 */
export function secrets(): Secret[] {
  const out: Secret[] = [
    { name: 'mnemonic phrase', value: PHRASE, kind: 'text' },
    { name: 'passphrase', value: PASSPHRASE, kind: 'text' },
    ...WORDS.map((w, i) => ({ name: `mnemonic word ${i + 1}`, value: w, kind: 'word' as const })),
  ]
  out.push(...SHARES.map((v, i) => ({ name: `SLIP-39 share ${i + 1}`, value: v, kind: 'text' as const })))
  out.push({ name: 'SLIP-39 master secret', value: SLIP39_SECRET, kind: 'hex' })
  out.push({ name: 'SLIP-39 account 0 private key', value: HDNodeWallet.fromSeed('0x' + SLIP39_SECRET).derivePath(PATHS[0]).privateKey.slice(2), kind: 'hex' })
  out.push({ name: 'raw private key', value: RAW_KEY, kind: 'hex' })
  out.push({ name: 'keystore password', value: KEYSTORE_PASSWORD, kind: 'text' })
  for (const pass of [PASSPHRASE, '']) {
    const tag = pass ? 'with passphrase' : 'no passphrase'
    const m = Mnemonic.fromPhrase(PHRASE, pass)
    out.push({ name: `entropy`, value: m.entropy.slice(2), kind: 'hex' })
    out.push({ name: `seed (${tag})`, value: m.computeSeed().slice(2), kind: 'hex' })
    const root = HDNodeWallet.fromSeed(m.computeSeed())
    out.push({ name: `master private key (${tag})`, value: root.privateKey.slice(2), kind: 'hex' })
    out.push({ name: `master chain code (${tag})`, value: root.chainCode.slice(2), kind: 'hex' })
    out.push({ name: `master xprv (${tag})`, value: root.extendedKey, kind: 'text' })
    for (const p of PATHS) {
      const n = root.derivePath(p)
      out.push({ name: `private key ${p} (${tag})`, value: n.privateKey.slice(2), kind: 'hex' })
      out.push({ name: `xprv ${p} (${tag})`, value: n.extendedKey, kind: 'text' })
    }
  }
  return out
}

let cached: Secret[] | undefined

/**
 * The secrets found in `text`. Hex is matched case-insensitively (with or
 * without 0x); a word only as a whole word (letters on neither side), so that
 * base58 or bytewords output that happens to contain its letters is no false hit.
 * @param allow - names of secrets this output may hold (asked for explicitly)
 */
export function leaks(text: string, allow: (name: string) => boolean = () => false): string[] {
  cached ??= secrets()
  const lower = text.toLowerCase()
  const found: string[] = []
  for (const s of cached) {
    if (allow(s.name)) continue
    const hit =
      s.kind === 'hex'
        ? lower.includes(s.value.toLowerCase())
        : s.kind === 'word'
          ? new RegExp(`(?<![a-z])${s.value}(?![a-z])`, 'i').test(text)
          : text.includes(s.value)
    if (hit) found.push(s.name)
  }
  return [...new Set(found)]
}
