/**
 * Differential tests of message signing (issue 4) against ethers v6 and
 * @metamask/eth-sig-util (the encoder MetaMask uses): 300 seeded EIP-191
 * messages and 300 seeded EIP-712 documents with nested structs and arrays
 * give byte-identical digests and signatures; every signature verifies, and a
 * one-bit change does not. A handful go through the built CLI.
 *
 * Seeded: AIRSIGN_DIFF_SEED replays another run; a failure names seed and case.
 * @module
 */
import { describe, expect, test } from 'vitest'
import { getBytes, SigningKey, TypedDataEncoder, Wallet, hashMessage, verifyMessage, verifyTypedData } from 'ethers'
import { personalSign, signTypedData, SignTypedDataVersion, TypedDataUtils } from '@metamask/eth-sig-util'
import { bytesToHex } from './bytes.js'
import * as address from './address.js'
import { parseSignature, personalHash, recoverAddress, toBytes65 } from './message.js'
import { hashTypedData, parseTypedData } from './typed-data.js'
import { asDigest, asPrivateKey, getPublicKey, signDigest } from './sign.js'
import { runCli, TEST_ADDRESS_0, TEST_MNEMONIC, warningLines } from './test/cli.js'
import { typedDataWarnings } from './clear/risk.js'
import { RISKS } from './clear/codes.js'
import { prng, seed, testKey as key, type Rng } from './test/prng.js'
import { document as typedDocument, text } from './test/typed-gen.js'

const SEED = seed(0x5161n)
const N = 300


/** EIP-191 messages of every kind the issue names. */
function message(r: Rng, i: number): Uint8Array {
  switch (i % 8) {
    case 0: return new Uint8Array(0)
    case 1: return r.bytes(1 + r.int(200)) // binary
    case 2: return Uint8Array.from([0xff, 0xfe, 0xc3, 0x28, ...r.bytes(r.int(20))]) // invalid UTF-8
    case 3: return new TextEncoder().encode(text(r, 1 + r.int(50))) // multi-byte UTF-8
    case 4: return new TextEncoder().encode('0x' + bytesToHex(r.bytes(1 + r.int(20))).slice(2)) // 0x-prefixed text
    case 5: return new TextEncoder().encode(String(r.big(10n ** 30n))) // digits
    case 6: return new TextEncoder().encode('line\n' + text(r, 5) + '\n') // trailing newline
    default: return i % 40 === 7 ? r.bytes(100 * 1024) : r.bytes(r.int(1000)) // 100 KB now and then
  }
}


/** A document: T0 the single root, each other struct referenced by an earlier one; random domain subset. */
const document = (r: Rng) => typedDocument(r, { minStructs: 1, extraStructs: 4, maxFields: 6, arrayOneIn: 4, arrayLinks: false, keepDomainField: (r) => r.int(2) === 0 })

describe(`EIP-191 personal_sign vs ethers v6 and eth-sig-util, ${N} seeded messages (seed ${SEED})`, () => {
  test('digest and signature byte-identical; each verifies; a one-bit change does not', () => {
    const r = prng(SEED)
    for (let i = 0; i < N; i++) {
      const where = `seed ${SEED}, message ${i}`
      const k = key(r)
      const priv = asPrivateKey(Uint8Array.from(k))
      const from = address.fromPublicKey(getPublicKey(priv))
      const msg = message(r, i)
      const digest = personalHash(msg)
      expect(bytesToHex(digest), where).toBe(hashMessage(msg))
      const sig = bytesToHex(toBytes65(signDigest(digest, priv)))
      expect(sig, where).toBe(new Wallet(bytesToHex(k)).signMessageSync(msg))
      expect(sig, where).toBe(personalSign({ privateKey: Buffer.from(k), data: Buffer.from(msg) }))
      expect(recoverAddress(digest, parseSignature(getBytes(sig))), where).toEqual(from)
      expect(verifyMessage(msg, sig), where).toBe(address.toChecksum(from))
      const flipped = Uint8Array.from(msg.length ? msg : [0])
      flipped[r.int(flipped.length)]! ^= 1 << r.int(8)
      expect(address.toChecksum(recoverAddress(personalHash(flipped), parseSignature(getBytes(sig)))), where).not.toBe(address.toChecksum(from))
    }
  })
})

