/**
 * Differential tests of the Safe multisig core (src/safe/) against
 * @safe-global/protocol-kit 8.0.7 (the Safe{Core} SDK, whose offline hashing,
 * signature-building and MultiSend functions Safe{Wallet} uses) and ethers v6's
 * TypedDataEncoder: seeded SafeTx and SafeMessage hashes for every version,
 * the `signatures` bytes of random mixes of the four signature kinds, eth_sign
 * / EIP-712 owner signatures, and MultiSend batches must be byte-identical.
 *
 * Oracle limits (protocol-kit bugs, so those cases go to ethers alone, with the
 * types written out here):
 * - Safe 0.1.0: protocol-kit hashes SafeTx with `baseGas`; 0.1.0's type says `dataGas`.
 * - `calculateSafeMessageHash` and `preimageSafeTransactionHash` always put
 *   chainId in the domain, wrong before 1.3.0.
 *
 * Seeded: AIRSIGN_DIFF_SEED replays another run; a failure names seed and case.
 * @module
 */
import { describe, expect, test } from 'vitest'
import { getBytes, hashMessage, Interface, SigningKey, TypedDataEncoder, Wallet, type TypedDataField } from 'ethers'
import {
  adjustVInSignature,
  buildSignatureBytes,
  calculateSafeMessageHash,
  calculateSafeTransactionHash,
  decodeMultiSendData,
  encodeMultiSendData,
  EthSafeSignature,
  generatePreValidatedSignature,
  generateTypedData,
  getEip712MessageTypes,
  getEip712TxTypes,
  hashSafeMessage,
  preimageSafeTransactionHash,
} from '@safe-global/protocol-kit'
import { bytesToBigint, bytesToHex, concatBytes, hexToBytes } from '../bytes.js'
import * as address from '../address.js'
import { asPrivateKey, getPublicKey } from '../sign.js'
import { prng, seed, testKey as key, type Rng } from '../test/prng.js'
import { safeTxFields } from '../test/calls.js'
import { safeMessageHashes, safeMessageTypedData, safeTxHashes, safeTxTypedData, type SafeDomain, type SafeTx } from './hash.js'
import { encodeSignatures, parseSignatures, recoverEcdsa, signHash, type OwnerSignature } from './signature.js'
import { decodeEntries, encodeEntries } from './multisend.js'
import { parseVersion } from './version.js'

const SEED = seed(0x5afe_d1ffn)
const TX_PER_VERSION = 80 // × 7 versions = 560
const TX_010 = 60
const MSG_PER_VERSION = 40 // × 4 versions ≥ 1.3.0 = 160, × 3 older = 120
const SIG_MIXES = 240
const SIGN_HASHES = 100
const BATCHES = 120

const U256 = (1n << 256n) - 1n
const MAX_DATA = 10_240
const VERSIONS = ['1.0.0', '1.1.1', '1.2.0', '1.3.0', '1.3.0+L2', '1.4.1', '1.5.0'] as const
const CHAINS = [1n, 10n, 100n, 137n, 8453n, 42161n, 11155111n, 2n ** 53n - 1n, 2n ** 64n - 1n, U256] as const

const hex = (b: Uint8Array): `0x${string}` => bytesToHex(b)
const lower = (s: string): string => s.toLowerCase()
const checksum = (a: Uint8Array): string => address.toChecksum(a)
/** 0, 1, 2^256-1, 2^255, or random (full width, 64-bit, small). */
const edge = (r: Rng): bigint => r.pick([0n, 1n, U256, 1n << 255n, r.big(U256), r.u64(), r.big(1000n)])
/** An address: random most of the time, the zero address and 0xff…ff now and then. */
const addr = (r: Rng): Uint8Array => r.pick([() => new Uint8Array(20), () => new Uint8Array(20).fill(0xff), () => r.bytes(20), () => r.bytes(20), () => r.bytes(20)])()
/** Call data: empty, exactly 10 KB, a selector and words, small, or any size up to 10 KB. */
const data = (r: Rng): Uint8Array => r.pick([() => new Uint8Array(0), () => r.bytes(MAX_DATA), () => r.bytes(4 + 32 * r.int(8)), () => r.bytes(1 + r.int(64)), () => r.bytes(r.int(MAX_DATA + 1))])()

