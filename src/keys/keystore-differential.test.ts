/**
 * Keystores: airsign's reading vs ethers v6, on files from three independent producers:
 * - ethers' `encryptKeystoreJson` (scrypt, small parameters so the suite stays fast: n = 2^10 … 2^12,
 *   r = 8 or 1, p = 1 or 2), and one `Wallet.encrypt` with its defaults (n = 2^17);
 * - pbkdf2 files written here from the spec with node:crypto (ethers writes scrypt only), read by
 *   ethers' `decryptKeystoreJson` too;
 * - files as geth and Foundry (`cast wallet new`, eth-keystore) write them: lower-case hex, no
 *   `0x`, `address` without `0x`, written by hand from the spec.
 *
 * Random keys, and passwords of three kinds: ASCII; non-ASCII that NFKC leaves alone ("é", "中");
 * non-ASCII that NFKC changes ("ﬁ" → "fi", "e" + U+0301 → "é", fullwidth "Ａ" → "A"). The
 * password behaviour is pinned: ethers keys a string password by its NFKC form, geth and Foundry by
 * the bytes as given; airsign tries the bytes as given, then their NFKC form, so it reads both.
 *
 * ethers cannot be the oracle of scrypt with n ≥ 2^(16·r) (r = 1, n ≥ 2^16: geth reads and writes
 * such files, ethereum/tests' test2 is one): ethers refuses them, as OpenSSL does; airsign derives them
 * with noble, and the known answer of test2 (keystore.test.ts) is their check. Pinned below.
 *
 * Seeded: AIRSIGN_DIFF_SEED replays another run; a failure names seed and case.
 * @module
 */
