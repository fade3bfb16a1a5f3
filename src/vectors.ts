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
 * a different answer is a failed Result. Core module: no printing.
 * @see https://github.com/bitcoin/bips/blob/master/bip-0039.mediawiki
 * @see https://github.com/bitcoin/bips/blob/master/bip-0032.mediawiki
 * @see https://eips.ethereum.org/EIPS/eip-155
 * @module
 */
import { builtInData } from './vectors-data.js'
import { AirsignError, EXIT, type ErrorCode } from './errors.js'
import { bytesToHex, equalBytes, hexToBytes, parseQuantity, utf8ToBytes, wipe } from './bytes.js'
import * as address from './address.js'
import * as hd from './hd.js'
import * as mnemonic from './mnemonic.js'
import * as slip39 from './keys/slip39.js'
import * as sign from './sign.js'
import * as txm from './tx.js'
import * as td from './typed-data.js'
import { personalHash, toBytes65 } from './message.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { safeMessageHashes, safeTxHashes, type SafeDomain, type SafeHashes } from './safe/hash.js'
import { approvedSignature, recoverEcdsa, SERVICE_TYPES, signHash } from './safe/signature.js'
import { parseSafeTxJson } from './safe/tx-json.js'
import { isAtLeast, parseVersion, RELEASES, type SafeVersion } from './safe/version.js'
import { decryptKeystore, parseKeystore } from './keys/keystore.js'

/** The outcome of one vector. `detail` says what differed (never a secret of a user's file). */
export type Result = { name: string; ok: boolean; detail?: string }

/** One validated vector, ready to run. */
export type Case = { readonly name: string; run(): Promise<Result> }

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

/** The passphrase of every trezor/python-mnemonic vector (implicit in the file). */
export const TREZOR_PASSPHRASE = 'TREZOR'

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

// ---------------------------------------------------------------- validation helpers

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function bad(where: string, what: string): never {
  throw new AirsignError('VECTOR_FILE', `${where}: ${what}`)
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') bad(where, 'expected a string')
  return v
}

function hex(v: unknown, where: string): Uint8Array {
  const s = str(v, where)
  try {
    return hexToBytes(s, where)
  } catch {
    bad(where, 'expected a hex string')
  }
}

function onlyKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) bad(where, `unknown field "${k}"`)
}

/**
 * Run a check body; an AirsignError becomes a failed Result, other errors too
 * (a bug must not hide behind a crash of the whole run, but it must fail).
 */
function makeCase(name: string, body: () => Promise<string[]>): Case {
  return {
    name,
    async run(): Promise<Result> {
      let problems: string[]
      try {
        problems = await body()
      } catch (e) {
        problems = [e instanceof AirsignError ? `${e.message} [${e.code}]` : `internal error (${e instanceof Error ? e.name : typeof e})`]
      }
      return problems.length === 0 ? { name, ok: true } : { name, ok: false, detail: problems.join('; ') }
    },
  }
}

