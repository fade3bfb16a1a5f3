// Keystores (Web3 Secret Storage v3) and raw private key files: what is read, and every refusal
// with its code and exact message (none quoting a password, key or the text of a raw key).
//
// node:crypto's scrypt and pbkdf2 and noble's scryptAsync are wrapped (passing through) so that a
// test can see every KDF run and its parameters: the bounds are checked before any derivation.
import { createCipheriv, pbkdf2Sync, scryptSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import { AirsignError } from '../errors.js'
import { bytesToHex, concatBytes, utf8ToBytes } from '../bytes.js'
import * as address from '../address.js'
import { asPrivateKey, CURVE_N, getPublicKey } from '../sign.js'
import { ROOT } from '../test/cli.js'
import { decryptKeystore, KEYSTORE_BOUNDS, parseKeystore } from './keystore.js'
import { parsePrivateKeyHex } from './raw.js'

type KdfCall = { kdf: 'scrypt'; n: number; r: number; p: number; via: 'node' | 'noble' } | { kdf: 'pbkdf2'; c: number; digest: string }
/** Every KDF run by keystore.ts; with `fake`, a costly run answers 32 zero bytes instead (a wrong MAC). */
const kdf = vi.hoisted(() => ({ calls: [] as KdfCall[], fake: false }))
const CHEAP = 2 ** 20 // bytes of scrypt memory, or pbkdf2 iterations, computed for real under `fake`

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>()
  return {
    ...real,
    scrypt: (pw: Uint8Array, salt: Uint8Array, len: number, o: { N: number; r: number; p: number; maxmem: number }, cb: (e: Error | null, k: Buffer) => void) => {
      kdf.calls.push({ kdf: 'scrypt', n: o.N, r: o.r, p: o.p, via: 'node' })
      if (kdf.fake && 128 * o.N * o.r * o.p > CHEAP) return setImmediate(() => cb(null, Buffer.alloc(len)))
      return real.scrypt(pw, salt, len, o, cb)
    },
    pbkdf2: (pw: Uint8Array, salt: Uint8Array, c: number, len: number, digest: string, cb: (e: Error | null, k: Buffer) => void) => {
      kdf.calls.push({ kdf: 'pbkdf2', c, digest })
      if (kdf.fake && c > CHEAP) return setImmediate(() => cb(null, Buffer.alloc(len)))
      return real.pbkdf2(pw, salt, c, len, digest, cb)
    },
  }
})
vi.mock('@noble/hashes/scrypt.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('@noble/hashes/scrypt.js')>()
  return {
    ...real,
    scryptAsync: (pw: Uint8Array, salt: Uint8Array, o: { N: number; r: number; p: number; dkLen: number; maxmem?: number }) => {
      kdf.calls.push({ kdf: 'scrypt', n: o.N, r: o.r, p: o.p, via: 'noble' })
      if (kdf.fake && 128 * o.N * o.r * o.p > CHEAP) return Promise.resolve(new Uint8Array(o.dkLen))
      return real.scryptAsync(pw, salt, o)
    },
  }
})

beforeEach(() => {
  kdf.calls.length = 0
  kdf.fake = false
})

// ---------------------------------------------------------------- a second, independent writer

type Kdf = { kdf: 'scrypt'; n: number; r: number; p: number } | { kdf: 'pbkdf2'; c: number }
const hex = (b: Uint8Array): string => bytesToHex(b).slice(2)

/** A keystore as geth writes it (lower-case hex without 0x, `address` without 0x), from the spec, by node:crypto. */
function writeKeystore(key: Uint8Array, password: Uint8Array, k: Kdf, o: { salt?: Uint8Array; iv?: Uint8Array; address?: boolean } = {}): Record<string, any> {
  const salt = o.salt ?? Uint8Array.from({ length: 32 }, (_, i) => i)
  const iv = o.iv ?? Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i)
  const dk =
    k.kdf === 'scrypt'
      ? scryptSync(password, salt, 32, { N: k.n, r: k.r, p: k.p, maxmem: 2 ** 31 })
      : pbkdf2Sync(password, salt, k.c, 32, 'sha256')
  const c = createCipheriv('aes-128-ctr', dk.subarray(0, 16), iv)
  const ciphertext = concatBytes(c.update(key), c.final())
  const mac = keccak_256(concatBytes(dk.subarray(16, 32), ciphertext))
  const kdfparams = k.kdf === 'scrypt' ? { dklen: 32, n: k.n, p: k.p, r: k.r, salt: hex(salt) } : { c: k.c, dklen: 32, prf: 'hmac-sha256', salt: hex(salt) }
  const ks: Record<string, any> = {
    crypto: { cipher: 'aes-128-ctr', ciphertext: hex(ciphertext), cipherparams: { iv: hex(iv) }, kdf: k.kdf, kdfparams, mac: hex(mac) },
    id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
    version: 3,
  }
  if (o.address !== false) ks.address = hex(address.fromPublicKey(getPublicKey(asPrivateKey(key))))
  return ks
}