function safeTx(r: Rng): SafeTx {
  return {
    to: addr(r),
    value: edge(r),
    data: data(r),
    operation: r.int(2) as 0 | 1,
    safeTxGas: edge(r),
    baseGas: edge(r),
    gasPrice: edge(r),
    gasToken: addr(r),
    refundReceiver: addr(r),
    nonce: edge(r),
  }
}

/** The SafeTx type, written out here (ethers' side): `dataGas` for 0.1.0. */
const safeTxTypes = (sixth: 'baseGas' | 'dataGas'): Record<string, TypedDataField[]> => ({
  SafeTx: safeTxFields(sixth),
})
const MESSAGE_TYPES: Record<string, TypedDataField[]> = { SafeMessage: [{ name: 'message', type: 'bytes' }] }

/** The SafeTx as ethers / protocol-kit take it (bigints, checksummed addresses, hex data). */
function txValue(tx: SafeTx, sixth: 'baseGas' | 'dataGas' = 'baseGas') {
  return {
    to: checksum(tx.to),
    value: tx.value,
    data: hex(tx.data),
    operation: tx.operation,
    safeTxGas: tx.safeTxGas,
    [sixth]: tx.baseGas,
    gasPrice: tx.gasPrice,
    gasToken: checksum(tx.gasToken),
    refundReceiver: checksum(tx.refundReceiver),
    nonce: tx.nonce,
  }
}

/** The domain ethers hashes: chainId only from 1.3.0 (written out here, not taken from airsign). */
const ethersDomain = (safe: Uint8Array, chainId: bigint, withChainId: boolean) => (withChainId ? { chainId, verifyingContract: checksum(safe) } : { verifyingContract: checksum(safe) })
const WITH_CHAIN_ID = new Set(['1.3.0', '1.3.0+L2', '1.4.1', '1.5.0'])

type PkTx = Parameters<typeof calculateSafeTransactionHash>[1]
type PkVersion = Parameters<typeof getEip712TxTypes>[0]

