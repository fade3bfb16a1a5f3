/**
 * Differential test of every transaction type (issue 3) against ethers v6 and
 * viem, two independent implementations: for 300+ seeded cases per type the
 * unsigned serialization, the signed raw transaction and its hash must be
 * byte-identical; airsign's decoder reads each signed transaction back to the
 * sender and the hash ethers computes (what `inspect` reports). EIP-7702
 * authorizations are signed by the oracles with random keys; airsign's own
 * authorization signer is compared with both. EIP-4844 transactions are
 * compared in their canonical form (what is signed; the network wrapper is
 * tested in cli/transactions.test.ts), with 1 to 9 versioned hashes.
 *
 * Oracle limits: ethers and viem keep nonces and chain ids of authorizations
 * as JS numbers in places, so nonces stay below 2^53 here (the legacy
 * differential in differential.test.ts covers nonces to 2^64-2).
 *
 * Seeded: AIRSIGN_DIFF_SEED replays another run; a failure names seed and case.
 * @module
 */
import { describe, expect, test } from 'vitest'
import { hashAuthorization, SigningKey, Transaction, Wallet, type TransactionLike } from 'ethers'
import { privateKeyToAccount } from 'viem/accounts'
import { serializeTransaction, type TransactionSerializable } from 'viem'
import { bytesToHex, hexToBytes } from './bytes.js'
import * as address from './address.js'
import * as tx from './tx.js'
import { authorizationHash, encodeAuthorization, signAuthorization } from './authorization.js'
import { asPrivateKey, getPublicKey } from './sign.js'
import { runCli, warningJsonLines, warningLines } from './test/cli.js'
import { reviewTransaction } from './clear/review.js'
import { RISKS } from './clear/codes.js'
import { prng, seed, testKey as key, type Rng } from './test/prng.js'

const SEED = seed(0x7e57edn)
const PER_TYPE = 300
const U256 = (1n << 256n) - 1n
const SAFE = BigInt(Number.MAX_SAFE_INTEGER)

const hex = (b: Uint8Array): `0x${string}` => bytesToHex(b)
const edge = (r: Rng, max: bigint): bigint => r.pick([0n, 1n, max, max - 1n, r.big(max), r.big(max >> 128n), r.big(1n << 40n)])


/** A versioned hash as EIP-4844 writes it: 0x01 and 31 bytes (of a commitment's sha256). */
const versionedHash = (r: Rng): `0x${string}` => hex(Uint8Array.of(1, ...r.bytes(31)))

/** A case: the transaction in ethers' terms, plus the authorizations signed by ethers. */
function makeCase(r: Rng, type: 0 | 1 | 2 | 3 | 4): TransactionLike & { type: number } {
  const chainId = r.pick([1n, 10n, 137n, 8453n, 11155111n, 2n ** 32n + 1n, SAFE, 1n + r.big(SAFE - 1n)])
  const t: TransactionLike & { type: number } = {
    type,
    chainId,
    nonce: Number(r.pick([0n, 1n, SAFE, r.big(1n << 32n), r.big(SAFE)])),
    gasLimit: r.pick([21000n, (1n << 64n) - 1n, r.big((1n << 64n) - 1n), r.big(1n << 24n)]),
    to: type !== 3 && type !== 4 && r.int(5) === 0 ? null : address.toChecksum(r.bytes(20)),
    value: edge(r, U256),
    data: hex(r.pick([new Uint8Array(0), r.bytes(1 + r.int(100)), r.bytes(4096)])),
  }
  if (type === 0 || type === 1) t.gasPrice = edge(r, U256)
  else {
    const maxFee = edge(r, U256)
    t.maxFeePerGas = maxFee
    t.maxPriorityFeePerGas = r.pick([0n, maxFee, r.big(maxFee)])
  }
  if (type !== 0) {
    const many = r.int(6) === 0
    t.accessList = Array.from({ length: many ? 20 + r.int(30) : r.int(4) }, () => ({
      address: address.toChecksum(r.bytes(20)),
      storageKeys: Array.from({ length: many ? r.int(20) : r.int(3) }, () => hex(r.bytes(32))),
    }))
  }
  if (type === 3) {
    t.maxFeePerBlobGas = edge(r, U256)
    t.blobVersionedHashes = Array.from({ length: 1 + r.int(r.int(3) === 0 ? 9 : 3) }, () => versionedHash(r))
  }
  if (type === 4) {
    t.authorizationList = Array.from({ length: 1 + r.int(r.int(4) === 0 ? 12 : 3) }, () => {
      const w = new Wallet(hex(key(r)))
      const a = w.authorizeSync({ address: address.toChecksum(r.bytes(20)), nonce: r.big(SAFE), chainId: r.pick([0n, chainId, r.big((1n << 64n) - 1n)]) })
      return a
    })
  }
  return t
}