function same(what: string, expected: string, got: string, problems: string[]): void {
  if (expected !== got) problems.push(`${what}: expected ${expected}, got ${got}`)
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

// ---------------------------------------------------------------- airsign format

const INPUT_FIELDS = ['mnemonic', 'passphrase', 'path', 'privateKey', 'tx', 'chainId'] as const
const EXPECT_FIELDS = ['address', 'raw', 'hash', 'error'] as const

type AirsignInput = {
  key: { mnemonic: string; passphrase: string; path: string } | { privateKey: Uint8Array }
  tx: unknown
  chainId: string | undefined
}
type AirsignExpect = { error: ErrorCode } | { address: string } | { raw: string; hash: string | undefined }

function loadAirsign(name: string, data: Record<string, unknown>): Case[] {
  return Object.entries(data).map(([caseName, c]) => {
    const where = `${name}: ${caseName}`
    const o = c as Record<string, unknown>
    onlyKeys(o, ['_info', 'input', 'expect'], where)
    if (!isObject(o._info) || typeof o._info.source !== 'string' || o._info.source.trim() === '') {
      bad(`${where} _info.source`, 'every case names where its expected value comes from')
    }
    if (!isObject(o.input)) bad(`${where} input`, 'expected an object')
    if (!isObject(o.expect)) bad(`${where} expect`, 'expected an object')
    const input = airsignInput(o.input, `${where} input`)
    const expect = airsignExpect(o.expect, input.tx !== undefined, `${where} expect`)
    return makeCase(where, () => runAirsign(input, expect))
  })
}

function airsignInput(i: Record<string, unknown>, where: string): AirsignInput {
  onlyKeys(i, INPUT_FIELDS, where)
  let key: AirsignInput['key']
  if (i.mnemonic !== undefined) {
    if (i.privateKey !== undefined) bad(where, 'give mnemonic or privateKey, not both')
    // Every input explicit: no implicit passphrase or default path in a vector.
    key = { mnemonic: str(i.mnemonic, `${where}.mnemonic`), passphrase: str(i.passphrase, `${where}.passphrase`), path: str(i.path, `${where}.path`) }
  } else if (i.privateKey !== undefined) {
    if (i.passphrase !== undefined || i.path !== undefined) bad(where, 'passphrase and path belong to a mnemonic')
    key = { privateKey: hex(i.privateKey, `${where}.privateKey`) }
  } else {
    bad(where, 'needs mnemonic (+ passphrase, path) or privateKey')
  }
  if (i.tx !== undefined && typeof i.tx !== 'string' && !isObject(i.tx)) bad(`${where}.tx`, 'expected unsigned raw hex or a JSON object')
  if (i.chainId !== undefined && typeof i.chainId !== 'string') bad(`${where}.chainId`, 'expected a decimal or 0x string')
  if (i.chainId !== undefined && i.tx === undefined) bad(`${where}.chainId`, 'only with tx')
  return { key, tx: i.tx, chainId: i.chainId as string | undefined }
}

function airsignExpect(e: Record<string, unknown>, isTx: boolean, where: string): AirsignExpect {
  onlyKeys(e, EXPECT_FIELDS, where)
  if (e.error !== undefined) {
    if (Object.keys(e).length !== 1) bad(where, 'error stands alone')
    const code = str(e.error, `${where}.error`)
    if (!(code in EXIT)) bad(`${where}.error`, `unknown error code "${code}"`)
    return { error: code as ErrorCode }
  }
  if (isTx) {
    if (e.address !== undefined) bad(where, 'a transaction case expects raw (and hash)')
    return { raw: str(e.raw, `${where}.raw`), hash: e.hash === undefined ? undefined : str(e.hash, `${where}.hash`) }
  }
  if (e.raw !== undefined || e.hash !== undefined) bad(where, 'raw and hash need an input tx')
  return { address: str(e.address, `${where}.address`) }
}

async function runAirsign(input: AirsignInput, expect: AirsignExpect): Promise<string[]> {
  let got: { address: string } | { raw: string; hash: string }
  try {
    got = await computeAirsign(input)
  } catch (e) {
    if (e instanceof AirsignError && 'error' in expect) {
      return e.code === expect.error ? [] : [`expected error ${expect.error}, got ${e.code}: ${e.message}`]
    }
    throw e
  }
  if ('error' in expect) return [`expected error ${expect.error}, got a result`]
  const problems: string[] = []
  if ('address' in expect && 'address' in got) same('address', expect.address, got.address, problems)
  if ('raw' in expect && 'raw' in got) {
    same('raw', expect.raw.toLowerCase(), got.raw, problems)
    if (expect.hash !== undefined) same('hash', expect.hash.toLowerCase(), got.hash, problems)
  }
  return problems
}

/** The pipeline of `airsign address` / `airsign sign` on one case's inputs. */
async function computeAirsign(input: AirsignInput): Promise<{ address: string } | { raw: string; hash: string }> {
  // Parse the transaction before touching the key, as `sign` does.
  let unsigned: { tx: txm.UnsignedTx; from: Uint8Array | null } | undefined
  if (input.tx !== undefined) {
    const parsed = typeof input.tx === 'string' ? { tx: txm.decodeUnsigned(hexToBytes(input.tx, 'tx')), from: null } : txm.fromJson(input.tx)
    const flag = input.chainId === undefined ? undefined : parseQuantity(input.chainId, 'chainId', txm.MAX_CHAIN_ID)
    unsigned = { tx: txm.resolveChainId(parsed.tx, flag, false), from: parsed.from }
  }
  let key: sign.PrivateKey
  let pub: Uint8Array
  if ('mnemonic' in input.key) {
    const path = hd.parsePath(input.key.path)
    const m = await mnemonic.parse(input.key.mnemonic)
    const seed = mnemonic.toSeed(m, input.key.passphrase)
    // keyAt, as the signing commands derive (derive(root, []) is the root itself, which wiping the root wiped: path m failed).
    try {
      ;({ key, publicKey: pub } = hd.keyAt(seed, path))
    } finally {
      wipe(seed)
    }
  } else {
    key = sign.asPrivateKey(Uint8Array.from(input.key.privateKey))
    pub = sign.getPublicKey(key)
  }
  try {
    const from = address.fromPublicKey(pub)
    if (unsigned === undefined) return { address: address.toChecksum(from) }
    if (unsigned.from && !equalBytes(unsigned.from, from)) throw new AirsignError('FROM_MISMATCH', "the transaction's from is not the signing key")
    const signed = txm.sign(unsigned.tx, key, pub)
    return { raw: bytesToHex(signed.raw), hash: bytesToHex(signed.hash) }
  } finally {
    wipe(key)
  }
}

// ---------------------------------------------------------------- keystores

/**
 * ethereum/tests KeyStoreTests: each keystore decrypts to `priv` with `password` (its UTF-8),
 * and a wrong password is KEYSTORE_PASSWORD. The keystore is validated (and its KDF bounded) at
 * load: a file airsign would refuse is a VECTOR_FILE error, not a run. Keys are not quoted.
 */
function loadKeystore(name: string, data: Record<string, unknown>): Case[] {
  return Object.entries(data).map(([id, c]) => {
    const where = `${name}: ${id}`
    const o = c as Record<string, unknown>
    onlyKeys(o, ['json', 'password', 'priv'], where)
    const password = str(o.password, `${where} password`)
    const priv = hex(o.priv, `${where} priv`)
    if (priv.length !== 32) bad(`${where} priv`, 'expected 32 bytes of hex')
    try {
      parseKeystore(o.json)
    } catch (e) {
      if (e instanceof AirsignError) bad(`${where} json`, `${e.message} [${e.code}]`)
      throw e
    }
    return makeCase(where, async () => {
      const problems: string[] = []
      const key = await decryptKeystore(o.json, utf8ToBytes(password))
      if (!equalBytes(key, priv)) problems.push('decrypted key differs from priv')
      wipe(key)
      try {
        // Not password + NUL: HMAC pads its key with zeros, so (below 64 bytes) that is the same password.
        wipe(await decryptKeystore(o.json, utf8ToBytes(`${password}!`)))
        problems.push('a wrong password was accepted')
      } catch (e) {
        if (!(e instanceof AirsignError)) throw e
        if (e.code !== 'KEYSTORE_PASSWORD') problems.push(`a wrong password: expected KEYSTORE_PASSWORD, got ${e.code}`)
      }
      return problems
    })
  })
}

// ---------------------------------------------------------------- Safe

/**
 * The fields of an entry of a Safe vector file. Which check an entry is follows
 * from its inputs: `tx` with a version (a SafeTx), `tx` whose expect is keyed by
 * release (the version matrix), `message` (a text SafeMessage), `typedData` (an
 * EIP-712 document, a SafeMessage when a Safe is named), `safeTxHash` (Safe
 * signatures by the key its source names). `warnings` are review codes, checked
 * by the review's tests, not here.
 */
const SAFE_ENTRY_FIELDS = ['id', 'source', 'chainId', 'safe', 'version', 'tx', 'message', 'typedData', 'safeTxHash', 'expect', 'confirmations', 'warnings'] as const
const SAFE_TX_FIELDS = ['to', 'value', 'data', 'operation', 'safeTxGas', 'baseGas', 'gasPrice', 'gasToken', 'refundReceiver', 'nonce'] as const
const CONFIRMATION_FIELDS = ['owner', 'signature', 'signatureType', 'note'] as const
/** The first release with SafeMessage (EIP-1271): what `<X` in the matrix's SafeMessage values starts at. */
const FIRST_SAFE_MESSAGE = '1.0.0'

type SafeConfirmation = { readonly owner: Uint8Array; readonly signature: Uint8Array; readonly signatureType: string | undefined }
/** A Safe, its chain, and its version as written in the file (parsed when the case runs). */
type SafeEntryDomain = { readonly safe: Uint8Array; readonly chainId: bigint; readonly version: string }
type SafeEntry = {
  readonly id: string
  readonly where: string
  readonly raw: Record<string, unknown>
  readonly expect: Record<string, unknown>
  readonly confirmations: readonly SafeConfirmation[]
  /** tx entries: the nonce, to find other transactions of the same Safe and nonce. */
  readonly nonce: bigint | undefined
}

/** `0x` and exactly `size` bytes of hex, as lower-case text (how hashes are compared). */
function hexOf(v: unknown, where: string, size: number): string {
  const s = str(v, where)
  if (!new RegExp(`^0x[0-9a-fA-F]{${2 * size}}$`).test(s)) bad(where, `expected 0x and ${size} bytes of hex`)
  return s.toLowerCase()
}

function addressOf(v: unknown, where: string): Uint8Array {
  try {
    return address.parse(str(v, where), where)
  } catch (e) {
    if (e instanceof AirsignError && e.code === 'VECTOR_FILE') throw e
    bad(where, 'expected an address (0x and 40 hex digits, EIP-55 if mixed case)')
  }
}

function chainIdOf(v: unknown, where: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return BigInt(v)
  if (typeof v === 'string') {
    try {
      const n = parseQuantity(v, where, txm.MAX_CHAIN_ID)
      if (n > 0n) return n
    } catch {
      // falls through to the file error
    }
  }
  bad(where, 'expected a chain id (a positive whole number)')
}

/**
 * The version an entry's text names: `>=1.3.0` (the research's "any of the
 * chainId-domain releases") is 1.3.0, `1.1.1 (singleton …)` is 1.1.1, `1.3.0+L2` stays.
 */
function versionTextOf(v: unknown, where: string): string {
  const m = /^(?:>=)?(v?\d+\.\d+\.\d+(?:\+[0-9A-Za-z.-]+)?)(?: \(.+\))?$/.exec(str(v, where))
  if (!m) bad(where, 'expected a Safe version: X.Y.Z, optionally +L2, ">=" before or " (note)" after')
  return m[1]!
}

function releaseOf(text: string, where: string): SafeVersion {
  try {
    return parseVersion(text)
  } catch {
    bad(where, `"${text}" is not a Safe release`)
  }
}

const atLeast = (v: SafeVersion, floor: SafeVersion): boolean => isAtLeast(v, floor.major, floor.minor, floor.patch)

/** The releases airsign knows from `lo` to `hi` inclusive. */
function releasesBetween(lo: SafeVersion, hi: SafeVersion | undefined, below = false): string[] {
  return RELEASES.filter((r) => {
    const v = parseVersion(r)
    return atLeast(v, lo) && (hi === undefined || (below ? !atLeast(v, hi) : atLeast(hi, v)))
  })
}

function confirmationsOf(v: unknown, where: string): SafeConfirmation[] {
  if (v === undefined) return []
  if (!Array.isArray(v) || v.length === 0) bad(where, 'expected a non-empty list')
  return v.map((c, i) => {
    const w = `${where}[${i}]`
    if (!isObject(c)) bad(w, 'expected {owner, signature}')
    onlyKeys(c, CONFIRMATION_FIELDS, w)
    const signatureType = c.signatureType === undefined ? undefined : str(c.signatureType, `${w}.signatureType`)
    // Only ECDSA confirmations recover offline: APPROVED_HASH and CONTRACT_SIGNATURE need the chain.
    if (signatureType !== undefined && signatureType !== SERVICE_TYPES.eoa && signatureType !== SERVICE_TYPES.eth_sign) bad(`${w}.signatureType`, `expected ${SERVICE_TYPES.eoa} or ${SERVICE_TYPES.eth_sign}`)
    if (c.note !== undefined) str(c.note, `${w}.note`)
    return { owner: addressOf(c.owner, `${w}.owner`), signature: hexToBytes(hexOf(c.signature, `${w}.signature`, 65), 'signature'), signatureType }
  })
}

/** The domain an entry names: safe, chainId and version together, or none of them. */
function safeDomainOf(o: Record<string, unknown>, where: string): SafeEntryDomain | undefined {
  const given = ['safe', 'chainId', 'version'].filter((k) => o[k] !== undefined)
  if (given.length === 0) return undefined
  if (given.length !== 3) bad(where, 'safe, chainId and version go together')
  return { safe: addressOf(o.safe, `${where}.safe`), chainId: chainIdOf(o.chainId, `${where}.chainId`), version: versionTextOf(o.version, `${where}.version`) }
}

function domainAt(d: { safe: Uint8Array; chainId: bigint }, version: string): SafeDomain {
  return { safe: d.safe, chainId: d.chainId, version: parseVersion(version) }
}

/** Keep only the inputs of a kind, so that a stray one (a typo, a mixed-up entry) is a file error, not ignored. */
function onlyInputs(o: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of ['chainId', 'safe', 'version', 'tx', 'message', 'typedData', 'safeTxHash', 'confirmations']) {
    if (o[k] !== undefined && !allowed.includes(k)) bad(`${where}.${k}`, 'not an input of this kind of entry')
  }
}