const VECTORS = JSON.parse(readFileSync(join(ROOT, 'test-vectors/keystore/keystore-basic-tests.json'), 'utf8')) as Record<string, { json: Record<string, any>; password: string; priv: string }>
const PASSWORD = 'correct horse battery staple'
const PW = utf8ToBytes(PASSWORD)
const SECRET = Uint8Array.from({ length: 32 }, (_, i) => 0x11 + i)
/** Cheap keystores of SECRET under PASSWORD. */
const pbkdf2Base = (): Record<string, any> => writeKeystore(SECRET, PW, { kdf: 'pbkdf2', c: 2 })
const scryptBase = (): Record<string, any> => writeKeystore(SECRET, PW, { kdf: 'scrypt', n: 16, r: 8, p: 1 })

type Refusal = { code: string; message: string; hints: readonly string[] }
async function refusal(json: unknown, password: Uint8Array = PW): Promise<Refusal> {
  try {
    await decryptKeystore(json, password)
  } catch (e) {
    if (!(e instanceof AirsignError)) throw e
    // Never the password, the key, or derived bytes.
    const all = `${e.message}\n${e.hints.join('\n')}`
    expect(all).not.toContain(PASSWORD)
    expect(all.toLowerCase()).not.toContain(hex(SECRET).slice(0, 16))
    return { code: e.code, message: e.message, hints: e.hints }
  }
  throw new Error('accepted')
}

// ---------------------------------------------------------------- known answers

describe('ethereum/tests KeyStoreTests', () => {
  test.each(Object.entries(VECTORS))('%s decrypts to priv; a wrong password is KEYSTORE_PASSWORD', async (_, v) => {
    expect(hex(await decryptKeystore(v.json, utf8ToBytes(v.password)))).toBe(v.priv)
    expect(await refusal(v.json, utf8ToBytes(`${v.password}!`))).toEqual({ code: 'KEYSTORE_PASSWORD', message: 'keystore: wrong password (or a damaged file): the MAC does not match', hints: [] })
  })

  test('test1 is pbkdf2 c = 262144 (node:crypto); test2 is scrypt n = 2^18, r = 1, p = 8, which OpenSSL refuses (n ≥ 2^(16·r)): noble derives it', async () => {
    await decryptKeystore(VECTORS.test1!.json, utf8ToBytes('testpassword'))
    await decryptKeystore(VECTORS.test2!.json, utf8ToBytes('testpassword'))
    expect(kdf.calls).toEqual([
      { kdf: 'pbkdf2', c: 262144, digest: 'sha256' },
      { kdf: 'scrypt', n: 2 ** 18, r: 1, p: 8, via: 'noble' },
    ])
  })

  test('the JSON text reads like the parsed object', async () => {
    expect(hex(await decryptKeystore(JSON.stringify(VECTORS.test1!.json), utf8ToBytes('testpassword')))).toBe(VECTORS.test1!.priv)
  })
})

describe('what is read', () => {
  test('geth-style files of both KDFs, with and without an address field', async () => {
    for (const ks of [pbkdf2Base(), scryptBase(), writeKeystore(SECRET, PW, { kdf: 'scrypt', n: 2, r: 1, p: 1 }, { address: false })]) {
      expect(await decryptKeystore(ks, PW)).toEqual(SECRET)
    }
    expect(kdf.calls.map((c) => c.kdf)).toEqual(['pbkdf2', 'scrypt', 'scrypt'])
  })

  test("geth's standard scrypt (n = 2^18, r = 8, p = 1: 256 MiB) by node:crypto", async () => {
    const ks = writeKeystore(SECRET, PW, { kdf: 'scrypt', n: 2 ** 18, r: 8, p: 1 })
    expect(await decryptKeystore(ks, PW)).toEqual(SECRET)
    expect(kdf.calls).toEqual([{ kdf: 'scrypt', n: 2 ** 18, r: 8, p: 1, via: 'node' }])
  })

  test('field names in any case ("Crypto", "CipherParams", "N"), as geth and ethers read them', async () => {
    const ks = pbkdf2Base()
    const { crypto, ...rest } = ks
    const { cipherparams, kdfparams, ...c } = crypto
    const upper = { ...rest, Crypto: { ...c, CipherParams: { IV: cipherparams.iv }, KDFParams: { ...kdfparams, C: kdfparams.c, c: undefined } } }
    delete upper.Crypto.KDFParams.c
    expect(await decryptKeystore(upper, PW)).toEqual(SECRET)
    const s = scryptBase()
    s.crypto.kdfparams = { N: s.crypto.kdfparams.n, R: 8, P: 1, DKLen: 32, Salt: s.crypto.kdfparams.salt }
    expect(await decryptKeystore(s, PW)).toEqual(SECRET)
  })

  test('hex with 0x or upper case; an address with 0x, checksummed or upper case', async () => {
    const ks = pbkdf2Base()
    const c = ks.crypto
    c.ciphertext = `0x${c.ciphertext}`
    c.mac = c.mac.toUpperCase()
    c.cipherparams.iv = `0X${c.cipherparams.iv}`
    c.kdfparams.salt = `0x${c.kdfparams.salt.toUpperCase()}`
    for (const a of [`0x${ks.address}`, address.toChecksum(Buffer.from(ks.address, 'hex')), ks.address.toUpperCase()]) {
      expect(await decryptKeystore({ ...ks, address: a }, PW)).toEqual(SECRET)
    }
  })

  test('unknown fields are ignored (id, name, meta, x-ethers)', async () => {
    const ks = { ...pbkdf2Base(), name: 'n', meta: '{}', 'x-ethers': { client: 'ethers', version: '0.1' }, id: 42 }
    expect(await decryptKeystore(ks, PW)).toEqual(SECRET)
  })

  test('the password is not changed (the caller owns it)', async () => {
    const pw = Uint8Array.from(PW)
    await decryptKeystore(pbkdf2Base(), pw)
    await refusal(pbkdf2Base(), utf8ToBytes('nope'))
    expect(pw).toEqual(PW)
  })
})