describe(`SafeTx hashes vs protocol-kit 8.0.7 and ethers v6, ${TX_PER_VERSION} seeded cases per version (seed ${SEED})`, () => {
  for (const [vi, text] of VERSIONS.entries()) {
    test(`${text}: safeTxHash, domain separator, struct hash, preimage and the EIP-712 document agree`, () => {
      const r = prng(SEED + BigInt(vi))
      const v = parseVersion(text)
      const withChainId = WITH_CHAIN_ID.has(text)
      const seen = { empty: 0, max: 0, delegate: 0, maxValue: 0, top: 0, bigChain: 0, nullChain: 0 }
      // protocol-kit's SafeTx type for the version (≥ 1.0.0: baseGas), compared with airsign's document
      const pkTypes = getEip712TxTypes(text as PkVersion)
      for (let i = 0; i < TX_PER_VERSION; i++) {
        const where = `seed ${SEED}, ${text}, case ${i}`
        const safe = addr(r)
        const chainId = i === 0 ? 1n : r.int(3) === 0 ? r.big(U256) : r.pick(CHAINS)
        // before 1.3.0 the chain is not hashed: airsign may be given none
        const nullChain = !withChainId && r.int(2) === 0
        const domain: SafeDomain = { safe, chainId: nullChain ? null : chainId, version: v }
        const tx = safeTx(r)

        const a = safeTxHashes(domain, tx)
        const pk = calculateSafeTransactionHash(checksum(safe), txValue(tx) as unknown as PkTx, text, chainId)
        const eDomain = ethersDomain(safe, chainId, withChainId)
        const types = safeTxTypes('baseGas')
        const value = txValue(tx)
        expect(hex(a.hash), where).toBe(pk)
        expect(hex(a.hash), where).toBe(TypedDataEncoder.hash(eDomain, types, value))
        expect(hex(a.domainSeparator), where).toBe(TypedDataEncoder.hashDomain(eDomain))
        expect(hex(a.structHash), where).toBe(TypedDataEncoder.from(types).hashStruct('SafeTx', value))
        expect(hex(a.preimage), where).toBe(hex(concatBytes(Uint8Array.of(0x19, 0x01), getBytes(TypedDataEncoder.hashDomain(eDomain)), getBytes(TypedDataEncoder.from(types).hashStruct('SafeTx', value)))))
        // protocol-kit's preimage always has chainId in the domain: right from 1.3.0 only
        if (withChainId) expect(hex(a.preimage), where).toBe(preimageSafeTransactionHash(checksum(safe), txValue(tx) as unknown as PkTx, text, chainId))

        // the document airsign prints: protocol-kit's types, and ethers hashes it to the same hash
        const doc = safeTxTypedData(domain, tx)
        expect(doc.types.EIP712Domain!.map((f) => `${f.type} ${f.name}`), where).toEqual(pkTypes.EIP712Domain.map((f) => `${f.type} ${f.name}`))
        expect(doc.types.SafeTx!.map((f) => `${f.type} ${f.name}`), where).toEqual(pkTypes.SafeTx.map((f) => `${f.type} ${f.name}`))
        const pkDoc = generateTypedData({ safeAddress: checksum(safe), safeVersion: text, chainId, data: txValue(tx) as unknown as PkTx })
        expect(doc.primaryType, where).toBe(pkDoc.primaryType)
        expect(TypedDataEncoder.hash(doc.domain as Record<string, string>, { SafeTx: [...doc.types.SafeTx!] }, doc.message as Record<string, unknown>), where).toBe(pk)
        expect(TypedDataEncoder.hash(pkDoc.domain as Record<string, unknown>, { SafeTx: (pkDoc.types as { SafeTx: TypedDataField[] }).SafeTx }, pkDoc.message as Record<string, unknown>), where).toBe(pk)

        if (tx.data.length === 0) seen.empty++
        if (tx.data.length === MAX_DATA) seen.max++
        if (tx.operation === 1) seen.delegate++
        if (tx.value === U256) seen.maxValue++
        if (tx.nonce === 1n << 255n) seen.top++
        if (chainId > 2n ** 64n) seen.bigChain++
        if (nullChain) seen.nullChain++
      }
      // the generator reached the edges the suite names
      expect(seen.empty).toBeGreaterThan(5)
      expect(seen.max).toBeGreaterThan(5)
      expect(seen.delegate).toBeGreaterThan(20)
      expect(seen.maxValue).toBeGreaterThan(3)
      expect(seen.top).toBeGreaterThan(3)
      expect(seen.bigChain).toBeGreaterThan(10)
      if (!withChainId) expect(seen.nullChain).toBeGreaterThan(20)
    })
  }

  test(`0.1.0 (${TX_010} cases): ethers with the dataGas type and a domain without chainId (protocol-kit hashes 0.1.0 with baseGas)`, () => {
    const r = prng(SEED ^ 0x010n)
    const v = parseVersion('0.1.0')
    const types = safeTxTypes('dataGas')
    let differsFromBaseGas = 0
    for (let i = 0; i < TX_010; i++) {
      const where = `seed ${SEED}, 0.1.0, case ${i}`
      const safe = addr(r)
      const tx = safeTx(r)
      const a = safeTxHashes({ safe, chainId: r.int(2) === 0 ? null : r.pick(CHAINS), version: v }, tx)
      const eDomain = { verifyingContract: checksum(safe) }
      const value = txValue(tx, 'dataGas')
      expect(hex(a.hash), where).toBe(TypedDataEncoder.hash(eDomain, types, value))
      expect(hex(a.domainSeparator), where).toBe(TypedDataEncoder.hashDomain(eDomain))
      expect(hex(a.structHash), where).toBe(TypedDataEncoder.from(types).hashStruct('SafeTx', value))
      expect(hex(a.preimage), where).toBe(hex(concatBytes(Uint8Array.of(0x19, 0x01), getBytes(TypedDataEncoder.hashDomain(eDomain)), getBytes(TypedDataEncoder.from(types).hashStruct('SafeTx', value)))))
      const doc = safeTxTypedData({ safe, chainId: null, version: v }, tx)
      expect(TypedDataEncoder.hash(doc.domain as Record<string, string>, { SafeTx: [...doc.types.SafeTx!] }, doc.message as Record<string, unknown>), where).toBe(hex(a.hash))
      // the type name matters: the 1.0.0 type gives another hash
      if (hex(a.hash) !== TypedDataEncoder.hash(eDomain, safeTxTypes('baseGas'), txValue(tx))) differsFromBaseGas++
    }
    expect(differsFromBaseGas).toBe(TX_010)
  })
})

