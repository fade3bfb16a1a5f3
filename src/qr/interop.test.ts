/**
 * Interop with Keystone's @keystonehq/bc-ur-registry-eth, the library
 * MetaMask's QR keyring uses: requests it builds are answered, the answers it
 * parses carry the request id and recover to the key; the pairing export it
 * parses implies the addresses `airsign address` prints. Transactions are
 * built and checked with ethers and @ethereumjs/tx (what the keyring rebuilds
 * the signed transaction with), never with airsign's own code.
 */
import { describe, expect, test } from 'vitest'
import { randomUUID } from 'node:crypto'
import { HDNodeWallet, Signature, Transaction, encodeRlp, getBytes, hexlify, verifyMessage, verifyTypedData, type TransactionLike } from 'ethers'
import { createLegacyTx } from '@ethereumjs/tx'
import { createCustomCommon, Mainnet } from '@ethereumjs/common'
import {
  CryptoAccount,
  CryptoHDKey,
  CryptoKeypath,
  DataType,
  ETHSignature,
  EthSignRequest,
  PathComponent,
  generateAddressFromXpub,
} from '@keystonehq/bc-ur-registry-eth'
import { UR, UREncoder, URDecoder } from '@ngraveio/bc-ur'
import { runMain, TEST_MNEMONIC } from '../test/cli.js'
import * as registry from './registry.js'
import * as ur from './ur.js'

/** EIP-712 Mail (the EIP's example types) with a long body: about 5 KB of JSON. */
function typedData5k(): Record<string, unknown> {
  return {
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ],
      Person: [
        { name: 'name', type: 'string' },
        { name: 'wallet', type: 'address' },
      ],
      Mail: [
        { name: 'from', type: 'Person' },
        { name: 'to', type: 'Person' },
        { name: 'contents', type: 'string' },
      ],
    },
    primaryType: 'Mail',
    domain: { name: 'Ether Mail', version: '1', chainId: 1, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' },
    message: {
      from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
      to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
      contents: 'Hello, Bob! '.repeat(420),
    },
  }
}

const ENV = { AIRSIGN_MNEMONIC: TEST_MNEMONIC }
const root = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, 'm')
const XFP = root.fingerprint.slice(2) // ethers: hex of the master key fingerprint
const wallet = (path: string): HDNodeWallet => HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, path)
const TO = '0x3535353535353535353535353535353535353535'

/** Decode UR lines with the reference decoder. */
function refDecode(lines: string[]): UR {
  const d = new URDecoder()
  for (const l of lines) d.receivePart(l)
  expect(d.isSuccess()).toBe(true)
  return d.resultUR()
}

/** The UR lines of an eth-sign-request, as MetaMask's keyring would show them. */
function requestLines(req: EthSignRequest, maxFragment = 400): string[] {
  const enc = new UREncoder(req.toUR(), maxFragment)
  return Array.from({ length: enc.fragmentsLength }, () => enc.nextPart())
}

async function qrSign(lines: string[], extra: string[] = []) {
  return runMain(['qr', 'sign', ...extra], { stdin: lines.join('\n') + '\n', env: ENV })
}

function parseSignature(stdout: string): ETHSignature {
  return ETHSignature.fromCBOR(refDecode(stdout.trim().split('\n')).cbor)
}

