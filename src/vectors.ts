/**
 * Known-answer tests: load, validate and run the vector files in test-vectors/.
 * Shared by `airsign vectors` and vectors.test.ts, so the CLI feature and the
 * test suite cannot drift apart.
 *
 * A file's kind is recognised by its shape:
 * - **trezor-bip39**: trezor/python-mnemonic `vectors.json`,
 *   `{language: [[entropy, mnemonic, seed, xprv], …]}`, passphrase `TREZOR` (implicit);
 * - **bip39-list**: `[{entropy, mnemonic, passphrase, seed, bip32_xprv}, …]`
 *   (bip32JP `test_JP_BIP39.json`);
 * - **bip32**: `{vectors: [{seed, chains: [{path, xpub, xprv}]} | {invalidKeys: [{key, reason}]}]}`
 *   (BIP-32 test vectors 1–5, transcribed);
 * - **eip155**: `{tx, signingData, signingHash, privateKey, v, r, s, signedTx}` (the EIP-155 example);
 * - **airsign**: airsign's own format, ethereum/tests-like: an object keyed by
 *   case name, each `{_info: {source}, input: {…}, expect: {…} | {error: CODE}}`
 *   (see test-vectors/README.md);
 * - **safe**: the Safe known answers, `[{id, source, expect, …}, …]`: SafeTx and
 *   SafeMessage hashes for a Safe, chain and version, owner confirmations that
 *   must recover, every release's hashing rule, and Safe signatures from a test
 *   key (see test-vectors/README.md);
 * - **slip39**: trezor/python-shamir-mnemonic `vectors.json`,
 *   `[[description, [share, …], masterSecretHex, xprv], …]`, passphrase `TREZOR` (implicit);
 *   an empty master secret marks a set that must be refused with a SLIP39_* error.
 * - **keystore**: ethereum/tests KeyStoreTests, `{name: {json, password, priv}}`: the keystore
 *   must decrypt to `priv` with the password, and be refused with KEYSTORE_PASSWORD with another.
 *
 * A file that is not one of these, or a case with a missing or malformed
 * field, is a VECTOR_FILE error: nothing of it runs. A case that runs and gets
 * a different answer is a failed Result. Core module: no printing. The kinds of
 * issues 13 and 14 and airsign's own format live in src/vectors/ (safe.ts,
 * keys.ts, airsign.ts), with the helpers every kind shares (check.ts).
 * @see https://github.com/bitcoin/bips/blob/master/bip-0039.mediawiki
 * @see https://github.com/bitcoin/bips/blob/master/bip-0032.mediawiki
 * @see https://eips.ethereum.org/EIPS/eip-155
 * @module
 */
import { builtInData } from './vectors-data.js'
import { AirsignError } from './errors.js'
import { bytesToHex, equalBytes, parseQuantity, wipe } from './bytes.js'
import * as hd from './hd.js'
import * as mnemonic from './mnemonic.js'
import * as sign from './sign.js'
import * as txm from './tx.js'
import * as td from './typed-data.js'
import { personalHash, toBytes65 } from './message.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bad, hex, isObject, makeCase, onlyKeys, same, str, TREZOR_PASSPHRASE, type Case, type Result } from './vectors/check.js'
import { loadAirsign } from './vectors/airsign.js'
import { loadSafe } from './vectors/safe.js'
import { loadKeystore, loadSlip39 } from './vectors/keys.js'

export type { Case, Result } from './vectors/check.js'

/** The kinds of vector file, recognised by shape. */
export type Kind = 'trezor-bip39' | 'bip39-list' | 'bip32' | 'eip155' | 'airsign' | 'eip712-example' | 'eip712-list' | 'eip191-list' | 'safe' | 'slip39' | 'keystore'

/**
 * Trezor languages that are skipped, with the reason (test-vectors/README.md repeats it).
 * Their cases are not run and not counted.
 */
export const SKIPPED_LANGUAGES: Readonly<Record<string, string>> = {
  russian: 'not a BIP-39 wordlist (a trezor/python-mnemonic addition) and not shipped by @scure/bip39',
  turkish: 'not a BIP-39 wordlist (a trezor/python-mnemonic addition) and not shipped by @scure/bip39',
}