function expectHashes(e: Record<string, unknown>, keys: readonly string[], required: readonly string[], where: string): Record<string, string> {
  onlyKeys(e, keys, where)
  for (const k of required) if (e[k] === undefined) bad(`${where}.${k}`, 'missing')
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, hexOf(v, `${where}.${k}`, 32)]))
}

function loadSafe(name: string, data: unknown[]): Case[] {
  const ids = new Set<string>()
  const entries: SafeEntry[] = data.map((c, i) => {
    const o = c as Record<string, unknown>
    const at = `${name}[${i}]`
    if (typeof o.id !== 'string' || o.id.trim() === '') bad(`${at}.id`, 'every entry has an id')
    if (ids.has(o.id)) bad(`${at}.id`, `"${o.id}" is used twice`)
    ids.add(o.id)
    const where = `${name}: ${o.id}`
    onlyKeys(o, SAFE_ENTRY_FIELDS, where)
    if (typeof o.source !== 'string' || o.source.trim() === '') bad(`${where} source`, 'every entry names where its expected values come from')
    if (!isObject(o.expect)) bad(`${where} expect`, 'expected an object')
    if (o.warnings !== undefined && !(Array.isArray(o.warnings) && o.warnings.every((w) => typeof w === 'string'))) bad(`${where} warnings`, 'expected a list of strings')
    if (o.tx !== undefined) {
      if (!isObject(o.tx)) bad(`${where} tx`, 'expected the ten SafeTx fields')
      onlyKeys(o.tx, SAFE_TX_FIELDS, `${where} tx`)
    }
    let nonce: bigint | undefined
    try {
      nonce = isObject(o.tx) ? parseQuantity(o.tx.nonce, 'nonce') : undefined
    } catch {
      nonce = undefined
    }
    return { id: o.id, where, raw: o, expect: o.expect, confirmations: confirmationsOf(o.confirmations, `${where} confirmations`), nonce }
  })
  return entries.map((e) => {
    const o = e.raw
    const inputs = ['tx', 'message', 'typedData', 'safeTxHash'].filter((k) => o[k] !== undefined)
    if (inputs.length !== 1) bad(e.where, 'expected one of tx, message, typedData, safeTxHash')
    if (o.safeTxHash !== undefined) return safeSignaturesCase(e)
    if (o.tx !== undefined && Object.keys(e.expect).some((k) => /^\d/.test(k))) return safeMatrixCase(e, entries)
    if (o.tx !== undefined) return safeTxCase(e, entries)
    return safeMessageCase(e)
  })
}