describe('pairing export', () => {
  test('crypto-hdkey: fingerprints, note, children; the first 5 addresses it implies are airsign address --count 5', async () => {
    const r = await runMain(['qr', 'account'], { env: ENV })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const ur = refDecode(r.stdout.trim().split('\n'))
    expect(ur.type).toBe('crypto-hdkey')
    const key = CryptoHDKey.fromCBOR(ur.cbor)
    const account = wallet("m/44'/60'/0'")
    expect(key.getOrigin().getPath()).toBe("44'/60'/0'")
    expect(key.getOrigin().getSourceFingerprint()?.toString('hex')).toBe(XFP)
    expect('0x' + key.getParentFingerprint()?.toString('hex')).toBe(account.parentFingerprint)
    expect(key.getChildren()?.getPath()).toBe('0/*')
    expect(key.getNote()).toBe('account.standard')
    expect(key.getName()).toBe('airsign')
    expect(key.getBip32Key()).toBe(account.neuter().extendedKey)
    // What the keyring does: derive M/0/i from the xpub (Keystone's own helper, hdkey inside).
    const implied = [0, 1, 2, 3, 4].map((i) => generateAddressFromXpub(key.getBip32Key(), `M/0/${i}`))
    const addresses = await runMain(['address', '--count', '5'], { env: ENV })
    expect(addresses.stdout).toBe(implied.join('\n') + '\n')
    expect(implied[0]).toBe(wallet("m/44'/60'/0'/0/0").address)
  })

  test('crypto-account (--preset ledger-live): master fingerprint and the keys m/44\'/60\'/N\'/0/0', async () => {
    const r = await runMain(['qr', 'account', '--preset', 'ledger-live', '--count', '10'], { env: ENV })
    expect(r.code).toBe(0)
    const ur = refDecode(r.stdout.trim().split('\n'))
    expect(ur.type).toBe('crypto-account')
    const acc = CryptoAccount.fromCBOR(ur.cbor)
    expect(acc.getMasterFingerprint().toString('hex')).toBe(XFP)
    const outputs = acc.getOutputDescriptors()
    expect(outputs.length).toBe(10)
    for (const [n, od] of outputs.entries()) {
      const k = od.getHDKey()!
      expect(k.getOrigin().getPath()).toBe(`44'/60'/${n}'/0/0`)
      expect(k.getOrigin().getSourceFingerprint()?.toString('hex')).toBe(XFP)
      expect(k.getNote()).toBe('account.ledger_live')
      expect(hexlify(k.getKey())).toBe(wallet(`m/44'/60'/${n}'/0/0`).publicKey)
    }
  })
})

const LEGACY: TransactionLike = { type: 0, chainId: 1n, nonce: 9, gasPrice: 20000000000n, gasLimit: 21000n, to: TO, value: 10n ** 18n, data: '0x' }