describe(`EIP-712 vs ethers v6 and eth-sig-util V4, ${N} seeded documents (seed ${SEED})`, () => {
  test('domain separator, digest and signature byte-identical; each verifies; a one-bit change does not', () => {
    const r = prng(SEED ^ 0x712n)
    let nestedArrays = 0
    let structArrays = 0
    for (let i = 0; i < N; i++) {
      const where = `seed ${SEED}, document ${i}`
      const doc = document(r)
      const json = JSON.parse(JSON.stringify(doc))
      const k = key(r)
      const priv = asPrivateKey(Uint8Array.from(k))
      const h = hashTypedData(parseTypedData(json))
      const { EIP712Domain: _d, ...types } = doc.types
      expect(bytesToHex(h.domainSeparator), where).toBe(TypedDataEncoder.hashDomain(doc.domain))
      expect(bytesToHex(h.digest), where).toBe(TypedDataEncoder.hash(doc.domain, types, doc.message))
      expect(bytesToHex(h.digest), where).toBe(bytesToHex(TypedDataUtils.eip712Hash(json, SignTypedDataVersion.V4)))
      const sig = bytesToHex(toBytes65(signDigest(asDigest(h.digest), priv)))
      expect(sig, where).toBe(signTypedData({ privateKey: Buffer.from(k), data: json, version: SignTypedDataVersion.V4 }))
      expect(sig, where).toBe(new SigningKey(bytesToHex(k)).sign(h.digest).serialized)
      const from = address.toChecksum(address.fromPublicKey(getPublicKey(priv)))
      expect(verifyTypedData(doc.domain, types, doc.message, sig), where).toBe(from)
      const flipped = Uint8Array.from(h.digest)
      flipped[r.int(32)]! ^= 1 << r.int(8)
      expect(address.toChecksum(recoverAddress(asDigest(flipped), parseSignature(getBytes(sig)))), where).not.toBe(from)
      const all = Object.values(doc.types).flat().map((f) => f.type)
      if (all.some((t) => /\]\[/.test(t) || /\[\d*\]\[/.test(t))) nestedArrays++
      if (all.some((t) => /^T\d\[/.test(t))) structArrays++
    }
    expect(nestedArrays).toBeGreaterThan(20)
    expect(structArrays).toBeGreaterThan(20)
  })
})

describe('through the built CLI', () => {
  const wallet = Wallet.fromPhrase(TEST_MNEMONIC)
  const ENV = { AIRSIGN_MNEMONIC: TEST_MNEMONIC }
  test('sign-message of raw stdin bytes and verify: what ethers signs; a changed byte fails with exit 1', async () => {
    const r = prng(SEED ^ 0xc11n)
    for (let i = 0; i < 8; i++) {
      const where = `seed ${SEED}, CLI message ${i}`
      const msg = message(r, i)
      const expected = wallet.signMessageSync(msg)
      const s = await runCli(['sign-message'], { env: ENV, stdin: msg })
      expect(s, where).toEqual({ code: 0, stdout: expected + '\n', stderr: '' })
      const v = await runCli(['verify', '--address', TEST_ADDRESS_0, '--signature', expected], { stdin: msg })
      expect(v, where).toEqual({ code: 0, stdout: TEST_ADDRESS_0 + '\n', stderr: '' })
      const changed = Uint8Array.from([...msg, 0x0a])
      const bad = await runCli(['verify', '--address', TEST_ADDRESS_0, '--signature', expected], { stdin: changed })
      expect(bad.code, where).toBe(1)
    }
  }, 30_000)

  test('sign-typed-data and verify --typed-data: what eth-sig-util signs', async () => {
    const r = prng(SEED ^ 0xc12n)
    for (let i = 0; i < 4; i++) {
      const json = JSON.parse(JSON.stringify(document(r)))
      const expected = signTypedData({ privateKey: Buffer.from(getBytes(wallet.privateKey)), data: json, version: SignTypedDataVersion.V4 })
      // Random domains may lack a chain id (a warning): expect exactly the review's warnings.
      const stderr = warningLines(typedDataWarnings(parseTypedData(json), { chainId: null, now: 0n, trustedDelegates: () => null }))
      expect(await runCli(['sign-typed-data', '--accept', Object.keys(RISKS).join(',')], { env: ENV, stdin: JSON.stringify(json) })).toEqual({ code: 0, stdout: expected + '\n', stderr })
      expect(await runCli(['verify', '--address', TEST_ADDRESS_0, '--signature', expected, '--typed-data', '-'], { stdin: JSON.stringify(json) })).toEqual({ code: 0, stdout: TEST_ADDRESS_0 + '\n', stderr: '' })
    }
  }, 30_000)
})