/**
 * Each confirmation must recover to its owner for `hash` (and say the kind its v says);
 * or, with `mustNot`, none may: a signature for another transaction must not count for this one.
 */
function checkConfirmations(hash: Uint8Array, list: readonly SafeConfirmation[], problems: string[], mustNot?: string): void {
  list.forEach((c, i) => {
    const r = recoverEcdsa(hash, c.signature)
    const who = address.toChecksum(c.owner)
    const counts = r.owner !== null && equalBytes(r.owner, c.owner)
    if (mustNot !== undefined) {
      if (counts) problems.push(`confirmation ${i + 1} of ${mustNot} (${who}) also recovers for this hash`)
      return
    }
    if (!counts) problems.push(`confirmation ${i + 1} (${who}): ${r.problem ?? `recovers to ${address.toChecksum(r.owner!)}`}`)
    if (c.signatureType !== undefined && c.signatureType !== SERVICE_TYPES[r.kind]) problems.push(`confirmation ${i + 1} (${who}): signatureType ${c.signatureType}, but its v makes it ${SERVICE_TYPES[r.kind]}`)
  })
}

function sameHashes(want: Record<string, string>, got: SafeHashes, hashName: 'safeTxHash' | 'safeMessageHash', problems: string[], prefix = ''): void {
  if (want.domainHash !== undefined) same(`${prefix}domainHash`, want.domainHash, bytesToHex(got.domainSeparator), problems)
  if (want.messageHash !== undefined) same(`${prefix}messageHash`, want.messageHash, bytesToHex(got.structHash), problems)
  if (want[hashName] !== undefined) same(`${prefix}${hashName}`, want[hashName], bytesToHex(got.hash), problems)
}