/** The same transaction as viem's serializable object. */
function toViem(t: TransactionLike & { type: number }): TransactionSerializable {
  const base = { chainId: Number(t.chainId), nonce: Number(t.nonce), gas: BigInt(t.gasLimit!), value: BigInt(t.value!), data: t.data as `0x${string}`, ...(t.to ? { to: t.to as `0x${string}` } : {}) }
  const accessList = (t.accessList as { address: `0x${string}`; storageKeys: `0x${string}`[] }[] | undefined) ?? []
  switch (t.type) {
    case 0: return { type: 'legacy', ...base, gasPrice: BigInt(t.gasPrice!) }
    case 1: return { type: 'eip2930', ...base, gasPrice: BigInt(t.gasPrice!), accessList }
    case 2: return { type: 'eip1559', ...base, maxFeePerGas: BigInt(t.maxFeePerGas!), maxPriorityFeePerGas: BigInt(t.maxPriorityFeePerGas!), accessList }
    case 3:
      return {
        type: 'eip4844',
        ...base,
        to: t.to as `0x${string}`,
        maxFeePerGas: BigInt(t.maxFeePerGas!),
        maxPriorityFeePerGas: BigInt(t.maxPriorityFeePerGas!),
        accessList,
        maxFeePerBlobGas: BigInt(t.maxFeePerBlobGas!),
        blobVersionedHashes: t.blobVersionedHashes as `0x${string}`[],
      }
    default:
      return {
        type: 'eip7702',
        ...base,
        maxFeePerGas: BigInt(t.maxFeePerGas!),
        maxPriorityFeePerGas: BigInt(t.maxPriorityFeePerGas!),
        accessList,
        authorizationList: t.authorizationList!.map((a) => ({
          address: a.address as `0x${string}`,
          chainId: Number(a.chainId), // viem keeps it as a number: chain ids above 2^53 are compared with ethers only
          nonce: Number(a.nonce),
          r: a.signature.r as `0x${string}`,
          s: a.signature.s as `0x${string}`,
          yParity: a.signature.yParity,
        })),
      }
  }
}

/** The same transaction as airsign's JSON input (viem-style names for half the cases, ethers-style for the rest). */
function toJson(t: TransactionLike & { type: number }, viemStyle: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = {
    type: viemStyle ? ['legacy', 'eip2930', 'eip1559', 'eip4844', 'eip7702'][t.type] : t.type,
    chainId: '0x' + BigInt(t.chainId!).toString(16),
    nonce: t.nonce,
    [viemStyle ? 'gas' : 'gasLimit']: BigInt(t.gasLimit!).toString(),
    to: t.to ?? null,
    value: BigInt(t.value!).toString(),
    [viemStyle ? 'input' : 'data']: t.data,
  }
  if (t.gasPrice != null) o.gasPrice = BigInt(t.gasPrice).toString()
  if (t.maxFeePerGas != null) {
    o.maxFeePerGas = '0x' + BigInt(t.maxFeePerGas).toString(16)
    o.maxPriorityFeePerGas = BigInt(t.maxPriorityFeePerGas!).toString()
  }
  if (t.accessList) o.accessList = t.accessList
  if (t.maxFeePerBlobGas != null) {
    o.maxFeePerBlobGas = viemStyle ? '0x' + BigInt(t.maxFeePerBlobGas).toString(16) : BigInt(t.maxFeePerBlobGas).toString()
    o.blobVersionedHashes = t.blobVersionedHashes
  }
  if (t.authorizationList) {
    o.authorizationList = t.authorizationList.map((a) =>
      viemStyle
        ? { address: a.address, chainId: a.chainId.toString(), nonce: a.nonce.toString(), r: a.signature.r, s: a.signature.s, yParity: a.signature.yParity }
        : { address: a.address, chainId: a.chainId.toString(), nonce: a.nonce.toString(), signature: { r: a.signature.r, s: a.signature.s, yParity: a.signature.yParity } },
    )
  }
  return o
}

