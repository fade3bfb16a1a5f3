/**
 * Web3 Secret Storage v3 keystores: the encrypted key files of geth, Foundry
 * (`cast wallet new`/`import`), MetaMask's "export JSON", ethers, web3.js.
 *
 * Reading one, in this order (nothing secret is touched before the file is known good):
 * 1. validate the whole structure: `version` 3; `crypto` (any case, `Crypto` as some wallets
 *    write it: every field name is matched without regard to case, as geth's Go decoder and
 *    ethers both do; two names differing only in case are refused); cipher `aes-128-ctr`;
 *    `cipherparams.iv` 16 bytes, `ciphertext` 32 bytes, `mac` 32 bytes; `kdf` `scrypt`
 *    (n a power of two > 1, r ≥ 1, p ≥ 1, dklen 32, salt) or `pbkdf2` (prf `hmac-sha256`,
 *    c ≥ 1, dklen 32, salt); an optional `address` of 20 bytes. Hex with or without `0x`, in
 *    either case (real files have no `0x`; accepting one costs nothing);
 * 2. refuse KDF parameters beyond {@link KEYSTORE_BOUNDS}, so a hostile file cannot take all
 *    memory or hours;
 * 3. derive the key (node:crypto's scrypt and pbkdf2, on libuv's thread pool; scrypt with
 *    r = 1 and n ≥ 2^16, which OpenSSL refuses (RFC 7914's n < 2^(16·r)) but geth writes and
 *    reads, by @noble/hashes' scryptAsync);
 * 4. compare the MAC, keccak256(derivedKey[16..32] ‖ ciphertext), in constant time, before
 *    anything is decrypted;
 * 5. AES-128-CTR decrypt with derivedKey[0..16]; the result must be a secp256k1 private key,
 *    and must be the key of the `address` field when there is one.
 *
 * **Password bytes.** The password is bytes: the caller passes the UTF-8 of what the user
 * typed or the password file holds, unnormalized. geth, Foundry (eth-keystore), MetaMask
 * (ethereumjs-wallet), web3.js and eth-keyfile all key the KDF with exactly those bytes;
 * ethers (v5 and v6) NFKC-normalizes a string password first. So the bytes as given are tried
 * first, and only when the MAC does not match and the password is UTF-8 whose NFKC form
 * differs (never for ASCII), that form is tried too: a file ethers wrote with such a password
 * opens, at the cost of a second KDF run on a wrong password.
 *
 * Errors (all exit 3): KEYSTORE_JSON (shape, version, cipher, hex fields, address mismatch),
 * KEYSTORE_KDF (KDF, prf, dklen or parameters unsupported or beyond the bounds),
 * KEYSTORE_PASSWORD (the MAC does not match), PRIVATE_KEY_INVALID (the decrypted key is 0 or
 * ≥ n). Messages name fields and parameters, never the password, a key or derived bytes.
 * Derived key, MAC input and decrypted buffers are wiped; the returned key is the caller's to
 * wipe. (node:crypto copies the AES key into OpenSSL's context, which JavaScript cannot wipe.)
 * @see https://ethereum.org/en/developers/docs/data-structures-and-encoding/web3-secret-storage/
 * @module
 */
import { createDecipheriv, pbkdf2 as nodePbkdf2, scrypt as nodeScrypt } from 'node:crypto'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { scryptAsync as nobleScryptAsync } from '@noble/hashes/scrypt.js'
import { AirsignError } from '../errors.js'
import { concatBytes, equalBytes, hexToBytes, utf8ToBytes, wipe } from '../bytes.js'
import * as address from '../address.js'
import { getPublicKey, isValidPrivateKey, type PrivateKey } from '../sign.js'

/**
 * airsign's bounds on the KDF parameters of a keystore. Memory 128·n·r·p ≤ 1 GiB: geth's
 * standard scrypt (n = 2^18, r = 8, p = 1: 256 MiB, ~0.6 s) and its light one (n = 2^12, p = 6)
 * pass, as do n = 2^20 with r = 8 (1 GiB, ~3 s) and the ethereum/tests scrypt vector
 * (n = 2^18, r = 1, p = 8). The product counts p although scrypt computes its p lanes one
 * after the other (the memory is 128·n·r): it bounds the time too. r ≤ 32 and p ≤ 16 are far
 * above any wallet's (r = 8, p ≤ 8). pbkdf2: c ≤ 10 000 000 (~1.6 s; geth wrote 262 144).
 */