describe('eth-sign-request from the Keystone library', () => {
  test.each([
    ['mainnet', 1n],
    ['chain id 110 (v 256 or 257)', 110n],
    ['Polygon, chain id 137 (v takes two bytes)', 137n],
    ['a 44-bit chain id', 0xfffffffffffn],
  ])('legacy transaction, %s: the keyring rebuilds the same signed transaction as airsign sign', async (_name, chainId) => {
    const tx = Transaction.from({ ...LEGACY, chainId })
    const id = randomUUID()
    const req = EthSignRequest.constructETHRequest(Buffer.from(getBytes(tx.unsignedSerialized)), DataType.transaction, "m/44'/60'/0'/0/0", XFP, id, Number(chainId))
    const r = await qrSign(requestLines(req))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const sig = parseSignature(r.stdout)
    expect(hexlify(sig.getRequestId()!)).toBe('0x' + id.replace(/-/g, ''))
    const s = sig.getSignature()
    const r32 = s.subarray(0, 32)
    const s32 = s.subarray(32, 64)
    const v = s.subarray(64)
    // As MetaMask's keyring: v is everything after byte 64.
    const common = createCustomCommon({ chainId: Number(chainId) }, Mainnet)
    const rebuilt = createLegacyTx({ nonce: 9n, gasPrice: 20000000000n, gasLimit: 21000n, to: TO, value: 10n ** 18n, data: '0x', v, r: r32, s: s32 }, { common })
    expect(rebuilt.getSenderAddress().toString()).toBe(wallet("m/44'/60'/0'/0/0").address.toLowerCase())
    const direct = await runMain(['sign', '--tx', tx.unsignedSerialized], { env: ENV })
    expect(hexlify(rebuilt.serialize())).toBe(direct.stdout.trim())
    // ethers agrees on v
    const signed = Transaction.from({ ...LEGACY, chainId, signature: Signature.from({ r: hexlify(r32), s: hexlify(s32), v: BigInt(hexlify(v)) }) })
    expect(signed.from).toBe(wallet("m/44'/60'/0'/0/0").address)
    expect(BigInt(hexlify(v))).toBe(chainId * 2n + 35n + BigInt(signed.signature!.yParity))
  })

  test('another index, the address named in the request, and origin', async () => {
    const w = wallet("m/44'/60'/0'/0/3")
    const tx = Transaction.from({ ...LEGACY, nonce: 1 })
    const req = EthSignRequest.constructETHRequest(Buffer.from(getBytes(tx.unsignedSerialized)), DataType.transaction, "m/44'/60'/0'/0/3", XFP, randomUUID(), 1, w.address, 'metamask')
    const r = await qrSign(requestLines(req), ['--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { ur: string[]; from: string; path: string; dataType: number; signature: string }
    expect(out.from).toBe(w.address)
    expect(out.path).toBe("m/44'/60'/0'/0/3")
    expect(out.dataType).toBe(1)
    expect(Transaction.from({ ...LEGACY, nonce: 1, signature: out.signature }).from).toBe(w.address)
    expect(hexlify(parseSignature(out.ur.join('\n')).getSignature())).toBe(out.signature)
  })

  test('a multi-part request (5 KB of calldata), parts shuffled and duplicated, signs; the request id is echoed', async () => {
    const data = hexlify(Uint8Array.from({ length: 5000 }, (_, i) => (i * 7 + 3) & 0xff))
    const tx = Transaction.from({ ...LEGACY, gasLimit: 500000n, data })
    // A fixed request id: the parts depend on it, and with a random one about 1 run in 40 kept too few to complete (QR_UR_INCOMPLETE).
    const id = '0b5e3c1a-7d2f-4e8b-9a61-52c4f0d9e7a3'
    const req = EthSignRequest.constructETHRequest(Buffer.from(getBytes(tx.unsignedSerialized)), DataType.transaction, "m/44'/60'/0'/0/0", XFP, id, 1)
    const enc = new UREncoder(req.toUR(), 200)
    const seqLen = enc.fragmentsLength
    expect(seqLen).toBeGreaterThan(20)
    const parts = Array.from({ length: seqLen * 2 }, () => enc.nextPart())
    // Drop a third of the pure parts (the mixed ones must stand in), duplicate some, shuffle.
    const kept = parts.filter((_, i) => i >= seqLen || i % 3 !== 0)
    let seed = 7
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const feed = [...kept, ...kept.slice(5, 15)].sort(() => rnd() - 0.5)
    const r = await qrSign(feed)
    expect(r.code).toBe(0)
    const sig = parseSignature(r.stdout)
    expect(hexlify(sig.getRequestId()!)).toBe('0x' + id.replace(/-/g, ''))
    const signed = Transaction.from({ ...LEGACY, gasLimit: 500000n, data, signature: hexlify(sig.getSignature()) })
    expect(signed.from).toBe(wallet("m/44'/60'/0'/0/0").address)
  })

  test('a multi-part typed-data request (5 KB of EIP-712 JSON), parts shuffled and duplicated, reassembles exactly', () => {
    const json = Buffer.from(JSON.stringify(typedData5k()), 'utf8')
    expect(json.length).toBeGreaterThan(5000)
    const from = wallet("m/44'/60'/0'/0/0").address
    const req = EthSignRequest.constructETHRequest(json, DataType.typedData, "m/44'/60'/0'/0/0", XFP, randomUUID(), undefined, from)
    const enc = new UREncoder(req.toUR(), 150)
    const parts = Array.from({ length: enc.fragmentsLength * 2 }, () => enc.nextPart())
    const feed = [...parts.slice(3), ...parts.slice(10, 20)].sort((a, b) => (a.length * 31 + a.charCodeAt(30)) % 17 - (b.length * 31 + b.charCodeAt(30)) % 17)
    const reader = ur.createReader('eth-sign-request')
    for (const p of feed) if (!reader.result()) reader.add(p)
    const got = registry.decodeSignRequest(reader.result()!.cbor)
    expect(Buffer.from(got.signData).equals(json)).toBe(true)
    expect(got.dataType).toBe(2)
    expect(hexlify(got.address!)).toBe(from.toLowerCase())
    expect(got.chainId).toBeNull()
  })

  test('a truncated multi-part request fails with QR_UR_INCOMPLETE', async () => {
    const tx = Transaction.from({ ...LEGACY, data: hexlify(new Uint8Array(2000).fill(1)) })
    const req = EthSignRequest.constructETHRequest(Buffer.from(getBytes(tx.unsignedSerialized)), DataType.transaction, "m/44'/60'/0'/0/0", XFP, randomUUID(), 1)
    const lines = requestLines(req, 200)
    const r = await qrSign(lines.slice(0, -1))
    expect(r.code).toBe(3)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^airsign: the input ended before the request was complete: \d+ of \d+ fragments.*\[QR_UR_INCOMPLETE\]\n$/)
  })

  test('refusals: other fingerprint, other address, wildcard path, unknown data type', async () => {
    const unsigned = Buffer.from(getBytes(Transaction.from(LEGACY).unsignedSerialized))
    const cases: [EthSignRequest, string][] = [
      [EthSignRequest.constructETHRequest(unsigned, DataType.transaction, "m/44'/60'/0'/0/0", 'deadbeef', randomUUID(), 1), 'QR_FINGERPRINT_MISMATCH'],
      [EthSignRequest.constructETHRequest(unsigned, DataType.transaction, "m/44'/60'/0'/0/0", XFP, randomUUID(), 1, wallet("m/44'/60'/0'/0/1").address), 'QR_ADDRESS_MISMATCH'],
      [
        new EthSignRequest({
          signData: unsigned,
          dataType: DataType.transaction,
          chainId: 1,
          derivationPath: new CryptoKeypath([new PathComponent({ index: 44, hardened: true }), new PathComponent({ hardened: false })], Buffer.from(XFP, 'hex')),
        }),
        'QR_PATH_INVALID',
      ],
      [EthSignRequest.constructETHRequest(unsigned, 9 as DataType, "m/44'/60'/0'/0/0", XFP, randomUUID(), 1), 'QR_DATA_TYPE_UNSUPPORTED'],
      [EthSignRequest.constructETHRequest(unsigned, DataType.transaction, "m/44'/60'/0'/0/0", XFP, randomUUID(), 5), 'CHAIN_ID_MISMATCH'],
      [EthSignRequest.constructETHRequest(unsigned, DataType.typedTransaction, "m/44'/60'/0'/0/0", XFP, randomUUID(), 1), 'QR_REQUEST_INVALID'],
    ]
    for (const [req, code] of cases) {
      const r = await qrSign(requestLines(req))
      expect({ code: r.code, stdout: r.stdout, tail: r.stderr.match(/\[([A-Z_]+)\]\n$/)?.[1] }).toEqual({ code: 3, stdout: '', tail: code })
    }
  })
})


// Data types 2, 3 and 4 need signing functions of issue 3 (typed transactions in tx.ts) and issue 4
// (message.ts, typed-data.ts) that are not in this build yet: today they are refused with
// QR_DATA_TYPE_UNSUPPORTED (2, 3) and TX_TYPE_UNSUPPORTED (4). Each test below states the finished
// behaviour and is marked `fails`: it flips to failing (telling us to drop the mark) once the
// signer is wired in (src/qr/messages.ts for 2 and 3; tx.decodeUnsigned for 4).
describe('data types waiting for their signing functions', () => {
  const path = "m/44'/60'/0'/0/0"
  const signer = wallet(path)

  test('3, personal message: 27/28, recovers (ethers verifyMessage)', async () => {
    const msg = Buffer.from('Sign in to example.org\nnonce 42', 'utf8')
    const req = EthSignRequest.constructETHRequest(msg, DataType.personalMessage, path, XFP, randomUUID(), undefined, signer.address)
    const r = await qrSign(requestLines(req))
    expect(r.stderr).toBe('')
    const sig = parseSignature(r.stdout).getSignature()
    expect(sig.length).toBe(65)
    expect([27, 28]).toContain(sig[64])
    expect(verifyMessage(msg, hexlify(sig))).toBe(signer.address)
  })

  test('2, EIP-712 typed data of 5 KB in shuffled parts: 27/28, recovers (ethers verifyTypedData)', async () => {
    const td = typedData5k() as { domain: Record<string, unknown>; types: Record<string, { name: string; type: string }[]>; message: Record<string, unknown> }
    const req = EthSignRequest.constructETHRequest(Buffer.from(JSON.stringify(td)), DataType.typedData, path, XFP, randomUUID(), undefined, signer.address)
    const r = await qrSign(requestLines(req, 200).reverse())
    expect(r.stderr).toBe('')
    const sig = parseSignature(r.stdout).getSignature()
    expect([27, 28]).toContain(sig[64])
    const { EIP712Domain: _domain, ...types } = td.types
    expect(verifyTypedData(td.domain, types, td.message, hexlify(sig))).toBe(signer.address)
  })

  /** Data type 4 through qr sign: v is the yParity, one byte; the signed transaction recovers to the key and is what sign prints. */
  async function typedTxRoundTrip(tx: TransactionLike): Promise<void> {
    const unsigned = Transaction.from(tx).unsignedSerialized
    const req = EthSignRequest.constructETHRequest(Buffer.from(getBytes(unsigned)), DataType.typedTransaction, path, XFP, randomUUID(), Number(tx.chainId))
    const r = await qrSign(requestLines(req))
    expect(r.stderr).toBe('')
    const sig = parseSignature(r.stdout).getSignature()
    expect(sig.length).toBe(65)
    expect([0, 1]).toContain(sig[64])
    const signed = Transaction.from({ ...tx, signature: Signature.from({ r: hexlify(sig.subarray(0, 32)), s: hexlify(sig.subarray(32, 64)), yParity: sig[64] as 0 | 1 }) })
    expect(signed.from).toBe(signer.address)
    const direct = await runMain(['sign', '--tx', unsigned], { env: ENV })
    expect(signed.serialized).toBe(direct.stdout.trim())
  }
  test('4, EIP-1559 transaction: v is the yParity, one byte; the signed transaction recovers', async () => {
    await typedTxRoundTrip({ type: 2, chainId: 137n, nonce: 3, maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 10n ** 11n, gasLimit: 21000n, to: TO, value: 1n, data: '0x' })
  })
  test('4, EIP-4844 blob transaction (canonical form): v is the yParity; the signed transaction recovers and is what sign prints', async () => {
    await typedTxRoundTrip({
      type: 3,
      chainId: 1n,
      nonce: 4,
      maxPriorityFeePerGas: 10n ** 9n,
      maxFeePerGas: 10n ** 11n,
      gasLimit: 21000n,
      to: TO,
      value: 0n,
      data: '0x',
      maxFeePerBlobGas: 3n * 10n ** 9n,
      blobVersionedHashes: ['0x01' + '22'.repeat(31), '0x01' + '33'.repeat(31)],
    })
  })

  test('4, a blob transaction in its network wrapper or with a bad versioned hash: refused before the key', async () => {
    const fields = ['0x01', '0x', '0x01', '0x02', '0x5208', TO, '0x', '0x', [], '0x01', ['0x02' + '22'.repeat(31)]]
    const bad = '0x03' + encodeRlp(fields).slice(2)
    const wrapped = '0x03' + encodeRlp([fields.slice(0, 10).concat([['0x01' + '22'.repeat(31)]]), ['0x' + '00'.repeat(131072)], ['0x' + '00'.repeat(48)], ['0x' + '00'.repeat(48)]]).slice(2)
    for (const [unsigned, code] of [[bad, 'TX_BLOB_HASH'], [wrapped, 'TX_BLOB_WRAPPER']] as const) {
      const req = EthSignRequest.constructETHRequest(Buffer.from(getBytes(unsigned)), DataType.typedTransaction, path, XFP, randomUUID(), 1)
      const r = await runMain(['qr', 'sign'], { stdin: requestLines(req).join('\n') + '\n' }) // no key: refused before one is read
      expect({ code: r.code, stdout: r.stdout, tail: r.stderr.match(/\[([A-Z_]+)\]\n$/)?.[1] }).toEqual({ code: 3, stdout: '', tail: code })
    }
  })
})