describe(`every transaction type vs ethers v6 and viem, ${PER_TYPE} seeded cases each (seed ${SEED})`, () => {
  for (const type of [0, 1, 2, 3, 4] as const) {
    test(`type ${type}: unsigned form, signed raw and hash byte-identical; decodeSigned recovers the sender`, async () => {
      const r = prng(SEED + BigInt(type))
      const seen = { creation: 0, manyKeys: 0, bigChain: 0, data4k: 0, maxValue: 0, auth0: 0, blobs1: 0, blobs6: 0, maxBlobFee: 0 }
      for (let i = 0; i < PER_TYPE; i++) {
        const where = `seed ${SEED}, type ${type}, case ${i}`
        const t = makeCase(r, type)
        const k = key(r)
        const priv = asPrivateKey(Uint8Array.from(k))
        const pub = getPublicKey(priv)
        const from = address.toChecksum(address.fromPublicKey(pub))

        // ethers: unsigned form and signature
        const etx = Transaction.from(t)
        const unsignedHex = etx.unsignedSerialized
        etx.signature = new SigningKey(hex(k)).sign(etx.unsignedHash)

        // airsign from the raw unsigned form and from JSON: the same transaction
        const fromRaw = tx.resolveChainId(tx.decodeUnsigned(hexToBytes(unsignedHex, 'tx')), undefined, false)
        const fromJson = tx.resolveChainId(tx.fromJson(toJson(t, i % 2 === 0)).tx, undefined, false)
        expect(hex(tx.signingPayload(fromRaw)), where).toBe(unsignedHex)
        expect(hex(tx.signingPayload(fromJson)), where).toBe(unsignedHex)
        const signed = tx.sign(fromJson, priv, pub)
        expect(hex(signed.raw), where).toBe(etx.serialized)
        expect(hex(signed.hash), where).toBe(etx.hash)
        expect(signed.tx.type, where).toBe(type)

        // viem signs the same bytes
        const viemTx = toViem(t)
        const viemOk = type !== 4 || t.authorizationList!.every((a) => BigInt(a.chainId) <= SAFE && BigInt(a.nonce) <= SAFE)
        if (viemOk) {
          expect(serializeTransaction(viemTx), where).toBe(unsignedHex)
          expect(await privateKeyToAccount(hex(k)).signTransaction(viemTx), where).toBe(etx.serialized)
        }

        // decoding the signed bytes (what inspect does): sender, hash, fields
        const back = tx.decodeSigned(signed.raw)
        expect(address.toChecksum(back.from), where).toBe(from)
        expect(hex(back.hash), where).toBe(Transaction.from(etx.serialized).hash)
        expect(hex(tx.signingPayload(back.tx)), where).toBe(unsignedHex)
        expect(Transaction.from(hex(signed.raw)).from, where).toBe(from)

        if (t.to === null) seen.creation++
        if (((t.accessList as unknown[] | undefined)?.length ?? 0) >= 20) seen.manyKeys++
        if (BigInt(t.chainId!) > 2n ** 32n) seen.bigChain++
        if ((t.data as string).length === 2 + 8192) seen.data4k++
        if (t.value === U256) seen.maxValue++
        if (t.authorizationList?.some((a) => a.chainId === 0n)) seen.auth0++
        if (t.blobVersionedHashes?.length === 1) seen.blobs1++
        if ((t.blobVersionedHashes?.length ?? 0) >= 6) seen.blobs6++
        if (t.maxFeePerBlobGas === U256) seen.maxBlobFee++
      }
      // the generator reached what the issue names
      if (type !== 3 && type !== 4) expect(seen.creation).toBeGreaterThan(20)
      if (type === 3) expect([seen.blobs1, seen.blobs6, seen.maxBlobFee].every((n) => n > 10), JSON.stringify(seen)).toBe(true)
      if (type !== 0) expect(seen.manyKeys).toBeGreaterThan(10)
      if (type === 4) expect(seen.auth0).toBeGreaterThan(10)
      expect(seen.bigChain).toBeGreaterThan(30)
      expect(seen.data4k).toBeGreaterThan(30)
      expect(seen.maxValue).toBeGreaterThan(10)
    }, 60_000)
  }

  test('EIP-7702 authorizations: airsign signs the tuples ethers and viem sign; hash and RLP agree', async () => {
    const r = prng(SEED ^ 0x7702n)
    for (let i = 0; i < 100; i++) {
      const where = `seed ${SEED}, authorization ${i}`
      const k = key(r)
      const chainId = r.pick([0n, 1n, SAFE, r.big(SAFE)])
      const nonce = r.pick([0n, SAFE, r.big(1n << 32n)])
      const delegate = r.bytes(20)
      const ours = signAuthorization(chainId, delegate, nonce, asPrivateKey(Uint8Array.from(k)))
      const e = new Wallet(hex(k)).authorizeSync({ address: address.toChecksum(delegate), nonce, chainId })
      expect(hex(authorizationHash(chainId, delegate, nonce)), where).toBe(hashAuthorization({ address: address.toChecksum(delegate), nonce, chainId }))
      expect([ours.yParity, ours.r, ours.s], where).toEqual([e.signature.yParity, BigInt(e.signature.r), BigInt(e.signature.s)])
      const v = await privateKeyToAccount(hex(k)).signAuthorization({ address: address.toChecksum(delegate), chainId: Number(chainId), nonce: Number(nonce) })
      expect(ours.yParity, where).toBe(v.yParity)
      expect(BigInt(v.r), where).toBe(ours.r)
      expect(BigInt(v.s), where).toBe(ours.s)
      // the tuple as a type-4 transaction holds it: ethers' serialization of a one-authorization list contains it
      const etx = Transaction.from({ type: 4, chainId: 1, nonce: 0, gasLimit: 1, maxFeePerGas: 1, maxPriorityFeePerGas: 1, to: address.toChecksum(delegate), authorizationList: [e] })
      expect(etx.unsignedSerialized.includes(hex(encodeAuthorization(ours)).slice(2)), where).toBe(true)
    }
  })
})