import { createCipheriv, pbkdf2Sync, scryptSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { describe, expect, test } from 'vitest'
import { decryptKeystoreJson, encryptKeystoreJson, Wallet } from 'ethers'
import { AirsignError } from '../errors.js'
import { bytesToHex, concatBytes, utf8ToBytes } from '../bytes.js'
import * as address from '../address.js'
import { asPrivateKey, getPublicKey } from '../sign.js'
import { ROOT } from '../test/cli.js'
import { prng, seed, testKey, type Rng } from '../test/prng.js'
import { decryptKeystore } from './keystore.js'

const SEED = seed(0x6b657973n)
const ETHERS_CASES = 36
const PBKDF2_CASES = 24

const hex = (b: Uint8Array): string => bytesToHex(b).slice(2)
const ASCII = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~'
const STABLE = ['é', 'ü', 'ß', 'ñ', 'Ω', '中', '文', '密', '码', 'ж', '🔑', 'ą']
const CHANGING = ['ﬁ', 'e\u0301', 'Ａ', '²', '℃', '\u212b', '㍍', 'ｶ', 'ℌ', '\u00a0']
type PasswordKind = 'ascii' | 'stable' | 'changing'

/** A password of a kind: "changing" holds at least one character NFKC changes, "stable" at least one non-ASCII that it keeps. */
function password(r: Rng, kind: PasswordKind): string {
  const chars = Array.from({ length: r.int(16) }, () => ASCII[r.int(ASCII.length)]!)
  if (kind !== 'ascii') {
    const pool = kind === 'stable' ? STABLE : CHANGING
    for (let i = 0, m = 1 + r.int(3); i < m; i++) chars.splice(r.int(chars.length + 1), 0, r.pick(pool))
  }
  const s = chars.join('')
  if (kind === 'changing') expect(s.normalize('NFKC')).not.toBe(s)
  else expect(s.normalize('NFKC')).toBe(s)
  return s
}

const KINDS: readonly PasswordKind[] = ['ascii', 'stable', 'changing']

/** The reading of a keystore as a comparable value: the key, or the refusal. */
async function airsign(json: unknown, pw: Uint8Array): Promise<string> {
  try {
    return bytesToHex(await decryptKeystore(json, pw))
  } catch (e) {
    if (e instanceof AirsignError) return e.code
    throw e
  }
}
async function ethers(json: string, pw: string | Uint8Array): Promise<string> {
  try {
    return (await decryptKeystoreJson(json, pw)).privateKey
  } catch (e) {
    // ethers: "incorrect password" (INVALID_ARGUMENT); airsign's name for the same answer.
    if ((e as { shortMessage?: string }).shortMessage === 'incorrect password') return 'KEYSTORE_PASSWORD'
    throw e
  }
}

/** A keystore as geth writes it (and Foundry's eth-keystore: the same format), from the spec. */
function gethStyle(key: Uint8Array, pw: Uint8Array, kdf: { kdf: 'scrypt'; n: number; r: number; p: number } | { kdf: 'pbkdf2'; c: number }, salt: Uint8Array, iv: Uint8Array, withAddress: boolean): Record<string, unknown> {
  const dk = kdf.kdf === 'scrypt' ? scryptSync(pw, salt, 32, { N: kdf.n, r: kdf.r, p: kdf.p, maxmem: 2 ** 30 }) : pbkdf2Sync(pw, salt, kdf.c, 32, 'sha256')
  const c = createCipheriv('aes-128-ctr', dk.subarray(0, 16), iv)
  const ciphertext = concatBytes(c.update(key), c.final())
  const kdfparams = kdf.kdf === 'scrypt' ? { dklen: 32, n: kdf.n, p: kdf.p, r: kdf.r, salt: hex(salt) } : { c: kdf.c, dklen: 32, prf: 'hmac-sha256', salt: hex(salt) }
  return {
    ...(withAddress ? { address: hex(address.fromPublicKey(getPublicKey(asPrivateKey(key)))) } : {}),
    crypto: {
      cipher: 'aes-128-ctr',
      ciphertext: hex(ciphertext),
      cipherparams: { iv: hex(iv) },
      kdf: kdf.kdf,
      kdfparams,
      mac: hex(keccak_256(concatBytes(dk.subarray(16, 32), ciphertext))),
    },
    id: 'b0e4b5c4-2f7e-4c1c-9a3d-6a5c3f1e2d10',
    version: 3,
  }
}

describe(`keystores vs ethers v6 (seed ${SEED})`, () => {
  test(`${ETHERS_CASES} written by ethers' encryptKeystoreJson (scrypt): airsign reads each as ethers does`, async () => {
    const r = prng(SEED)
    const seen = { ascii: 0, stable: 0, changing: 0, r1: 0, text: 0 }
    for (let i = 0; i < ETHERS_CASES; i++) {
      const kind = KINDS[i % 3]!
      const where = `seed ${SEED}, ethers case ${i} (${kind})`
      const key = testKey(r)
      const pw = password(r, kind)
      const params = { N: 2 ** (10 + r.int(3)), r: i % 6 === 5 ? 1 : 8, p: 1 + r.int(2) }
      const json = await encryptKeystoreJson({ address: address.toChecksum(address.fromPublicKey(getPublicKey(asPrivateKey(key)))), privateKey: bytesToHex(key) }, pw, {
        scrypt: params,
        salt: bytesToHex(r.bytes(32)),
        iv: bytesToHex(r.bytes(16)),
        uuid: bytesToHex(r.bytes(16)),
      })
      // ethers writes "Crypto", address without 0x, lower-case hex without 0x.
      expect(Object.keys(JSON.parse(json)).sort(), where).toEqual(['Crypto', 'address', 'id', 'version'])
      const asText = r.int(2) === 0
      const input = asText ? json : JSON.parse(json)
      const typed = utf8ToBytes(pw)
      // airsign, given the bytes as typed, reads it as ethers does given the string.
      expect(await airsign(input, typed), where).toBe(bytesToHex(key))
      expect(await ethers(json, pw), where).toBe(bytesToHex(key))
      // ethers keyed it by the NFKC form: airsign reads it given those bytes too.
      expect(await airsign(input, utf8ToBytes(pw.normalize('NFKC'))), where).toBe(bytesToHex(key))
      // Pinned: ethers given the typed bytes (no normalization) reads it only when NFKC kept them.
      expect(await ethers(json, typed), where).toBe(kind === 'changing' ? 'KEYSTORE_PASSWORD' : bytesToHex(key))
      if (i % 4 === 0) {
        const wrong = `${pw}x`
        expect(await airsign(input, utf8ToBytes(wrong)), where).toBe('KEYSTORE_PASSWORD')
        expect(await ethers(json, wrong), where).toBe('KEYSTORE_PASSWORD')
      }
      seen[kind]++
      if (params.r === 1) seen.r1++
      if (asText) seen.text++
    }
    expect(seen.ascii + seen.stable + seen.changing).toBe(ETHERS_CASES)
    expect(Math.min(seen.ascii, seen.stable, seen.changing, seen.r1, seen.text)).toBeGreaterThanOrEqual(5)
  })

  test("one written by Wallet.encrypt with its defaults (scrypt n = 2^17, r = 8, p = 1), and Wallet.fromEncryptedJson's reading", async () => {
    const r = prng(SEED ^ 0x17n)
    const key = testKey(r)
    const pw = password(r, 'changing')
    const json = await new Wallet(bytesToHex(key)).encrypt(pw)
    expect(JSON.parse(json).Crypto.kdfparams).toMatchObject({ n: 2 ** 17, r: 8, p: 1, dklen: 32 })
    const theirs = await Wallet.fromEncryptedJson(json, pw)
    expect(await airsign(json, utf8ToBytes(pw))).toBe(theirs.privateKey)
    expect(theirs.privateKey).toBe(bytesToHex(key))
  })

  test(`${PBKDF2_CASES} pbkdf2 files written with node:crypto (geth's convention: the password's bytes as given): airsign and ethers read each`, async () => {
    const r = prng(SEED ^ 0xb4d2n)
    for (let i = 0; i < PBKDF2_CASES; i++) {
      const kind = KINDS[i % 3]!
      const where = `seed ${SEED}, pbkdf2 case ${i} (${kind})`
      const key = testKey(r)
      const pw = password(r, kind)
      const typed = utf8ToBytes(pw)
      const c = r.pick([1, 2, 1000, 1 + r.int(4096)])
      const ks = gethStyle(key, typed, { kdf: 'pbkdf2', c }, r.bytes(r.pick([16, 32, 1 + r.int(64)])), r.bytes(16), r.int(2) === 0)
      const json = JSON.stringify(ks)
      expect(await airsign(ks, typed), where).toBe(bytesToHex(key))
      expect(await ethers(json, typed), where).toBe(bytesToHex(key))
      // Pinned: ethers given the string reads such a file only when NFKC keeps the password; airsign
      // given the NFKC form (the user typed it another way) does not either: one form, the wrong one.
      const normalized = kind === 'changing' ? 'KEYSTORE_PASSWORD' : bytesToHex(key)
      expect(await ethers(json, pw), where).toBe(normalized)
      expect(await airsign(ks, utf8ToBytes(pw.normalize('NFKC'))), where).toBe(normalized)
      if (i % 4 === 1) {
        expect(await airsign(ks, utf8ToBytes(`x${pw}`)), where).toBe('KEYSTORE_PASSWORD')
        expect(await ethers(json, utf8ToBytes(`x${pw}`)), where).toBe('KEYSTORE_PASSWORD')
      }
    }
  })

  test('as Foundry writes them (`cast wallet new`: eth-keystore, scrypt n = 2^13, r = 8, p = 1, with and without address) and geth (light scrypt n = 2^12, p = 6)', async () => {
    const r = prng(SEED ^ 0xf0f0n)
    for (const [what, kdf, withAddress] of [
      ['foundry', { kdf: 'scrypt', n: 2 ** 13, r: 8, p: 1 }, true],
      ['foundry without address', { kdf: 'scrypt', n: 2 ** 13, r: 8, p: 1 }, false],
      ['geth light', { kdf: 'scrypt', n: 2 ** 12, r: 8, p: 6 }, true],
    ] as const) {
      const key = testKey(r)
      const pw = password(r, 'ascii')
      const ks = gethStyle(key, utf8ToBytes(pw), kdf, r.bytes(32), r.bytes(16), withAddress)
      const text = JSON.stringify(ks)
      // The format, exactly: lower-case hex without 0x everywhere, the address without 0x.
      expect(text, what).not.toMatch(/0x|[A-F]/)
      if (withAddress) expect(ks.address, what).toMatch(/^[0-9a-f]{40}$/)
      expect(await airsign(text, utf8ToBytes(pw)), what).toBe(bytesToHex(key))
      expect(await ethers(text, pw), what).toBe(bytesToHex(key))
    }
  })

  test('ethers refuses the ethereum/tests scrypt vector (n = 2^18 with r = 1), which airsign reads (keystore.test.ts)', async () => {
    const v = JSON.parse(readFileSync(join(ROOT, 'test-vectors/keystore/keystore-basic-tests.json'), 'utf8')).test2
    await expect(decryptKeystoreJson(JSON.stringify(v.json), v.password)).rejects.toThrow(/N must be larger than 1, a power of 2, less than 2\^\(128 \* r \/ 8\)/)
    expect(v.json.crypto.kdfparams).toMatchObject({ n: 2 ** 18, r: 1, p: 8 })
  })

  test("a file whose address field is another key's: airsign refuses it (KEYSTORE_JSON), ethers too", async () => {
    const r = prng(SEED ^ 0xadn)
    const key = testKey(r)
    const ks = gethStyle(key, utf8ToBytes('pw'), { kdf: 'pbkdf2', c: 3 }, r.bytes(32), r.bytes(16), true)
    ks.address = hex(address.fromPublicKey(getPublicKey(asPrivateKey(testKey(r)))))
    expect(await airsign(ks, utf8ToBytes('pw'))).toBe('KEYSTORE_JSON')
    await expect(decryptKeystoreJson(JSON.stringify(ks), 'pw')).rejects.toThrow(/keystore address\/privateKey mismatch/)
  })
})