/** A SafeMessage's bytes: random 0 … 2 KB, or the 32-byte EIP-191 hash of a text (as Safe{Wallet} signs text). */
function message(r: Rng, i: number): { bytes: Uint8Array; text?: string } {
  switch (i % 5) {
    case 0: return { bytes: new Uint8Array(0) }
    case 1: return { bytes: r.bytes(2048) }
    case 2: return { bytes: r.bytes(32) }
    case 3: {
      const text = `message ${r.u64()} ✓ ${'x'.repeat(r.int(50))}`
      return { bytes: getBytes(hashSafeMessage(text)), text }
    }
    default: return { bytes: r.bytes(r.int(2049)) }
  }
}

describe(`SafeMessage hashes, ${MSG_PER_VERSION} seeded messages per version (seed ${SEED})`, () => {
  for (const [vi, text] of VERSIONS.entries()) {
    const withChainId = WITH_CHAIN_ID.has(text)
    test(`${text}: vs ${withChainId ? 'protocol-kit calculateSafeMessageHash and ' : ''}ethers${withChainId ? '' : ' (no chainId in the domain; protocol-kit always puts one)'}`, () => {
      const r = prng(SEED ^ (0x3e55a9en + BigInt(vi)))
      const v = parseVersion(text)
      const pkTypes = getEip712MessageTypes(text as PkVersion)
      let texts = 0
      for (let i = 0; i < MSG_PER_VERSION; i++) {
        const where = `seed ${SEED}, ${text}, message ${i}`
        const safe = addr(r)
        const chainId = r.int(3) === 0 ? r.big(U256) : r.pick(CHAINS)
        const m = message(r, i)
        const domain: SafeDomain = { safe, chainId: !withChainId && r.int(2) === 0 ? null : chainId, version: v }
        const a = safeMessageHashes(domain, m.bytes)
        const eDomain = ethersDomain(safe, chainId, withChainId)
        const value = { message: hex(m.bytes) }
        expect(hex(a.hash), where).toBe(TypedDataEncoder.hash(eDomain, MESSAGE_TYPES, value))
        expect(hex(a.domainSeparator), where).toBe(TypedDataEncoder.hashDomain(eDomain))
        expect(hex(a.structHash), where).toBe(TypedDataEncoder.from(MESSAGE_TYPES).hashStruct('SafeMessage', value))
        expect(hex(a.preimage), where).toBe(hex(concatBytes(Uint8Array.of(0x19, 0x01), getBytes(TypedDataEncoder.hashDomain(eDomain)), getBytes(TypedDataEncoder.from(MESSAGE_TYPES).hashStruct('SafeMessage', value)))))
        const doc = safeMessageTypedData(domain, m.bytes)
        expect(doc.types.EIP712Domain!.map((f) => `${f.type} ${f.name}`), where).toEqual(pkTypes.EIP712Domain.map((f) => `${f.type} ${f.name}`))
        expect(doc.types.SafeMessage, where).toEqual(pkTypes.SafeMessage.map((f) => ({ name: f.name, type: f.type })))
        if (withChainId) {
          // protocol-kit takes the message bytes as hex (the `bytes` field), like airsign
          expect(hex(a.hash), where).toBe(calculateSafeMessageHash(checksum(safe), hex(m.bytes), text, chainId))
        }
        if (m.text !== undefined) {
          // a text message: the bytes are its EIP-191 hash (protocol-kit's hashSafeMessage = ethers hashMessage),
          // and protocol-kit's typed data for the text hashes to airsign's hash
          texts++
          expect(hex(m.bytes), where).toBe(hashMessage(m.text))
          const pkDoc = generateTypedData({ safeAddress: checksum(safe), safeVersion: text, chainId, data: m.text })
          expect(pkDoc.message, where).toEqual({ message: hex(m.bytes) })
          expect(TypedDataEncoder.hash(pkDoc.domain as Record<string, unknown>, { SafeMessage: (pkDoc.types as { SafeMessage: TypedDataField[] }).SafeMessage }, pkDoc.message as Record<string, unknown>), where).toBe(hex(a.hash))
        }
      }
      expect(texts).toBe(MSG_PER_VERSION / 5)
    })
  }
})