export const KEYSTORE_BOUNDS = {
  /** bytes: 128·n·r·p */
  scryptMemory: 2 ** 30,
  scryptR: 32,
  scryptP: 16,
  pbkdf2C: 10_000_000,
} as const

/** What the KDF takes, validated and within {@link KEYSTORE_BOUNDS}. */
export type KeystoreKdf =
  | { readonly kdf: 'scrypt'; readonly n: number; readonly r: number; readonly p: number; readonly salt: Uint8Array }
  | { readonly kdf: 'pbkdf2'; readonly c: number; readonly salt: Uint8Array }

/** A validated keystore: everything needed to decrypt, nothing derived yet. */
export type Keystore = {
  readonly kdf: KeystoreKdf
  readonly iv: Uint8Array
  readonly ciphertext: Uint8Array
  readonly mac: Uint8Array
  /** the `address` field (20 bytes), when the file has one */
  readonly address: Uint8Array | undefined
}

const DKLEN = 32
// Above the bound: OpenSSL counts 128·r·(n+2) + 128·r·p, noble 128·r·(n+p+1); 1 MiB covers both.
const MAXMEM = KEYSTORE_BOUNDS.scryptMemory + 2 ** 20

// ---------------------------------------------------------------- validation

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function fail(message: string): never {
  throw new AirsignError('KEYSTORE_JSON', `keystore: ${message}`)
}

function kdfFail(message: string): never {
  throw new AirsignError('KEYSTORE_KDF', `keystore: ${message}`)
}

/** A name from the file, quoted only when it is short and plain (it is not secret, but it is the file's text). */
function quoted(v: string): string {
  return /^[A-Za-z0-9_.-]{1,32}$/.test(v) ? `"${v}"` : '(not a plain name)'
}

/** The field `name` of `obj`, its name matched without regard to case (as geth and ethers read). */
function field(obj: Record<string, unknown>, name: string, where: string): unknown {
  let found: unknown
  let n = 0
  for (const k of Object.keys(obj)) {
    if (k.toLowerCase() === name) {
      found = obj[k]
      n++
    }
  }
  if (n > 1) fail(`two fields named "${where}" (differing in case)`)
  return found
}

function objectAt(obj: Record<string, unknown>, name: string, where: string): Record<string, unknown> {
  const v = field(obj, name, where)
  if (v === undefined) fail(`no "${where}" object`)
  if (!isObject(v)) fail(`"${where}" must be an object`)
  return v
}

function stringAt(obj: Record<string, unknown>, name: string, where: string): string {
  const v = field(obj, name, where)
  if (typeof v !== 'string') fail(`${where} must be a string`)
  return v
}

/** Hex of `size` bytes (any size when undefined), `0x` optional. */
function hexAt(obj: Record<string, unknown>, name: string, where: string, size: number | undefined, what: string): Uint8Array {
  const v = field(obj, name, where)
  const bad = (): never => fail(`${where} must be ${what}`)
  if (typeof v !== 'string') bad()
  let b: Uint8Array
  try {
    b = hexToBytes(v as string, where)
  } catch {
    return bad()
  }
  if (size !== undefined && b.length !== size) bad()
  return b
}

function intAt(obj: Record<string, unknown>, name: string, where: string): number {
  const v = field(obj, name, where)
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) fail(`${where} must be an integer`)
  return v
}

function sizeText(bytes: number): string {
  return bytes >= 2 ** 30 ? `${bytes / 2 ** 30} GiB` : `${bytes / 2 ** 20} MiB`
}

function powerText(n: number): string {
  return `2^${Math.log2(n)}`
}