/** Trezor's language keys → our wordlist names. */
const TREZOR_LANGUAGES: Readonly<Record<string, mnemonic.Language>> = {
  english: 'english',
  japanese: 'japanese',
  korean: 'korean',
  spanish: 'spanish',
  chinese_simplified: 'chinese-simplified',
  chinese_traditional: 'chinese-traditional',
  french: 'french',
  italian: 'italian',
  czech: 'czech',
  portuguese: 'portuguese',
}

export { TREZOR_PASSPHRASE } from './vectors/check.js'

/**
 * The built-in suites, embedded in the bundle by static JSON imports.
 * @returns name (path under test-vectors/) and parsed data of each file
 */
export function builtIn(): { name: string; data: unknown }[] {
  return builtInData()
}

/**
 * Run every case of one suite, in order.
 * @param name - the file's name, prefixed to each case name
 * @param data - the parsed JSON
 * @returns one Result per case
 * @throws AirsignError VECTOR_FILE when the shape is unknown or a case is malformed
 */
export async function run(name: string, data: unknown): Promise<Result[]> {
  const out: Result[] = []
  for (const c of load(name, data)) out.push(await c.run())
  return out
}

/**
 * Validate a suite and return its cases without running them.
 * @param name - the file's name, prefixed to each case name
 * @param data - the parsed JSON
 * @throws AirsignError VECTOR_FILE
 */
export function load(name: string, data: unknown): Case[] {
  switch (detect(name, data)) {
    case 'trezor-bip39': return loadTrezor(name, data as Record<string, unknown>)
    case 'bip39-list': return loadBip39List(name, data as unknown[])
    case 'bip32': return loadBip32(name, data as Record<string, unknown>)
    case 'eip155': return [eip155Case(name, data as Record<string, unknown>)]
    case 'airsign': return loadAirsign(name, data as Record<string, unknown>)
    case 'eip712-example': return [eip712ExampleCase(name, data as Record<string, unknown>)]
    case 'eip712-list': return (data as Record<string, unknown>[]).map((c, i) => eip712ListCase(name, c, i))
    case 'eip191-list': return ((data as Record<string, unknown>).vectors as unknown[]).map((c, i) => eip191Case(name, c, i))
    case 'safe': return loadSafe(name, data as unknown[])
    case 'slip39': return loadSlip39(name, data as unknown[])
    case 'keystore': return loadKeystore(name, data as Record<string, unknown>)
  }
}

/**
 * The kind of a vector file, from its shape.
 * @throws AirsignError VECTOR_FILE for an unknown shape
 */
export function detect(name: string, data: unknown): Kind {
  if (Array.isArray(data)) {
    if (data.length > 0 && data.every((c) => isObject(c) && 'entropy' in c && 'mnemonic' in c && 'seed' in c)) return 'bip39-list'
    if (data.length > 0 && data.every((c) => isObject(c) && 'types' in c && 'primaryType' in c && 'digest' in c)) return 'eip712-list'
    // id or source: an entry that lost one is still this kind, and load names what it lacks.
    if (data.length > 0 && data.every((c) => isObject(c) && 'expect' in c && ('id' in c || 'source' in c))) return 'safe'
    // Rows of four: a row with a wrong field is still this kind, and load names the field.
    if (data.length > 0 && data.every((c) => Array.isArray(c) && c.length === 4 && Array.isArray(c[1]))) return 'slip39'
  } else if (isObject(data)) {
    const values = Object.values(data)
    if ('signingData' in data && 'signedTx' in data && 'tx' in data) return 'eip155'
    if ('typedData' in data && 'expected' in data) return 'eip712-example'
    if (Array.isArray(data.vectors) && data.vectors.length > 0 && data.vectors.every((v) => isObject(v) && 'messageUtf8' in v && 'digest' in v)) return 'eip191-list'
    if (Array.isArray(data.vectors)) return 'bip32'
    if (values.length > 0 && values.every((v) => Array.isArray(v) && v.every((c) => Array.isArray(c)))) return 'trezor-bip39'
    if (values.length > 0 && values.every((v) => isObject(v) && 'input' in v && 'expect' in v)) return 'airsign'
    if (values.length > 0 && values.every((v) => isObject(v) && 'json' in v && 'password' in v && 'priv' in v)) return 'keystore'
  }
  throw new AirsignError('VECTOR_FILE', `${name}: not a known vector file format`, {
    hints: ['known: trezor BIP-39 vectors.json, a BIP-39 list, BIP-32 vectors, the EIP-155 example, the EIP-712 example, an EIP-712 list (go-ethereum), EIP-191 digests, Safe vectors, SLIP-39 vectors (trezor), keystore tests (ethereum/tests), airsign format (see test-vectors/README.md)'],
  })
}