/** protocol-kit's adjustVInSignature without its overloads (typed on the SigningMethod enum of @safe-global/types-kit). */
const adjustV = adjustVInSignature as (method: 'eth_sign' | 'eth_signTypedData', signature: string, hash?: string, signer?: string) => Promise<string>

type Owner = { kind: OwnerSignature['kind']; owner: Uint8Array; ours: OwnerSignature; theirs: EthSafeSignature; data?: Uint8Array }

/** One owner's signature of `hash`, made by the oracles (ethers + protocol-kit), as both sides take it. */
async function ownerSignature(r: Rng, hash: Uint8Array): Promise<Owner> {
  const kind = r.pick(['eoa', 'eth_sign', 'approved', 'contract'] as const)
  if (kind === 'eoa' || kind === 'eth_sign') {
    const w = new Wallet(hex(key(r)))
    const owner = getBytes(w.address)
    const sig =
      kind === 'eoa'
        ? await adjustV('eth_signTypedData', w.signingKey.sign(hash).serialized)
        : await adjustV('eth_sign', w.signMessageSync(hash), hex(hash), w.address)
    return { kind, owner, ours: { kind, owner, bytes: getBytes(sig) }, theirs: new EthSafeSignature(w.address, sig) }
  }
  const owner = addr(r)
  if (kind === 'approved') return { kind, owner, ours: { kind, owner }, theirs: generatePreValidatedSignature(checksum(owner)) as EthSafeSignature }
  const d = r.pick([() => new Uint8Array(0), () => r.bytes(65), () => r.bytes(300), () => r.bytes(r.int(301))])()
  return { kind, owner, data: d, ours: { kind, owner, data: d }, theirs: new EthSafeSignature(checksum(owner), hex(d), true) }
}

describe(`signatures vs protocol-kit buildSignatureBytes, ${SIG_MIXES} seeded mixes of 1 … 8 owners (seed ${SEED})`, () => {
  test('encodeSignatures is byte-identical; parseSignatures reads back kind, owner (ECDSA recovered) and contract data in owner order', async () => {
    const r = prng(SEED ^ 0x5165n)
    const seen = { eoa: 0, eth_sign: 0, approved: 0, contract: 0, emptyContract: 0, eight: 0, twoContracts: 0 }
    for (let i = 0; i < SIG_MIXES; i++) {
      const where = `seed ${SEED}, mix ${i}`
      const hash = r.bytes(32)
      const n = 1 + r.int(8)
      const owners: Owner[] = []
      while (owners.length < n) {
        const o = await ownerSignature(r, hash)
        if (!owners.some((p) => hex(p.owner) === hex(o.owner))) owners.push(o)
      }
      // both sides get the owners in the same random order; protocol-kit sorts its array in place
      const blob = encodeSignatures(owners.map((o) => o.ours))
      const theirs = buildSignatureBytes(owners.map((o) => o.theirs))
      expect(hex(blob), where).toBe(lower(theirs))

      // read back: owner order is ascending uint160, computed here
      const sorted = [...owners].sort((a, b) => (bytesToBigint(a.owner) < bytesToBigint(b.owner) ? -1 : 1))
      for (const count of [undefined, n]) {
        const parsed = parseSignatures(blob, hash, count)
        expect(parsed.length, where).toBe(n)
        for (const [j, o] of sorted.entries()) {
          const p = parsed[j]!
          expect({ kind: p.kind, owner: p.owner && checksum(p.owner), problem: p.problem }, `${where}, entry ${j}`).toEqual({ kind: o.kind, owner: checksum(o.owner), problem: null })
          if (o.kind === 'contract') expect(hex(p.data!), `${where}, entry ${j}`).toBe(hex(o.data!))
          else expect(p.data, `${where}, entry ${j}`).toBeUndefined()
          expect(hex(p.bytes), `${where}, entry ${j}`).toBe(lower('0x' + theirs.slice(2 + j * 130, 2 + (j + 1) * 130)))
        }
      }

      for (const o of owners) seen[o.kind]++
      if (owners.some((o) => o.kind === 'contract' && o.data!.length === 0)) seen.emptyContract++
      if (n === 8) seen.eight++
      if (owners.filter((o) => o.kind === 'contract').length >= 2) seen.twoContracts++
    }
    expect(Math.min(seen.eoa, seen.eth_sign, seen.approved, seen.contract)).toBeGreaterThan(150)
    expect(seen.emptyContract).toBeGreaterThan(10)
    expect(seen.eight).toBeGreaterThan(10)
    expect(seen.twoContracts).toBeGreaterThan(30)
  })
})