function scryptParams(params: Record<string, unknown>, salt: Uint8Array): KeystoreKdf {
  const n = intAt(params, 'n', 'crypto.kdfparams.n')
  const r = intAt(params, 'r', 'crypto.kdfparams.r')
  const p = intAt(params, 'p', 'crypto.kdfparams.p')
  if (n < 2 || 2 ** Math.round(Math.log2(n)) !== n) kdfFail('scrypt n must be a power of two above 1')
  if (r < 1) kdfFail('scrypt r must be at least 1')
  if (p < 1) kdfFail('scrypt p must be at least 1')
  if (r > KEYSTORE_BOUNDS.scryptR) kdfFail(`scrypt r = ${r} is above airsign's bound ${KEYSTORE_BOUNDS.scryptR}`)
  if (p > KEYSTORE_BOUNDS.scryptP) kdfFail(`scrypt p = ${p} is above airsign's bound ${KEYSTORE_BOUNDS.scryptP}`)
  // Exact in doubles: n ≤ 2^53 and 128·r·p ≤ 2^16, a power of two times a number below 2^16.
  const memory = 128 * r * p * n
  if (memory > KEYSTORE_BOUNDS.scryptMemory) {
    kdfFail(`scrypt n = ${powerText(n)}, r = ${r}, p = ${p} needs 128·n·r·p = ${memory >= 2 ** 60 ? 'over an EiB' : sizeText(memory)}, above airsign's bound ${sizeText(KEYSTORE_BOUNDS.scryptMemory)}`)
  }
  return { kdf: 'scrypt', n, r, p, salt }
}

function pbkdf2Params(params: Record<string, unknown>, salt: Uint8Array): KeystoreKdf {
  const prf = stringAt(params, 'prf', 'crypto.kdfparams.prf')
  if (prf !== 'hmac-sha256') kdfFail(`pbkdf2 prf ${quoted(prf)} is not supported: airsign reads hmac-sha256`)
  const c = intAt(params, 'c', 'crypto.kdfparams.c')
  if (c < 1) kdfFail('pbkdf2 c must be at least 1')
  if (c > KEYSTORE_BOUNDS.pbkdf2C) kdfFail(`pbkdf2 c = ${c} is above airsign's bound ${KEYSTORE_BOUNDS.pbkdf2C}`)
  return { kdf: 'pbkdf2', c, salt }
}

/**
 * Validate a keystore without deriving anything: its shape, and its KDF parameters against
 * {@link KEYSTORE_BOUNDS}. Cheap; a command can call it before it asks for the password.
 * @param json - the parsed JSON, or its text
 * @returns the fields as bytes and numbers
 * @throws AirsignError KEYSTORE_JSON, KEYSTORE_KDF
 */
export function parseKeystore(json: unknown): Keystore {
  let data = json
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json)
    } catch {
      // The parser's message quotes the text.
      fail('not JSON')
    }
  }
  if (!isObject(data)) fail('expected a JSON object (a Web3 Secret Storage v3 keystore)')
  const version = field(data, 'version', 'version')
  if (version === undefined) fail('no "version" field (airsign reads version 3)')
  if (version !== 3) {
    fail(typeof version === 'number' && Number.isSafeInteger(version) ? `version ${version} is not supported: airsign reads version 3` : '"version" must be the number 3')
  }
  const crypto = objectAt(data, 'crypto', 'crypto')
  const cipher = stringAt(crypto, 'cipher', 'crypto.cipher')
  if (cipher !== 'aes-128-ctr') fail(`cipher ${quoted(cipher)} is not supported: airsign reads aes-128-ctr`)
  const cipherparams = objectAt(crypto, 'cipherparams', 'crypto.cipherparams')
  const iv = hexAt(cipherparams, 'iv', 'crypto.cipherparams.iv', 16, '16 bytes of hex')
  const ciphertext = hexAt(crypto, 'ciphertext', 'crypto.ciphertext', 32, '32 bytes of hex (an encrypted private key)')
  const mac = hexAt(crypto, 'mac', 'crypto.mac', 32, '32 bytes of hex')
  const kdfName = stringAt(crypto, 'kdf', 'crypto.kdf')
  const params = objectAt(crypto, 'kdfparams', 'crypto.kdfparams')
  const salt = hexAt(params, 'salt', 'crypto.kdfparams.salt', undefined, 'hex')
  let kdf: KeystoreKdf
  if (kdfName === 'scrypt' || kdfName === 'pbkdf2') {
    const dklen = intAt(params, 'dklen', 'crypto.kdfparams.dklen')
    if (dklen !== DKLEN) kdfFail(`dklen ${dklen} is not supported: airsign reads dklen 32`)
    kdf = kdfName === 'scrypt' ? scryptParams(params, salt) : pbkdf2Params(params, salt)
  } else {
    kdfFail(`key derivation ${quoted(kdfName)} is not supported: airsign reads scrypt and pbkdf2`)
  }
  let addr: Uint8Array | undefined
  if (field(data, 'address', 'address') !== undefined) {
    addr = hexAt(data, 'address', 'address', 20, '20 bytes of hex (an address)')
  }
  return { kdf, iv, ciphertext, mac, address: addr }
}