/**
 * A SafeTx: its three hashes, the hash a tool that always adds the chain id
 * would get (`wrongIfChainIdAdded`, hashed as 1.3.0: must differ), the
 * confirmations; and the confirmations of any other entry for the same Safe,
 * chain and nonce must not recover to their owners for this hash (Bybit: what
 * the owners were shown is not what they signed).
 */
function safeTxCase(e: SafeEntry, all: readonly SafeEntry[]): Case {
  const o = e.raw
  onlyInputs(o, ['safe', 'chainId', 'version', 'tx', 'confirmations'], e.where)
  const d = safeDomainOf(o, e.where)
  if (d === undefined) bad(e.where, 'a SafeTx entry needs safe, chainId and version')
  const want = expectHashes(e.expect, ['domainHash', 'messageHash', 'safeTxHash', 'wrongIfChainIdAdded'], ['safeTxHash'], `${e.where} expect`)
  // Other transactions of this Safe, chain and nonce that carry confirmations (only one of them can execute).
  const others = all.filter(
    (x) => x !== e && x.raw.tx !== undefined && x.raw.version !== undefined && x.confirmations.length > 0 && x.nonce !== undefined && x.nonce === e.nonce &&
      equalBytes(addressOf(x.raw.safe, `${x.where}.safe`), d.safe) && chainIdOf(x.raw.chainId, `${x.where}.chainId`) === d.chainId,
  )
  return makeCase(e.where, async () => {
    const problems: string[] = []
    const tx = parseSafeTxJson(o.tx).tx
    const h = safeTxHashes(domainAt(d, d.version), tx)
    sameHashes(want, h, 'safeTxHash', problems)
    if (want.wrongIfChainIdAdded !== undefined) {
      const wrong = bytesToHex(safeTxHashes(domainAt(d, '1.3.0'), tx).hash)
      same('wrongIfChainIdAdded (hashed as 1.3.0)', want.wrongIfChainIdAdded, wrong, problems)
      if (wrong === bytesToHex(h.hash)) problems.push('wrongIfChainIdAdded: the same as safeTxHash (this version already hashes the chain id)')
    }
    checkConfirmations(h.hash, e.confirmations, problems)
    for (const x of others) checkConfirmations(h.hash, x.confirmations, problems, x.id)
    return problems
  })
}