// ---------------------------------------------------------------- BIP-39

/** NFKD, one space between words: how two phrases are compared. */
function canonicalPhrase(phrase: string): string {
  return mnemonic.nfkd(phrase, 'mnemonic').trim().split(/\s+/u).join(' ')
}

/**
 * Whether a phrase is also valid in a given list. The two Chinese lists share
 * characters at the same indices: a phrase written only with shared characters
 * is valid in both with the same entropy (and the same seed, which hashes the
 * text), so detection cannot tell them apart and either answer is right.
 */
async function validIn(phrase: string, lang: mnemonic.Language): Promise<boolean> {
  try {
    await mnemonic.parse(phrase, lang)
    return true
  } catch {
    return false
  }
}

type Bip39Vector = {
  entropy: Uint8Array
  phrase: string
  passphrase: string
  seed: Uint8Array
  xprv: string
  /** the expected wordlist; undefined: the one the phrase is detected in */
  language: mnemonic.Language | undefined
}

/**
 * Every check of one BIP-39 vector: entropy → mnemonic, the phrase's language,
 * mnemonic + passphrase → seed, seed → BIP-32 root xprv. Seeds and xprvs are
 * not quoted on a mismatch: a user's file may hold real ones.
 */
function bip39Case(name: string, v: Bip39Vector): Case {
  return makeCase(name, async () => {
    const problems: string[] = []
    const m = await mnemonic.parse(v.phrase)
    if (v.language !== undefined && m.language !== v.language && !(await validIn(v.phrase, v.language))) {
      problems.push(`language detected as ${m.language}, expected ${v.language}`)
    }
    const lang = v.language ?? m.language
    const made = await mnemonic.fromEntropy(v.entropy, lang)
    if (canonicalPhrase(made) !== canonicalPhrase(v.phrase)) problems.push(`entropy → mnemonic (${lang}) differs from the vector`)
    const seed = mnemonic.toSeed(m, v.passphrase)
    const root = hd.fromSeed(seed)
    try {
      if (!equalBytes(seed, v.seed)) problems.push('seed differs from the vector')
      if (hd.xprv(root) !== v.xprv) problems.push('root xprv differs from the vector')
    } finally {
      wipe(seed)
      hd.wipe(root)
    }
    return problems
  })
}

function loadTrezor(name: string, data: Record<string, unknown>): Case[] {
  const cases: Case[] = []
  for (const [key, list] of Object.entries(data)) {
    if (key in SKIPPED_LANGUAGES) continue
    const language = TREZOR_LANGUAGES[key]
    if (language === undefined) bad(`${name}: ${key}`, 'unknown language')
    ;(list as unknown[]).forEach((row, i) => {
      const where = `${name}: ${key} #${i + 1}`
      const r = row as unknown[]
      if (r.length !== 4) bad(where, 'expected [entropy, mnemonic, seed, xprv]')
      cases.push(
        bip39Case(where, {
          entropy: hex(r[0], `${where} entropy`),
          phrase: str(r[1], `${where} mnemonic`),
          passphrase: TREZOR_PASSPHRASE,
          seed: hex(r[2], `${where} seed`),
          xprv: str(r[3], `${where} xprv`),
          language,
        }),
      )
    })
  }
  return cases
}

function loadBip39List(name: string, data: unknown[]): Case[] {
  return data.map((c, i) => {
    const where = `${name}: #${i + 1}`
    const o = c as Record<string, unknown>
    onlyKeys(o, ['entropy', 'mnemonic', 'passphrase', 'seed', 'bip32_xprv', 'language'], where)
    let language: mnemonic.Language | undefined
    if (o.language !== undefined) {
      const l = str(o.language, `${where} language`)
      if (!(mnemonic.LANGUAGES as readonly string[]).includes(l)) bad(`${where} language`, `unknown wordlist "${l}"`)
      language = l as mnemonic.Language
    }
    return bip39Case(where, {
      entropy: hex(o.entropy, `${where} entropy`),
      phrase: str(o.mnemonic, `${where} mnemonic`),
      // The list format names the passphrase of every case; a missing one is an error, not ''.
      passphrase: str(o.passphrase, `${where} passphrase`),
      seed: hex(o.seed, `${where} seed`),
      xprv: str(o.bip32_xprv, `${where} bip32_xprv`),
      language,
    })
  })
}