describe('the password: its bytes as given, then their NFKC form (ethers)', () => {
  // "ﬁ" (U+FB01) is "fi" under NFKC; "é" as e + U+0301 is U+00E9.
  const typed = 'ﬁle e\u0301t\u00e9'
  const nfkc = typed.normalize('NFKC')

  test('a file keyed by the bytes as typed (geth, Foundry, MetaMask) opens with one KDF run', async () => {
    const mine = writeKeystore(SECRET, utf8ToBytes(typed), { kdf: 'pbkdf2', c: 2 })
    expect(await decryptKeystore(mine, utf8ToBytes(typed))).toEqual(SECRET)
    expect(kdf.calls).toHaveLength(1)
  })

  test('a file keyed by the NFKC form (ethers) opens with the typed text, on the second run', async () => {
    const theirs = writeKeystore(SECRET, utf8ToBytes(nfkc), { kdf: 'pbkdf2', c: 2 })
    expect(await decryptKeystore(theirs, utf8ToBytes(typed))).toEqual(SECRET)
    expect(kdf.calls).toHaveLength(2)
  })

  test('an ASCII password, or one NFKC leaves alone, is tried once; bytes that are not UTF-8 are tried as they are', async () => {
    await refusal(pbkdf2Base(), utf8ToBytes('wrong'))
    await refusal(pbkdf2Base(), utf8ToBytes('\u00e9t\u00e9'))
    const latin1 = Uint8Array.from([0xe9, 0x74, 0xe9])
    expect(await decryptKeystore(writeKeystore(SECRET, latin1, { kdf: 'pbkdf2', c: 2 }), latin1)).toEqual(SECRET)
    await refusal(pbkdf2Base(), latin1)
    expect(kdf.calls).toHaveLength(4)
  })

  test('trailing NUL bytes do not change a password below 64 bytes (HMAC pads its key with zeros): both KDFs, as in geth and ethers', async () => {
    expect(await decryptKeystore(pbkdf2Base(), utf8ToBytes(`${PASSWORD}\u0000\u0000`))).toEqual(SECRET)
    expect(await decryptKeystore(scryptBase(), utf8ToBytes(`${PASSWORD}\u0000`))).toEqual(SECRET)
  })

  test('a wrong non-ASCII password costs two runs and is KEYSTORE_PASSWORD', async () => {
    expect((await refusal(pbkdf2Base(), utf8ToBytes(typed))).code).toBe('KEYSTORE_PASSWORD')
    expect(kdf.calls).toHaveLength(2)
  })
})

// ---------------------------------------------------------------- refusals

const J = 'KEYSTORE_JSON'
const K = 'KEYSTORE_KDF'
type Edit = (ks: Record<string, any>) => unknown