/**
 * A SafeMessage: of a text (its EIP-191 hash, `eip191Hash`) or of an EIP-712
 * document (its digest, `eip712Hash`); domainHash and messageHash are then the
 * SafeMessage's, and the confirmations sign safeMessageHash. A document without
 * a Safe: its own domain separator, struct hash and digest.
 */
function safeMessageCase(e: SafeEntry): Case {
  const o = e.raw
  onlyInputs(o, ['safe', 'chainId', 'version', 'message', 'typedData', 'confirmations'], e.where)
  const d = safeDomainOf(o, e.where)
  const text = o.message === undefined ? undefined : str(o.message, `${e.where} message`)
  if (text !== undefined && d === undefined) bad(e.where, 'a text message entry needs safe, chainId and version')
  if (o.typedData !== undefined && !isObject(o.typedData)) bad(`${e.where} typedData`, 'expected an EIP-712 document')
  if (e.confirmations.length > 0 && d === undefined) bad(`${e.where} confirmations`, 'confirmations sign a SafeMessage: name the Safe')
  const inner = text === undefined ? 'eip712Hash' : 'eip191Hash'
  const want = expectHashes(e.expect, [inner, 'domainHash', 'messageHash', ...(d ? ['safeMessageHash'] : [])], d ? ['safeMessageHash'] : [inner], `${e.where} expect`)
  return makeCase(e.where, async () => {
    const problems: string[] = []
    let message: Uint8Array
    if (text !== undefined) {
      message = personalHash(new TextEncoder().encode(text))
    } else {
      const h = td.hashTypedData(td.parseTypedData(o.typedData))
      message = h.digest
      if (d === undefined) {
        if (want.domainHash !== undefined) same('domainHash', want.domainHash, bytesToHex(h.domainSeparator), problems)
        if (want.messageHash !== undefined) same('messageHash', want.messageHash, h.structHash ? bytesToHex(h.structHash) : '(none: the primary type is EIP712Domain)', problems)
      }
    }
    if (want[inner] !== undefined) same(inner, want[inner], bytesToHex(message), problems)
    if (d !== undefined) {
      const s = safeMessageHashes(domainAt(d, d.version), message)
      sameHashes(want, s, 'safeMessageHash', problems)
      checkConfirmations(s.hash, e.confirmations, problems)
    }
    return problems
  })
}