// ---------------------------------------------------------------- BIP-32

function loadBip32(name: string, data: Record<string, unknown>): Case[] {
  const cases: Case[] = []
  ;(data.vectors as unknown[]).forEach((vec, i) => {
    if (!isObject(vec)) bad(`${name}: vectors[${i}]`, 'expected an object')
    const label = `${name}: vector ${typeof vec.vector === 'number' ? vec.vector : i + 1}`
    if (vec.chains !== undefined) {
      const seed = hex(vec.seed, `${label} seed`)
      if (!Array.isArray(vec.chains)) bad(`${label} chains`, 'expected an array')
      for (const ch of vec.chains as unknown[]) {
        if (!isObject(ch)) bad(`${label} chains`, 'expected objects')
        const pathText = str(ch.path, `${label} path`)
        const where = `${label} ${pathText}`
        const xpub = str(ch.xpub, `${where} xpub`)
        const xprv = str(ch.xprv, `${where} xprv`)
        cases.push(
          makeCase(where, async () => {
            const problems: string[] = []
            const node = hd.derive(hd.fromSeed(seed), hd.parsePath(pathText))
            same('xpub', xpub, hd.xpub(node), problems)
            if (hd.xprv(node) !== xprv) problems.push('xprv differs from the vector')
            hd.wipe(node)
            // The serialized keys must also parse back to themselves.
            same('xpub re-parsed', xpub, hd.xpub(hd.fromExtendedKey(xpub)), problems)
            const back = hd.fromExtendedKey(xprv)
            if (hd.xprv(back) !== xprv) problems.push('xprv does not re-serialize to itself')
            hd.wipe(back)
            return problems
          }),
        )
      }
    } else if (vec.invalidKeys !== undefined) {
      if (!Array.isArray(vec.invalidKeys)) bad(`${label} invalidKeys`, 'expected an array')
      ;(vec.invalidKeys as unknown[]).forEach((k, j) => {
        if (!isObject(k)) bad(`${label} invalidKeys[${j}]`, 'expected {key, reason}')
        const key = str(k.key, `${label} invalidKeys[${j}].key`)
        const reason = str(k.reason, `${label} invalidKeys[${j}].reason`)
        cases.push(
          makeCase(`${label} #${j + 1} invalid (${reason})`, async () => {
            try {
              hd.wipe(hd.fromExtendedKey(key))
            } catch (e) {
              if (e instanceof AirsignError && e.code === 'XKEY_INVALID') return []
              throw e
            }
            return ['the invalid extended key was accepted']
          }),
        )
      })
    } else {
      bad(label, 'expected chains or invalidKeys')
    }
  })
  return cases
}

// ---------------------------------------------------------------- EIP-155

function eip155Case(name: string, d: Record<string, unknown>): Case {
  const where = `${name}: example`
  const signingData = hex(d.signingData, `${where} signingData`)
  const signingHash = hex(d.signingHash, `${where} signingHash`)
  const privateKey = hex(d.privateKey, `${where} privateKey`)
  const signedTx = hex(d.signedTx, `${where} signedTx`)
  const num = (f: string): bigint => {
    try {
      return parseQuantity(str(d[f], `${where} ${f}`), f)
    } catch (e) {
      if (e instanceof AirsignError && e.code === 'VECTOR_FILE') throw e
      bad(`${where} ${f}`, 'expected a decimal or 0x quantity')
    }
  }
  const v = num('v')
  const r = num('r')
  const s = num('s')
  const rHex = d.rHex === undefined ? undefined : num('rHex')
  const sHex = d.sHex === undefined ? undefined : num('sHex')
  return makeCase(where, async () => {
    const problems: string[] = []
    const tx = txm.resolveChainId(txm.fromJson(d.tx).tx, undefined, false)
    same('signing data', bytesToHex(signingData), bytesToHex(txm.signingPayload(tx)), problems)
    same('signing hash', bytesToHex(signingHash), bytesToHex(txm.signingHash(tx)), problems)
    const key = sign.asPrivateKey(Uint8Array.from(privateKey))
    try {
      const signed = txm.sign(tx, key)
      same('v', v.toString(), signed.v.toString(), problems)
      same('r', r.toString(), signed.signature.r.toString(), problems)
      same('s', s.toString(), signed.signature.s.toString(), problems)
      if (rHex !== undefined) same('rHex', rHex.toString(), signed.signature.r.toString(), problems)
      if (sHex !== undefined) same('sHex', sHex.toString(), signed.signature.s.toString(), problems)
      same('signed tx', bytesToHex(signedTx), bytesToHex(signed.raw), problems)
    } finally {
      wipe(key)
    }
    return problems
  })
}