/** [what, base, edit, code, message]: each is refused before any KDF runs. */
const MALFORMED: [string, () => Record<string, any>, Edit, string, string][] = [
  ['not an object (null)', pbkdf2Base, () => null, J, 'keystore: expected a JSON object (a Web3 Secret Storage v3 keystore)'],
  ['not an object (an array)', pbkdf2Base, (ks) => [ks], J, 'keystore: expected a JSON object (a Web3 Secret Storage v3 keystore)'],
  ['not JSON text', pbkdf2Base, () => '{"version": 3,', J, 'keystore: not JSON'],
  ['JSON text of a number', pbkdf2Base, () => '3', J, 'keystore: expected a JSON object (a Web3 Secret Storage v3 keystore)'],
  ['no version', pbkdf2Base, (ks) => (delete ks.version, ks), J, 'keystore: no "version" field (airsign reads version 3)'],
  ['version 1', pbkdf2Base, (ks) => ({ ...ks, version: 1 }), J, 'keystore: version 1 is not supported: airsign reads version 3'],
  ['version 4', pbkdf2Base, (ks) => ({ ...ks, version: 4 }), J, 'keystore: version 4 is not supported: airsign reads version 3'],
  ['version "3"', pbkdf2Base, (ks) => ({ ...ks, version: '3' }), J, 'keystore: "version" must be the number 3'],
  ['version 3.5', pbkdf2Base, (ks) => ({ ...ks, version: 3.5 }), J, 'keystore: "version" must be the number 3'],
  ['two versions', pbkdf2Base, (ks) => ({ ...ks, Version: 3 }), J, 'keystore: two fields named "version" (differing in case)'],
  ['no crypto', pbkdf2Base, (ks) => (delete ks.crypto, ks), J, 'keystore: no "crypto" object'],
  ['crypto a string', pbkdf2Base, (ks) => ({ ...ks, crypto: 'x' }), J, 'keystore: "crypto" must be an object'],
  ['crypto and Crypto', pbkdf2Base, (ks) => ({ ...ks, Crypto: ks.crypto }), J, 'keystore: two fields named "crypto" (differing in case)'],
  ['no cipher', pbkdf2Base, (ks) => (delete ks.crypto.cipher, ks), J, 'keystore: crypto.cipher must be a string'],
  ['cipher aes-128-cbc', pbkdf2Base, (ks) => ((ks.crypto.cipher = 'aes-128-cbc'), ks), J, 'keystore: cipher "aes-128-cbc" is not supported: airsign reads aes-128-ctr'],
  ['cipher AES-128-CTR', pbkdf2Base, (ks) => ((ks.crypto.cipher = 'AES-128-CTR'), ks), J, 'keystore: cipher "AES-128-CTR" is not supported: airsign reads aes-128-ctr'],
  ['cipher not a plain name', pbkdf2Base, (ks) => ((ks.crypto.cipher = 'a b\n'), ks), J, 'keystore: cipher (not a plain name) is not supported: airsign reads aes-128-ctr'],
  ['no cipherparams', pbkdf2Base, (ks) => (delete ks.crypto.cipherparams, ks), J, 'keystore: no "crypto.cipherparams" object'],
  ['iv of 15 bytes', pbkdf2Base, (ks) => ((ks.crypto.cipherparams.iv = ks.crypto.cipherparams.iv.slice(2)), ks), J, 'keystore: crypto.cipherparams.iv must be 16 bytes of hex'],
  ['iv not hex', pbkdf2Base, (ks) => ((ks.crypto.cipherparams.iv = 'zz'.repeat(16)), ks), J, 'keystore: crypto.cipherparams.iv must be 16 bytes of hex'],
  ['iv a number', pbkdf2Base, (ks) => ((ks.crypto.cipherparams.iv = 7), ks), J, 'keystore: crypto.cipherparams.iv must be 16 bytes of hex'],
  ['no ciphertext', pbkdf2Base, (ks) => (delete ks.crypto.ciphertext, ks), J, 'keystore: crypto.ciphertext must be 32 bytes of hex (an encrypted private key)'],
  ['ciphertext of 31 bytes', pbkdf2Base, (ks) => ((ks.crypto.ciphertext = ks.crypto.ciphertext.slice(2)), ks), J, 'keystore: crypto.ciphertext must be 32 bytes of hex (an encrypted private key)'],
  ['ciphertext of 33 bytes', pbkdf2Base, (ks) => ((ks.crypto.ciphertext += '00'), ks), J, 'keystore: crypto.ciphertext must be 32 bytes of hex (an encrypted private key)'],
  ['ciphertext of an odd length', pbkdf2Base, (ks) => ((ks.crypto.ciphertext += '0'), ks), J, 'keystore: crypto.ciphertext must be 32 bytes of hex (an encrypted private key)'],
  ['mac of 31 bytes', pbkdf2Base, (ks) => ((ks.crypto.mac = ks.crypto.mac.slice(2)), ks), J, 'keystore: crypto.mac must be 32 bytes of hex'],
  ['no mac', pbkdf2Base, (ks) => (delete ks.crypto.mac, ks), J, 'keystore: crypto.mac must be 32 bytes of hex'],
  ['no kdf', pbkdf2Base, (ks) => (delete ks.crypto.kdf, ks), J, 'keystore: crypto.kdf must be a string'],
  ['no kdfparams', pbkdf2Base, (ks) => (delete ks.crypto.kdfparams, ks), J, 'keystore: no "crypto.kdfparams" object'],
  ['no salt', pbkdf2Base, (ks) => (delete ks.crypto.kdfparams.salt, ks), J, 'keystore: crypto.kdfparams.salt must be hex'],
  ['salt not hex', scryptBase, (ks) => ((ks.crypto.kdfparams.salt = 'salt'), ks), J, 'keystore: crypto.kdfparams.salt must be hex'],
  ['kdf argon2id', pbkdf2Base, (ks) => ((ks.crypto.kdf = 'argon2id'), ks), K, 'keystore: key derivation "argon2id" is not supported: airsign reads scrypt and pbkdf2'],
  ['kdf Scrypt', scryptBase, (ks) => ((ks.crypto.kdf = 'Scrypt'), ks), K, 'keystore: key derivation "Scrypt" is not supported: airsign reads scrypt and pbkdf2'],
  ['no dklen', scryptBase, (ks) => (delete ks.crypto.kdfparams.dklen, ks), J, 'keystore: crypto.kdfparams.dklen must be an integer'],
  ['dklen 64', pbkdf2Base, (ks) => ((ks.crypto.kdfparams.dklen = 64), ks), K, 'keystore: dklen 64 is not supported: airsign reads dklen 32'],
  ['scrypt n a string', scryptBase, (ks) => ((ks.crypto.kdfparams.n = '16'), ks), J, 'keystore: crypto.kdfparams.n must be an integer'],
  ['scrypt n 16.5', scryptBase, (ks) => ((ks.crypto.kdfparams.n = 16.5), ks), J, 'keystore: crypto.kdfparams.n must be an integer'],
  ['scrypt n 2^53 (not a safe integer)', scryptBase, (ks) => ((ks.crypto.kdfparams.n = 2 ** 53), ks), J, 'keystore: crypto.kdfparams.n must be an integer'],
  ['no scrypt r', scryptBase, (ks) => (delete ks.crypto.kdfparams.r, ks), J, 'keystore: crypto.kdfparams.r must be an integer'],
  ['no scrypt p', scryptBase, (ks) => (delete ks.crypto.kdfparams.p, ks), J, 'keystore: crypto.kdfparams.p must be an integer'],
  ['scrypt n 1000', scryptBase, (ks) => ((ks.crypto.kdfparams.n = 1000), ks), K, 'keystore: scrypt n must be a power of two above 1'],
  ['scrypt n 1', scryptBase, (ks) => ((ks.crypto.kdfparams.n = 1), ks), K, 'keystore: scrypt n must be a power of two above 1'],
  ['scrypt n 0', scryptBase, (ks) => ((ks.crypto.kdfparams.n = 0), ks), K, 'keystore: scrypt n must be a power of two above 1'],
  ['scrypt n -16', scryptBase, (ks) => ((ks.crypto.kdfparams.n = -16), ks), K, 'keystore: scrypt n must be a power of two above 1'],
  ['scrypt n 2^53-1', scryptBase, (ks) => ((ks.crypto.kdfparams.n = 2 ** 53 - 1), ks), K, 'keystore: scrypt n must be a power of two above 1'],
  ['scrypt r 0', scryptBase, (ks) => ((ks.crypto.kdfparams.r = 0), ks), K, 'keystore: scrypt r must be at least 1'],
  ['scrypt p 0', scryptBase, (ks) => ((ks.crypto.kdfparams.p = 0), ks), K, 'keystore: scrypt p must be at least 1'],
  ['scrypt r 33', scryptBase, (ks) => ((ks.crypto.kdfparams.r = 33), ks), K, "keystore: scrypt r = 33 is above airsign's bound 32"],
  ['scrypt p 17', scryptBase, (ks) => ((ks.crypto.kdfparams.p = 17), ks), K, "keystore: scrypt p = 17 is above airsign's bound 16"],
  ['scrypt n 2^21, r 8 (2 GiB)', scryptBase, (ks) => ((ks.crypto.kdfparams.n = 2 ** 21), ks), K, "keystore: scrypt n = 2^21, r = 8, p = 1 needs 128·n·r·p = 2 GiB, above airsign's bound 1 GiB"],
  ['scrypt n 2^18, r 8, p 5 (1.25 GiB)', scryptBase, (ks) => Object.assign(ks.crypto.kdfparams, { n: 2 ** 18, p: 5 }) && ks, K, "keystore: scrypt n = 2^18, r = 8, p = 5 needs 128·n·r·p = 1.25 GiB, above airsign's bound 1 GiB"],
  ['scrypt n 2^52, r 32, p 16', scryptBase, (ks) => Object.assign(ks.crypto.kdfparams, { n: 2 ** 52, r: 32, p: 16 }) && ks, K, "keystore: scrypt n = 2^52, r = 32, p = 16 needs 128·n·r·p = over an EiB, above airsign's bound 1 GiB"],
  ['no pbkdf2 prf', pbkdf2Base, (ks) => (delete ks.crypto.kdfparams.prf, ks), J, 'keystore: crypto.kdfparams.prf must be a string'],
  ['pbkdf2 prf hmac-sha512', pbkdf2Base, (ks) => ((ks.crypto.kdfparams.prf = 'hmac-sha512'), ks), K, 'keystore: pbkdf2 prf "hmac-sha512" is not supported: airsign reads hmac-sha256'],
  ['no pbkdf2 c', pbkdf2Base, (ks) => (delete ks.crypto.kdfparams.c, ks), J, 'keystore: crypto.kdfparams.c must be an integer'],
  ['pbkdf2 c 0', pbkdf2Base, (ks) => ((ks.crypto.kdfparams.c = 0), ks), K, 'keystore: pbkdf2 c must be at least 1'],
  ['pbkdf2 c 10 000 001', pbkdf2Base, (ks) => ((ks.crypto.kdfparams.c = 10_000_001), ks), K, "keystore: pbkdf2 c = 10000001 is above airsign's bound 10000000"],
  ['address of 19 bytes', pbkdf2Base, (ks) => ({ ...ks, address: ks.address.slice(2) }), J, 'keystore: address must be 20 bytes of hex (an address)'],
  ['address null', pbkdf2Base, (ks) => ({ ...ks, address: null }), J, 'keystore: address must be 20 bytes of hex (an address)'],
  ['address empty', pbkdf2Base, (ks) => ({ ...ks, address: '' }), J, 'keystore: address must be 20 bytes of hex (an address)'],
]