// ---------------------------------------------------------------- derivation

function scrypt(password: Uint8Array, k: Extract<KeystoreKdf, { kdf: 'scrypt' }>): Promise<Uint8Array> {
  // OpenSSL refuses n ≥ 2^(16·r) (RFC 7914); geth does not, and wrote such files.
  if (k.r * 16 < 53 && k.n >= 2 ** (16 * k.r)) {
    return nobleScryptAsync(password, k.salt, { N: k.n, r: k.r, p: k.p, dkLen: DKLEN, maxmem: MAXMEM })
  }
  return new Promise((resolve, reject) => {
    nodeScrypt(password, k.salt, DKLEN, { N: k.n, r: k.r, p: k.p, maxmem: MAXMEM }, (err, dk) => (err ? reject(err) : resolve(dk)))
  })
}

function pbkdf2(password: Uint8Array, k: Extract<KeystoreKdf, { kdf: 'pbkdf2' }>): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    nodePbkdf2(password, k.salt, k.c, DKLEN, 'sha256', (err, dk) => (err ? reject(err) : resolve(dk)))
  })
}

/** The KDF of a validated keystore: 32 bytes, the caller wipes them. */
export function deriveKey(password: Uint8Array, kdf: KeystoreKdf): Promise<Uint8Array> {
  return kdf.kdf === 'scrypt' ? scrypt(password, kdf) : pbkdf2(password, kdf)
}

/**
 * The password bytes to try, in order: as given; then, when they are UTF-8 whose NFKC form
 * differs, that form (ethers normalizes a string password so). ASCII never changes under NFKC.
 */
function passwordForms(password: Uint8Array): Uint8Array[] {
  if (password.every((b) => b < 0x80)) return [password]
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(password)
  } catch {
    return [password]
  }
  const nfkc = text.normalize('NFKC')
  return nfkc === text ? [password] : [password, utf8ToBytes(nfkc)]
}

function macMatches(dk: Uint8Array, ks: Keystore): boolean {
  const input = concatBytes(dk.subarray(16, 32), ks.ciphertext)
  const ok = equalBytes(keccak_256(input), ks.mac)
  wipe(input)
  return ok
}

function aes128CtrDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const d = createDecipheriv('aes-128-ctr', key, iv)
  const parts = [d.update(ciphertext), d.final()]
  const out = concatBytes(...parts)
  wipe(...parts)
  return out
}

/**
 * Decrypt a keystore.
 * @param json - the parsed JSON, or its text
 * @param password - the password's bytes (UTF-8 as typed or read, unnormalized; see the module)
 * @returns the private key (32 bytes, 0 < k < n); the caller wipes it
 * @throws AirsignError KEYSTORE_JSON, KEYSTORE_KDF (before any derivation), KEYSTORE_PASSWORD,
 *   PRIVATE_KEY_INVALID, KEYSTORE_JSON for an `address` field that is not this key's
 */
export async function decryptKeystore(json: unknown, password: Uint8Array): Promise<PrivateKey> {
  const ks = parseKeystore(json)
  if (!(password instanceof Uint8Array)) throw new TypeError('password: expected bytes')
  const forms = passwordForms(password)
  let dk: Uint8Array | undefined
  try {
    for (const form of forms) {
      const candidate = await deriveKey(form, ks.kdf)
      if (macMatches(candidate, ks)) {
        dk = candidate
        break
      }
      wipe(candidate)
    }
    if (dk === undefined) throw new AirsignError('KEYSTORE_PASSWORD', 'keystore: wrong password (or a damaged file): the MAC does not match')
    const key = aes128CtrDecrypt(dk.subarray(0, 16), ks.iv, ks.ciphertext)
    if (!isValidPrivateKey(key)) {
      wipe(key)
      throw new AirsignError('PRIVATE_KEY_INVALID', 'keystore: the decrypted key is not a secp256k1 private key (0, or not below the curve order)')
    }
    if (ks.address !== undefined) {
      const own = address.fromPublicKey(getPublicKey(key as PrivateKey))
      if (!equalBytes(own, ks.address)) {
        wipe(key)
        throw new AirsignError('KEYSTORE_JSON', `keystore: the address field is not this key's (the file says ${address.toChecksum(ks.address)}, the key's is ${address.toChecksum(own)})`)
      }
    }
    return key as PrivateKey
  } finally {
    wipe(dk)
    for (const form of forms) if (form !== password) wipe(form)
  }
}

