/**
 * airsign's own vector format (kind `airsign`, test-vectors/airsign/), like
 * ethereum/tests: an object keyed by case name, each `{_info: {source},
 * input: {…}, expect: {…} | {error: CODE}}`; each case runs the pipeline of
 * `airsign address` or `airsign sign` on its inputs (see test-vectors/README.md).
 * @module
 */
import { AirsignError, EXIT, type ErrorCode } from '../errors.js'
import { bytesToHex, equalBytes, hexToBytes, parseQuantity, wipe } from '../bytes.js'
import * as address from '../address.js'
import * as hd from '../hd.js'
import * as mnemonic from '../mnemonic.js'
import * as sign from '../sign.js'
import * as txm from '../tx.js'
import { bad, hex, isObject, makeCase, onlyKeys, same, str, type Case } from './check.js'
const INPUT_FIELDS = ['mnemonic', 'passphrase', 'path', 'privateKey', 'tx', 'chainId'] as const
const EXPECT_FIELDS = ['address', 'raw', 'hash', 'error'] as const

type AirsignInput = {
  key: { mnemonic: string; passphrase: string; path: string } | { privateKey: Uint8Array }
  tx: unknown
  chainId: string | undefined
}
type AirsignExpect = { error: ErrorCode } | { address: string } | { raw: string; hash: string | undefined }

export function loadAirsign(name: string, data: Record<string, unknown>): Case[] {
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