describe('a malformed file is refused, with its code and message, before any KDF runs', () => {
  test.each(MALFORMED)('%s', async (_, base, edit, code, message) => {
    const json = edit(base())
    expect(await refusal(json)).toEqual({ code, message, hints: [] })
    expect(() => parseKeystore(json)).toThrow(message)
    expect(kdf.calls).toEqual([])
  })

  test('parameters beyond the bounds are refused at once (n = 2^21, r = 8: no 2 GiB, no seconds)', async () => {
    const ks = scryptBase()
    ks.crypto.kdfparams.n = 2 ** 21
    const t = performance.now()
    expect((await refusal(ks)).code).toBe('KEYSTORE_KDF')
    expect(performance.now() - t).toBeLessThan(50)
    expect(kdf.calls).toEqual([])
  })

  test('the bounds themselves pass validation: n = 2^20, r = 8, p = 1 (1 GiB); r = 32, p = 16 within 1 GiB; c = 10^7', () => {
    expect(KEYSTORE_BOUNDS).toEqual({ scryptMemory: 2 ** 30, scryptR: 32, scryptP: 16, pbkdf2C: 10_000_000 })
    for (const [n, r, p] of [[2 ** 20, 8, 1], [2 ** 18, 8, 4], [2 ** 11, 32, 16], [2 ** 23, 1, 1], [2, 1, 1]] as const) {
      const ks = scryptBase()
      Object.assign(ks.crypto.kdfparams, { n, r, p })
      expect(parseKeystore(ks).kdf).toEqual({ kdf: 'scrypt', n, r, p, salt: expect.any(Uint8Array) })
    }
    const pb = pbkdf2Base()
    pb.crypto.kdfparams.c = 10_000_000
    expect(parseKeystore(pb).kdf).toMatchObject({ kdf: 'pbkdf2', c: 10_000_000 })
    expect(kdf.calls).toEqual([])
  })
})