describe(`owner signatures of ${SIGN_HASHES} seeded hashes (seed ${SEED})`, () => {
  test(`signHash 'eoa' = ethers SigningKey.sign; 'eth_sign' = protocol-kit adjustVInSignature('eth_sign', ethers signMessage); both recover`, async () => {
    const r = prng(SEED ^ 0x519en)
    const vs = new Set<number>()
    for (let i = 0; i < SIGN_HASHES; i++) {
      const where = `seed ${SEED}, hash ${i}`
      const hash = i === 0 ? new Uint8Array(32) : i === 1 ? new Uint8Array(32).fill(0xff) : r.bytes(32)
      const k = key(r)
      const priv = asPrivateKey(Uint8Array.from(k))
      const pub = getPublicKey(priv)
      const w = new Wallet(hex(k))

      const eoa = signHash(hash, priv, pub, 'eoa')
      expect(hex(eoa), where).toBe(new SigningKey(hex(k)).sign(hash).serialized)
      const ethSign = signHash(hash, priv, pub, 'eth_sign')
      const theirs = await adjustV('eth_sign', w.signMessageSync(hash), hex(hash), w.address)
      expect(hex(ethSign), where).toBe(lower(theirs))
      expect([31, 32], where).toContain(ethSign[64])
      vs.add(eoa[64]!).add(ethSign[64]!)

      for (const [sig, kind] of [[eoa, 'eoa'], [ethSign, 'eth_sign']] as const) {
        const back = recoverEcdsa(hash, sig)
        expect({ kind: back.kind, owner: back.owner && checksum(back.owner), problem: back.problem }, where).toEqual({ kind, owner: w.address, problem: null })
      }
    }
    expect([...vs].sort()).toEqual([27, 28, 31, 32])
  })
})

type PkMeta = Parameters<typeof encodeMultiSendData>[0][number]
const MULTISEND = new Interface(['function multiSend(bytes transactions) payable'])

describe(`MultiSend batches vs protocol-kit encodeMultiSendData / decodeMultiSendData, ${BATCHES} seeded batches (seed ${SEED})`, () => {
  test('encodeEntries is byte-identical; both decoders read the batch back entry for entry', () => {
    const r = prng(SEED ^ 0x3e4dn)
    let entriesSeen = 0
    for (let i = 0; i < BATCHES; i++) {
      const where = `seed ${SEED}, batch ${i}`
      const n = i === 0 ? 0 : 1 + r.int(r.int(4) === 0 ? 30 : 6)
      const entries = Array.from({ length: n }, () => ({
        operation: r.int(2) as 0 | 1,
        to: addr(r),
        value: edge(r),
        data: r.pick([() => new Uint8Array(0), () => r.bytes(4 + 32 * r.int(4)), () => r.bytes(r.int(2000))])(),
      }))
      entriesSeen += n
      const packed = encodeEntries(entries)
      const pkEntries: PkMeta[] = entries.map((e) => ({ operation: e.operation, to: checksum(e.to), value: e.value.toString(), data: hex(e.data) }))
      const theirs = encodeMultiSendData(pkEntries)
      expect(hex(packed), where).toBe(lower(theirs))

      // airsign decodes protocol-kit's bytes; protocol-kit decodes airsign's (inside multiSend calldata)
      const offsets = entries.reduce<number[]>((o, e, j) => [...o, j === 0 ? 0 : o[j - 1]! + 85 + entries[j - 1]!.data.length], [])
      const ours = decodeEntries(hexToBytes(theirs, 'batch'))
      expect(ours.map((e) => ({ operation: e.operation, to: checksum(e.to), value: e.value, data: hex(e.data), offset: e.offset })), where).toEqual(
        entries.map((e, j) => ({ operation: e.operation, to: checksum(e.to), value: e.value, data: hex(e.data), offset: offsets[j] })),
      )
      const back = decodeMultiSendData(MULTISEND.encodeFunctionData('multiSend', [packed]))
      expect(back, where).toEqual(pkEntries)
    }
    expect(entriesSeen).toBeGreaterThan(500)
  })
})