// ---------------------------------------------------------------- EIP-712 and EIP-191

/** The EIP-712 "Mail" example: encodeType, typeHash, hashes, digest and the signature with keccak256("cow"). */
function eip712ExampleCase(name: string, d: Record<string, unknown>): Case {
  const where = `${name}: Mail`
  if (!isObject(d.expected)) bad(where, 'expected an "expected" object')
  const e = d.expected
  const want = Object.fromEntries(['encodeTypeMail', 'typeHashMail', 'structHashMail', 'domainSeparator', 'signHash', 'signature'].map((k) => [k, str(e[k], `${where} expected.${k}`)]))
  const key = keccak_256(new TextEncoder().encode(str(d.privateKeyDerivation, `${where} privateKeyDerivation`).match(/utf8\('([^']*)'\)/)?.[1] ?? ''))
  return makeCase(where, async () => {
    const problems: string[] = []
    const doc = td.parseTypedData(d.typedData)
    const h = td.hashTypedData(doc)
    same('encodeType', want.encodeTypeMail!, td.encodeType(doc.primaryType, doc.types), problems)
    same('typeHash', want.typeHashMail!, bytesToHex(td.typeHash(doc.primaryType, doc.types)), problems)
    same('structHash', want.structHashMail!, bytesToHex(h.structHash ?? new Uint8Array(0)), problems)
    same('domainSeparator', want.domainSeparator!, bytesToHex(h.domainSeparator), problems)
    same('digest', want.signHash!, bytesToHex(h.digest), problems)
    const k = sign.asPrivateKey(Uint8Array.from(key))
    try {
      same('signature', want.signature!, bytesToHex(toBytes65(sign.signDigest(sign.asDigest(h.digest), k))), problems)
    } finally {
      wipe(k)
    }
    return problems
  })
}

/** A go-ethereum typed-data case: the document's digest, and keccak256 of its encoded primary struct. */
function eip712ListCase(name: string, c: unknown, i: number): Case {
  if (!isObject(c)) bad(`${name}[${i}]`, 'expected an object')
  const where = `${name}: ${typeof c.name === 'string' ? c.name : `case ${i}`}`
  const digest = str(c.digest, `${where} digest`)
  const encoded = c.encoded === undefined ? undefined : hex(c.encoded, `${where} encoded`)
  return makeCase(where, async () => {
    const problems: string[] = []
    const doc = td.parseTypedData({ types: c.types, primaryType: c.primaryType, domain: c.domain, message: c.data })
    const h = td.hashTypedData(doc)
    same('digest', digest, bytesToHex(h.digest), problems)
    if (encoded && h.structHash) same('struct hash (keccak256 of encoded)', bytesToHex(keccak_256(encoded)), bytesToHex(h.structHash), problems)
    return problems
  })
}

/** An EIP-191 personal_sign digest of a UTF-8 message. */
function eip191Case(name: string, c: unknown, i: number): Case {
  if (!isObject(c)) bad(`${name} vectors[${i}]`, 'expected an object')
  const where = `${name}: ${JSON.stringify(str(c.messageUtf8, `${name} vectors[${i}].messageUtf8`))}`
  const digest = str(c.digest, `${where} digest`)
  return makeCase(where, async () => {
    const problems: string[] = []
    same('digest', digest, bytesToHex(personalHash(new TextEncoder().encode(c.messageUtf8 as string))), problems)
    return problems
  })
}