describe('after the KDF', () => {
  test('a wrong password, a changed MAC or ciphertext: KEYSTORE_PASSWORD, nothing decrypted', async () => {
    const wrong = { code: 'KEYSTORE_PASSWORD', message: 'keystore: wrong password (or a damaged file): the MAC does not match', hints: [] }
    expect(await refusal(pbkdf2Base(), utf8ToBytes('correct horse battery stapler'))).toEqual(wrong)
    expect(await refusal(scryptBase(), new Uint8Array(0))).toEqual(wrong)
    const m = pbkdf2Base()
    m.crypto.mac = m.crypto.mac.replace(/^./, (d: string) => (d === '0' ? '1' : '0'))
    expect(await refusal(m)).toEqual(wrong)
    const c = scryptBase()
    c.crypto.ciphertext = c.crypto.ciphertext.replace(/.$/, (d: string) => (d === '0' ? '1' : '0'))
    expect(await refusal(c)).toEqual(wrong)
  })

  test.each([
    ['0', new Uint8Array(32)],
    ['n', Uint8Array.from(Buffer.from(CURVE_N.toString(16), 'hex'))],
    ['2^256-1', new Uint8Array(32).fill(0xff)],
  ])('a file whose MAC is right but whose key is %s: PRIVATE_KEY_INVALID', async (_, bad) => {
    const ks = writeKeystore(bad, PW, { kdf: 'pbkdf2', c: 2 }, { address: false })
    expect(await refusal(ks)).toEqual({ code: 'PRIVATE_KEY_INVALID', message: 'keystore: the decrypted key is not a secp256k1 private key (0, or not below the curve order)', hints: [] })
  })

  test("an address field that is not this key's: KEYSTORE_JSON naming both addresses", async () => {
    const ks = pbkdf2Base()
    const own = address.toChecksum(Buffer.from(ks.address, 'hex'))
    const other = '0x' + '5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'
    ks.address = other.slice(2)
    expect(await refusal(ks)).toEqual({
      code: 'KEYSTORE_JSON',
      message: `keystore: the address field is not this key's (the file says 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed, the key's is ${own})`,
      hints: [],
    })
  })

  test('the MAC does not cover the IV: a changed IV gives another key, which the address field catches', async () => {
    const ks = pbkdf2Base()
    ks.crypto.cipherparams.iv = ks.crypto.cipherparams.iv.replace(/^./, (d: string) => (d === '0' ? '1' : '0'))
    expect((await refusal(ks)).message).toMatch(/^keystore: the address field is not this key's/)
    delete ks.address
    expect(await decryptKeystore(ks, PW)).not.toEqual(SECRET)
  })
})

describe('property: any mutation of a keystore is read or refused with a keystore code, never beyond the bounds', () => {
  const CODES = ['KEYSTORE_JSON', 'KEYSTORE_KDF', 'KEYSTORE_PASSWORD', 'PRIVATE_KEY_INVALID']
  const RUNS = { seed: Number(process.env.AIRSIGN_FUZZ_SEED ?? 0x6b657973), numRuns: Number(process.env.AIRSIGN_FUZZ_RUNS ?? 400) }
  const paths = (o: unknown, at: string[] = []): string[][] =>
    typeof o === 'object' && o !== null ? Object.entries(o).flatMap(([k, v]) => [[...at, k], ...paths(v, [...at, k])]) : []
  const PATHS = [...new Map([...paths(scryptBase()), ...paths(pbkdf2Base())].map((p) => [p.join('.'), p])).values()]
  const hexOf = fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.constantFrom('', '0x', 'odd')).map(([b, how]) => (how === 'odd' ? hex(b) + 'a' : how + hex(b)))
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(0, 1, 2, -1, 1.5, 3, 16, 17, 32, 33, 2 ** 20, 2 ** 21, 2 ** 23, 2 ** 24, 2 ** 31, 2 ** 32, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e308, -0, 10_000_000, 10_000_001),
    fc.constantFrom('scrypt', 'pbkdf2', 'aes-128-ctr', 'hmac-sha256', 'hmac-sha512', '', '0x', null, true, [], {}, '3'),
    fc.integer({ min: 0, max: 60 }).map((k) => 2 ** k),
    hexOf,
  )
  const number = fc.oneof(
    fc.constantFrom(0, 1, 2, -1, 1.5, 7, 8, 16, 17, 32, 33, 64, 10_000_000, 10_000_001, 2 ** 53, Number.MAX_SAFE_INTEGER),
    fc.integer({ min: 0, max: 60 }).map((k) => 2 ** k),
    fc.integer({ min: 1, max: 64 }),
  )
  const param = fc.record({ op: fc.constant('set' as const), path: fc.constantFrom('n', 'r', 'p', 'c', 'dklen').map((k) => ['crypto', 'kdfparams', k]), value: number })
  const mutation = fc.oneof(
    { arbitrary: param, weight: 4 },
    fc.record({ op: fc.constant('set' as const), path: fc.constantFrom(...PATHS), value }),
    fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }),
    fc.record({ op: fc.constant('recase' as const), path: fc.constantFrom(...PATHS), keep: fc.boolean() }),
    fc.record({ op: fc.constant('add' as const), path: fc.constantFrom([], ...PATHS), key: fc.string({ maxLength: 8 }), value }),
  )
  type Mutation = { op: 'set' | 'delete' | 'recase' | 'add'; path: string[]; value?: unknown; keep?: boolean; key?: string }

  function apply(doc: Record<string, any>, m: Mutation): void {
    const parentPath = m.op === 'add' ? m.path : m.path.slice(0, -1)
    let parent: any = doc
    for (const k of parentPath) parent = parent?.[k]
    if (typeof parent !== 'object' || parent === null) return
    const last = m.path.at(-1)!
    if (m.op === 'set') parent[last] = structuredClone(m.value)
    else if (m.op === 'delete') delete parent[last]
    else if (m.op === 'add') parent[m.key!] = structuredClone(m.value)
    else if (last in parent) {
      parent[last.toUpperCase() === last ? last.toLowerCase() : last.toUpperCase()] = parent[last]
      if (!m.keep) delete parent[last]
    }
  }

  function withinBounds(c: KdfCall): boolean {
    if (c.kdf === 'pbkdf2') return c.digest === 'sha256' && c.c >= 1 && c.c <= KEYSTORE_BOUNDS.pbkdf2C
    return c.n >= 2 && 2 ** Math.round(Math.log2(c.n)) === c.n && c.r >= 1 && c.r <= 32 && c.p >= 1 && c.p <= 16 && 128 * c.n * c.r * c.p <= KEYSTORE_BOUNDS.scryptMemory
  }

  const seen = new Map<string, number>()
  const count = (k: string): void => void seen.set(k, (seen.get(k) ?? 0) + 1)
  async function check(doc: unknown): Promise<void> {
    kdf.calls.length = 0
    kdf.fake = true
    try {
      const key = await decryptKeystore(doc, PW)
      expect(key).toHaveLength(32)
      count('read')
    } catch (e) {
      if (!(e instanceof AirsignError)) throw new Error(`not an AirsignError: ${String(e)}`, { cause: e })
      count(e.code)
      expect(CODES).toContain(e.code)
      expect(e.message).not.toContain(PASSWORD)
    }
    for (const c of kdf.calls) {
      expect(withinBounds(c), JSON.stringify(c)).toBe(true)
      count(c.kdf === 'scrypt' ? (128 * c.n * c.r * c.p > CHEAP ? 'scrypt faked' : 'scrypt run') : c.c > CHEAP ? 'pbkdf2 faked' : 'pbkdf2 run')
    }
    expect(kdf.calls.length).toBeLessThanOrEqual(1)
  }

  test('mutations of a scrypt and a pbkdf2 keystore', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (useScrypt, ms) => {
        const doc = useScrypt ? scryptBase() : pbkdf2Base()
        for (const m of ms) apply(doc, m as Mutation)
        await check(doc)
      }),
      RUNS,
    )
    // The generator reaches every outcome (with the default seed: 181 / 89 / 26 refusals, 104 read, 125 KDF runs of which 5 faked).
    for (const k of ['KEYSTORE_JSON', 'KEYSTORE_KDF', 'KEYSTORE_PASSWORD', 'read', 'scrypt run', 'pbkdf2 run']) expect(seen.get(k) ?? 0, k).toBeGreaterThan(10)
  })

  test('any JSON value, and its text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (v) => {
        await check(v)
        await check(JSON.stringify(v))
      }),
      RUNS,
    )
  })
})