/**
 * The version matrix: one SafeTx under every release, expect keyed by release
 * (`0.1.0`) or range (`1.0.0..1.2.0`: every release airsign knows in it); and
 * `safeMessage_inner_0x<prefix>`: the SafeMessage of the `eip712Hash` of the
 * entry whose hash starts so, keyed `<X` (releases with SafeMessage below X)
 * and `>=X` (X and later).
 */
function safeMatrixCase(e: SafeEntry, all: readonly SafeEntry[]): Case {
  const o = e.raw
  onlyInputs(o, ['safe', 'chainId', 'tx'], e.where)
  const d = { safe: addressOf(o.safe, `${e.where}.safe`), chainId: chainIdOf(o.chainId, `${e.where}.chainId`) }
  const txChecks: { releases: string[]; want: Record<string, string> }[] = []
  const messageChecks: { releases: string[]; message: Uint8Array; want: string; label: string }[] = []
  for (const [key, value] of Object.entries(e.expect)) {
    const w = `${e.where} expect.${key}`
    if (!isObject(value)) bad(w, 'expected an object')
    const range = /^(\d+\.\d+\.\d+)(?:\.\.(\d+\.\d+\.\d+))?$/.exec(key)
    const inner = /^safeMessage_inner_(0x[0-9a-f]+)$/.exec(key)
    if (range) {
      const releases = releasesBetween(releaseOf(range[1]!, w), releaseOf(range[2] ?? range[1]!, w))
      if (releases.length === 0 || (range[2] === undefined && releases[0] !== range[1])) bad(w, 'names no release')
      txChecks.push({ releases, want: expectHashes(value, ['domainHash', 'messageHash', 'safeTxHash'], ['safeTxHash'], w) })
    } else if (inner) {
      const from = all.filter((x) => typeof x.expect.eip712Hash === 'string' && x.expect.eip712Hash.toLowerCase().startsWith(inner[1]!))
      if (from.length !== 1) bad(w, `expected one entry whose eip712Hash starts with ${inner[1]}, found ${from.length}`)
      const message = hexToBytes(hexOf(from[0]!.expect.eip712Hash, `${from[0]!.where} expect.eip712Hash`, 32), 'eip712Hash')
      for (const [cmp, hash] of Object.entries(value)) {
        const c = /^(<|>=)(\d+\.\d+\.\d+)$/.exec(cmp)
        if (!c) bad(`${w}.${cmp}`, 'expected <X.Y.Z or >=X.Y.Z')
        const bound = releaseOf(c[2]!, `${w}.${cmp}`)
        const releases = c[1] === '<' ? releasesBetween(parseVersion(FIRST_SAFE_MESSAGE), bound, true) : releasesBetween(bound, undefined)
        if (releases.length === 0) bad(`${w}.${cmp}`, 'names no release with SafeMessage')
        messageChecks.push({ releases, message, want: hexOf(hash, `${w}.${cmp}`, 32), label: `${key} (${from[0]!.id}'s eip712Hash)` })
      }
    } else {
      bad(w, 'expected a release, a range X..Y or safeMessage_inner_0x…')
    }
  }
  return makeCase(e.where, async () => {
    const problems: string[] = []
    const tx = parseSafeTxJson(o.tx).tx
    for (const c of txChecks) for (const r of c.releases) sameHashes(c.want, safeTxHashes(domainAt(d, r), tx), 'safeTxHash', problems, `${r} `)
    for (const c of messageChecks) for (const r of c.releases) same(`${c.label} at ${r}`, c.want, bytesToHex(safeMessageHashes(domainAt(d, r), c.message).hash), problems)
    return problems
  })
}

/**
 * Safe signatures of a safeTxHash by the key the source names (`key = "<mnemonic>"
 * <path> = <address>`, empty passphrase): EIP-712 (v 27/28), eth_sign (v 31/32),
 * and the pre-validated signature of the key's address. Each ECDSA signature
 * must also recover to that address.
 */