describe('through the built CLI', () => {
  const M = 'test test test test test test test test test test test junk'
  const wallet = Wallet.fromPhrase(M)

  test('sign (raw and JSON) and inspect, each type: what ethers signs and reads', async () => {
    const r = prng(SEED ^ 0xc11n)
    for (const type of [0, 1, 2, 3, 4] as const) {
      for (let i = 0; i < 3; i++) {
        const where = `seed ${SEED}, CLI type ${type} case ${i}`
        const t = makeCase(r, type)
        const expected = await wallet.signTransaction(t)
        // Random calldata and delegates are blind or unknown (and may be refused): accept every code, expect exactly the review's warnings.
        const accept = ['--accept', Object.keys(RISKS).join(',')]
        const unsigned = tx.decodeUnsigned(hexToBytes(Transaction.from(t).unsignedSerialized, 'tx'))
        const warnings = reviewTransaction(unsigned, null, { render: null, abi: [] }, { chainId: unsigned.chainId, now: 0n, trustedDelegates: () => null }).warnings
        // A gas limit above EIP-7825's cap (2^24) is signed with a warning after the review's.
        const cap = BigInt(t.gasLimit!) > 1n << 24n ? `airsign: warning: gas limit ${BigInt(t.gasLimit!)} is above 2^24 (16777216), the per-transaction cap of EIP-7825 (Osaka): no network that runs Osaka includes it\n` : ''
        const stderr = warningLines(warnings) + cap
        const viaRaw = await runCli(['sign', '--tx', Transaction.from(t).unsignedSerialized, ...accept], { env: { AIRSIGN_MNEMONIC: M } })
        expect(viaRaw, where).toEqual({ code: 0, stdout: expected + '\n', stderr })
        const viaJson = await runCli(['sign', '--json', ...accept], { env: { AIRSIGN_MNEMONIC: M }, stdin: JSON.stringify(toJson(t, i === 1)) })
        const etx = Transaction.from(expected)
        expect({ ...viaJson, stdout: JSON.parse(viaJson.stdout) }, where).toEqual({
          code: 0,
          stderr: warningJsonLines(warnings) + cap,
          stdout: { raw: expected, hash: etx.hash, from: wallet.address, type, chainId: BigInt(t.chainId!).toString(), nonce: String(t.nonce) },
        })
        const ins = await runCli(['inspect'], { stdin: expected + '\n' })
        expect(ins.code, where).toBe(0)
        const o = JSON.parse(ins.stdout)
        expect([o.signed, o.from, o.hash, o.type, o.signingHash, o.raw], where).toEqual([true, wallet.address, etx.hash, type, etx.unsignedHash, expected])
      }
    }
  }, 60_000)
})