// ---------------------------------------------------------------- raw private keys

const KEY = '4646464646464646464646464646464646464646464646464646464646464646'
const SHAPE = 'private key: expected 64 hex digits (32 bytes), with or without 0x'
const RANGE = 'private key: not a secp256k1 private key (it must be in 1 … n-1: not 0, not the curve order or above)'

function rawRefusal(text: string): { code: string; message: string; hints: readonly string[] } {
  try {
    parsePrivateKeyHex(text)
  } catch (e) {
    expect(e).toBeInstanceOf(AirsignError)
    const a = e as AirsignError
    return { code: a.code, message: a.message, hints: a.hints }
  }
  throw new Error('accepted')
}

describe('parsePrivateKeyHex', () => {
  test.each([
    ['bare', KEY],
    ['0x', `0x${KEY}`],
    ['0X', `0X${KEY}`],
    ['upper case', KEY.toUpperCase().replace(/^/, '0x')],
    ['trailing newline', `${KEY}\n`],
    ['CRLF and spaces', `  0x${KEY}\r\n`],
    ['tabs and blank lines', `\n\t${KEY}\t\n\n`],
  ])('accepts %s', (_, text) => {
    expect(bytesToHex(parsePrivateKeyHex(text))).toBe(`0x${KEY}`)
  })

  test('accepts 1 and n-1, the ends of the range', () => {
    expect(bytesToHex(parsePrivateKeyHex('00'.repeat(31) + '01'))).toBe(`0x${'00'.repeat(31)}01`)
    const nMinus1 = (CURVE_N - 1n).toString(16)
    expect(bytesToHex(parsePrivateKeyHex(nMinus1))).toBe(`0x${nMinus1}`)
  })

  test.each([
    ['empty', ''],
    ['white space only', ' \n'],
    ['63 digits', KEY.slice(1)],
    ['65 digits', `${KEY}4`],
    ['a non-hex digit', `${KEY.slice(0, 63)}g`],
    ['white space inside', `${KEY.slice(0, 32)} ${KEY.slice(32)}`],
    ['0x only', '0x'],
    ['two 0x', `0x0x${KEY.slice(2)}`],
    ['a sign', `-${KEY.slice(1)}`],
    ['two keys on two lines', `${KEY}\n${KEY}`],
    ['a quoted string', `"${KEY}"`],
  ])('refuses %s with PRIVATE_KEY_INVALID, not quoting it', (_, text) => {
    const r = rawRefusal(text)
    expect(r).toEqual({ code: 'PRIVATE_KEY_INVALID', message: SHAPE, hints: [] })
  })

  test.each([
    ['0', '00'.repeat(32)],
    ['n', CURVE_N.toString(16)],
    ['n+1', (CURVE_N + 1n).toString(16)],
    ['2^256-1', 'ff'.repeat(32)],
  ])('refuses %s (out of range) with PRIVATE_KEY_INVALID', (_, text) => {
    expect(rawRefusal(text)).toEqual({ code: 'PRIVATE_KEY_INVALID', message: RANGE, hints: [] })
  })

  test('a keystore JSON given as a raw key gets a hint, and nothing of it is quoted', () => {
    const r = rawRefusal(`{"version":3,"crypto":{"ciphertext":"${KEY}"}}`)
    expect(r.code).toBe('PRIVATE_KEY_INVALID')
    expect(r.message).toBe(SHAPE)
    expect(r.hints).toEqual(['this looks like JSON: a keystore file is read as a keystore, not as a raw key'])
    expect(JSON.stringify(r)).not.toContain(KEY.slice(0, 8))
  })
})