function safeSignaturesCase(e: SafeEntry): Case {
  const o = e.raw
  onlyInputs(o, ['safeTxHash'], e.where)
  const hash = hexToBytes(hexOf(o.safeTxHash, `${e.where} safeTxHash`, 32), 'safeTxHash')
  const key = /key = "([^"]+)" (m\/[0-9'/]+) = (0x[0-9a-fA-F]{40})/.exec(o.source as string)
  if (!key) bad(`${e.where} source`, 'names no key: expected key = "<mnemonic>" <path> = <address>')
  const [, phrase, pathText, addressText] = key
  const path = (() => {
    try {
      return hd.parsePath(pathText!)
    } catch {
      bad(`${e.where} source`, `${pathText} is not a derivation path`)
    }
  })()
  const owner = addressOf(addressText, `${e.where} source address`)
  onlyKeys(e.expect, ['eip712', 'ethSign', 'approvedHash'], `${e.where} expect`)
  if (Object.keys(e.expect).length === 0) bad(`${e.where} expect`, 'expected eip712, ethSign or approvedHash')
  const want = Object.fromEntries(Object.entries(e.expect).map(([k, v]) => [k, hexOf(v, `${e.where} expect.${k}`, 65)]))
  return makeCase(e.where, async () => {
    const problems: string[] = []
    const seed = mnemonic.toSeed(await mnemonic.parse(phrase!), '')
    let k: { key: sign.PrivateKey; publicKey: Uint8Array }
    try {
      k = hd.keyAt(seed, path)
    } finally {
      wipe(seed)
    }
    try {
      const from = address.fromPublicKey(k.publicKey)
      same('address', address.toChecksum(owner), address.toChecksum(from), problems)
      for (const [field, kind] of [['eip712', 'eoa'], ['ethSign', 'eth_sign']] as const) {
        if (want[field] === undefined) continue
        const sig = signHash(hash, k.key, k.publicKey, kind)
        same(field, want[field], bytesToHex(sig), problems)
        const r = recoverEcdsa(hash, hexToBytes(want[field], field))
        if (r.kind !== kind || r.owner === null || !equalBytes(r.owner, from)) problems.push(`${field}: the expected signature does not recover to the key as ${kind}`)
      }
      if (want.approvedHash !== undefined) same('approvedHash', want.approvedHash, bytesToHex(approvedSignature(from)), problems)
    } finally {
      wipe(k.key)
    }
    return problems
  })
}

// ---------------------------------------------------------------- SLIP-39

/**
 * trezor/python-shamir-mnemonic vectors: a valid set must give the master secret and its
 * BIP-32 root xprv with passphrase TREZOR; an invalid one (empty secret and xprv) must be
 * refused with a SLIP39_* error (any other error, or a secret, fails the case).
 */
function loadSlip39(name: string, data: unknown[]): Case[] {
  return data.map((row, i) => {
    const r = row as unknown[]
    const where = `${name}: #${i + 1}`
    const description = str(r[0], `${where} description`)
    if ((r[1] as unknown[]).length === 0) bad(`${where} shares`, 'expected at least one share')
    const shares = (r[1] as unknown[]).map((s, j) => str(s, `${where} shares[${j}]`))
    const secret = str(r[2], `${where} master secret`) === '' ? undefined : hex(r[2], `${where} master secret`)
    const xprv = str(r[3], `${where} xprv`)
    if ((secret === undefined) !== (xprv === '')) bad(where, 'master secret and xprv must be both empty (an invalid set) or both given')
    return makeCase(`${name}: ${description}`, async () => {
      if (secret === undefined) {
        try {
          wipe(slip39.recoverMasterSecret(shares, TREZOR_PASSPHRASE))
        } catch (e) {
          if (e instanceof AirsignError && e.code.startsWith('SLIP39_')) return []
          throw e
        }
        return ['the invalid share set was accepted']
      }
      const problems: string[] = []
      const ms = slip39.recoverMasterSecret(shares, TREZOR_PASSPHRASE)
      try {
        if (!equalBytes(ms, secret)) problems.push('master secret differs from the vector')
        const root = hd.fromSeed(ms)
        if (hd.xprv(root) !== xprv) problems.push('root xprv differs from the vector')
        hd.wipe(root)
      } finally {
        wipe(ms)
      }
      return problems
    })
  })
}
