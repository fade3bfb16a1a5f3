// End to end on a real node (issue 16 item 1, transactions): anvil executes
// every transaction type airsign signs, from every key source, a batch and QR
// answers; each receipt has status 1, the sender airsign derived, and the exact
// state change asked for (balances, storage, code, nonce). A last test proves
// the checks fail when one bit of a signature is flipped.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { computeAddress, getAddress, getBytes, getCreateAddress, hexlify, HDNodeWallet, Signature, Transaction, zeroPadValue } from 'ethers'
import { serializeTransaction } from 'viem'
import { DataType, EthSignRequest, ETHSignature } from '@keystonehq/bc-ur-registry-eth'
import { UREncoder, URDecoder } from '@ngraveio/bc-ur'
import { startAnvil, type Anvil, type Hex } from '../test/anvil.js'
import { airsignAddress, airsignTx, deploy } from '../test/chain.js'
import { ROOT, runCli, TEST_MNEMONIC } from '../test/cli.js'
import { prng, seed } from '../test/prng.js'
import { airsign, blobOf, execute, sidecar, STORE_INIT, STORE_RUNTIME, tmpFiles, word, wrap } from '../test/tx-e2e.js'

const M = TEST_MNEMONIC + '\n'
const CHAIN = 31337
const FEES = { maxFeePerGas: '2000000000', maxPriorityFeePerGas: '1000000000' }
const rng = prng(seed(0x7e2e_16n))
/** A fresh recipient for each test: an address nobody holds (balance 0 before). */
const recipient = (): Hex => hexlify(rng.bytes(20)) as Hex
const lower = (a: string): string => a.toLowerCase()
/** The warning airsign prints for 32 bytes of calldata with no known selector (a MEDIUM rule: signed, said on stderr). */
const blind = (to: string): string => `airsign: MEDIUM CALLDATA_UNKNOWN at call: unknown function, selector 0x00000000: blind 32-byte calldata to ${getAddress(to)}\n`
/** sign-authorization --json minus what is not a field of an authorization (its rlp and the recovered authority). */
const tuple = ({ chainId, address, nonce, yParity, r, s }: Record<string, unknown>) => ({ chainId, address, nonce, yParity, r, s })

let node: Anvil
let store: Hex
/** An address book that trusts the store contract as an EIP-7702 delegate (else AUTHORIZATION_UNKNOWN_DELEGATE refuses). */
let labels: string
const files = tmpFiles()

beforeAll(async () => {
  node = await startAnvil()
  store = await deploy(node, STORE_INIT)
  labels = files.path('labels.json', JSON.stringify({ [store]: { name: 'test store', delegate: true } }))
})
afterAll(async () => {
  await node?.stop()
  files.remove()
})

/** Sign a JSON transaction with the test mnemonic (stdin) and extra key arguments. */
const signJson = (tx: Record<string, unknown>, args: string[] = [], stderr = ''): Promise<string> =>
  airsign(['sign', '--mnemonic-file', '-', ...args, '--tx', JSON.stringify(tx)], { stdin: M, stderr })

test("anvil 1.7.1's default hardfork is Bpo1 (Osaka's blob-parameter fork): the suite runs on it, no --hardfork", async () => {
  const info = await node.rpc<{ hardFork: string; environment: { baseFee: Hex } }>('anvil_nodeInfo')
  expect(info.hardFork).toBe('Bpo1')
  expect(await node.code(store)).toBe(STORE_RUNTIME)
})

describe('every transaction type, executed', () => {
  test('type 0, EIP-155, mnemonic at the default path: a transfer, v = chainId·2+35+yParity', async () => {
    const from = await airsignAddress(0)
    const to = recipient()
    const raw = await signJson({ type: 0, chainId: CHAIN, nonce: await node.nonce(from), gasPrice: '2000000000', gas: 21000, to, value: '123456789' })
    const { rcpt } = await execute(node, raw, { from, to, value: 123456789n })
    expect(rcpt.type).toBe('0x0')
    expect(rcpt.gasUsed).toBe('0x5208')
    const t = Transaction.from(raw)
    expect(t.signature!.networkV).toBe(BigInt(CHAIN * 2 + 35 + t.signature!.yParity))
  })

  test('type 0, --unprotected (pre-EIP-155, v 27/28): anvil accepts and executes it, replayable on any chain', async () => {
    const from = await airsignAddress(1)
    const to = recipient()
    // No chain id in the transaction: --unprotected signs the 6-field pre-EIP-155 hash.
    const raw = await signJson({ type: 0, nonce: await node.nonce(from), gasPrice: '2000000000', gas: 21000, to, value: '5' }, ['--index', '1', '--unprotected'])
    const t = Transaction.from(raw)
    expect(t.chainId).toBe(0n)
    expect([27, 28]).toContain(t.signature!.v)
    expect(t.signature!.networkV).toBe(null)
    const { rcpt } = await execute(node, raw, { from, to, value: 5n })
    const onChain = await node.rpc<{ chainId?: Hex; v: Hex }>('eth_getTransactionByHash', [rcpt.transactionHash])
    expect(onChain.v).toBe(`0x${t.signature!.v.toString(16)}`)
    expect(onChain.chainId).toBeUndefined()
  })

  test('type 1 with an access list, --index 3: the contract stores the word and the caller; gas shows the list was charged', async () => {
    const from = await airsignAddress(3)
    const value = 0x2an
    const accessList = [{ address: store, storageKeys: [word(0n), word(1n)] }]
    const raw = await signJson(
      { type: 1, chainId: CHAIN, nonce: await node.nonce(from), gasPrice: '2000000000', gas: 100000, to: store, value: '0', data: word(value), accessList },
      ['--index', '3'],
      blind(store),
    )
    const { rcpt } = await execute(node, raw, { from })
    expect(rcpt.type).toBe('0x1')
    expect(await node.storage(store, 0n)).toBe(word(value))
    expect(await node.storage(store, 1n)).toBe(zeroPadValue(lower(from), 32))
    // 21000 + calldata (31 zero bytes × 4 + 1 × 16 = 140) + access list (2400 + 2 × 1900)
    // + execution with both slots warm (3+3+3+20000 + 2+3+20000) = 67354. Without the list: 65354.
    expect(BigInt(rcpt.gasUsed)).toBe(21000n + 140n + 2400n + 2n * 1900n + 40014n)
    const onChain = await node.rpc<{ accessList: { address: string; storageKeys: string[] }[] }>('eth_getTransactionByHash', [rcpt.transactionHash])
    expect(onChain.accessList).toEqual([{ address: lower(store), storageKeys: [word(0n), word(1n)] }])
  })

  test("type 2, --preset ledger-live --index 1 (m/44'/60'/1'/0/0): a contract creation; the code is the runtime, at the CREATE address", async () => {
    const from = (await airsign(['address', '--mnemonic-file', '-', '--preset', 'ledger-live', '--index', '1'], { stdin: M })) as Hex
    expect(from).toBe(HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, "m/44'/60'/1'/0/0").address)
    await node.fund(from, 10n ** 18n)
    const nonce = await node.nonce(from)
    const raw = await signJson(
      { type: 2, chainId: CHAIN, nonce, ...FEES, gas: 100000, to: null, value: '0', data: STORE_INIT },
      ['--preset', 'ledger-live', '--index', '1'],
      'airsign: MEDIUM CONTRACT_CREATION at call: deploys a contract from 23 bytes of code: airsign cannot explain what the code does\n',
    )
    const { rcpt } = await execute(node, raw, { from })
    expect(rcpt.type).toBe('0x2')
    expect(rcpt.contractAddress).toBe(lower(getCreateAddress({ from, nonce })))
    expect(await node.code(rcpt.contractAddress!)).toBe(STORE_RUNTIME)
  })

  test('type 4 (EIP-7702): the authority signs with sign-authorization, another account sends; the code is 0xef0100 || delegate, calls run it', async () => {
    const authority = await airsignAddress(5)
    const sponsor = await airsignAddress(0)
    const authNonce = await node.nonce(authority)
    const auth = JSON.parse(
      await airsign(['sign-authorization', '--mnemonic-file', '-', '--index', '5', '--chain-id', String(CHAIN), '--address', store, '--nonce', String(authNonce), '--labels', labels, '--json'], { stdin: M }),
    ) as { chainId: string; address: string; nonce: string; yParity: number; r: string; s: string; authority: string }
    expect(auth.authority).toBe(authority)
    const storeBefore = [await node.storage(store, 0n), await node.storage(store, 1n)]
    const raw = await signJson(
      { type: 4, chainId: CHAIN, nonce: await node.nonce(sponsor), ...FEES, gas: 200000, to: authority, value: '0', data: word(0x7702n), accessList: [], authorizationList: [tuple(auth)] },
      ['--labels', labels],
      blind(authority),
    )
    const { rcpt } = await execute(node, raw, { from: sponsor })
    expect(rcpt.type).toBe('0x4')
    expect(await node.code(authority)).toBe(`0xef0100${lower(store).slice(2)}`)
    expect(await node.nonce(authority)).toBe(authNonce + 1)
    // The same transaction called the authority, whose code is now the store's: its own storage changed.
    expect(await node.storage(authority, 0n)).toBe(word(0x7702n))
    expect(await node.storage(authority, 1n)).toBe(zeroPadValue(lower(sponsor), 32))
    expect([await node.storage(store, 0n), await node.storage(store, 1n)]).toEqual(storeBefore)
    // A later plain call into the delegated account runs the delegate's code too.
    const caller = await airsignAddress(2)
    const call = await airsignTx(node, { to: authority, data: word(0xbeefn), gas: 100000 }, { index: 2 })
    await execute(node, call, { from: caller })
    expect(await node.storage(authority, 0n)).toBe(word(0xbeefn))
    expect(await node.storage(authority, 1n)).toBe(zeroPadValue(lower(caller), 32))
  })

  test('type 4, self-sponsored: the sender authorizes itself with nonce + 1; its nonce moves by 2', async () => {
    const self = await airsignAddress(6)
    const nonce = await node.nonce(self)
    const auth = JSON.parse(
      await airsign(['sign-authorization', '--mnemonic-file', '-', '--index', '6', '--chain-id', String(CHAIN), '--address', store, '--nonce', String(nonce + 1), '--labels', labels, '--json'], { stdin: M }),
    ) as Record<string, unknown>
    const raw = await signJson(
      { type: 4, chainId: CHAIN, nonce, ...FEES, gas: 200000, to: self, value: '0', data: word(6n), authorizationList: [tuple(auth)] },
      ['--index', '6', '--labels', labels],
      blind(self),
    )
    await execute(node, raw, { from: self, nonceStep: 2 })
    expect(await node.code(self)).toBe(`0xef0100${lower(store).slice(2)}`)
    expect(await node.storage(self, 0n)).toBe(word(6n))
    expect(await node.storage(self, 1n)).toBe(zeroPadValue(lower(self), 32))
  })

  test('type 3 (EIP-4844): airsign signs the canonical form, the test wraps it with the EIP-7594 cell-proof sidecar; inspect of the wrapper agrees', async () => {
    const from = await airsignAddress(4)
    const to = recipient()
    const sc = await sidecar(blobOf(1))
    const blobTx = (nonce: number) => ({ type: 3, chainId: CHAIN, nonce, ...FEES, gas: 21000, to, value: '7', data: '0x', accessList: [], maxFeePerBlobGas: '1000000000', blobVersionedHashes: [sc.versionedHash] })
    const nonce = await node.nonce(from)
    const signed = await signJson(blobTx(nonce), ['--index', '4'])
    // The canonical form alone is not what a node takes.
    expect(await node.refuse(signed)).toBe('eth_sendRawTransaction: eip4844 tx variant without sidecar being used for verification.')
    // A wrapper whose proofs are not the blob's is refused: anvil verifies the KZG proofs.
    expect(await node.refuse(wrap(signed, sc, 1, Array(128).fill(sc.commitment)))).toBe('eth_sendRawTransaction: invalid KZG proof')
    const wrapper = wrap(signed, sc, 1)
    const { rcpt } = await execute(node, wrapper, { from, to, value: 7n })
    const r = rcpt as typeof rcpt & { blobGasUsed: Hex; blobGasPrice: Hex }
    expect(r.type).toBe('0x3')
    expect(r.blobGasUsed).toBe('0x20000') // one blob: 2^17
    expect(r.blobGasPrice).toBe('0x1')
    const onChain = await node.rpc<{ blobVersionedHashes: Hex[]; maxFeePerBlobGas: Hex }>('eth_getTransactionByHash', [r.transactionHash])
    expect(onChain.blobVersionedHashes).toEqual([sc.versionedHash])
    expect(onChain.maxFeePerBlobGas).toBe('0x3b9aca00')
    const inspected = JSON.parse(await airsign(['inspect'], { stdin: wrapper })) as Record<string, unknown>
    expect(inspected).toMatchObject({
      type: 3,
      signed: true,
      hash: r.transactionHash,
      from,
      raw: signed,
      blobVersionedHashes: [sc.versionedHash],
      blobs: { count: 1, wrapperVersion: 1, versionedHashesMatch: true, kzgProofsVerified: false },
    })
    // anvil 1.7.1 at Bpo1 still takes the EIP-4844 (version 0) wrapper too; the next nonce, same blob.
    const signed2 = await signJson(blobTx(nonce + 1), ['--index', '4'])
    const { rcpt: rcpt2 } = await execute(node, wrap(signed2, sc, 0), { from, to, value: 7n })
    expect((rcpt2 as typeof rcpt2 & { blobGasUsed: Hex }).blobGasUsed).toBe('0x20000')
    const inspected2 = JSON.parse(await airsign(['inspect'], { stdin: wrap(signed2, sc, 0) })) as { blobs: unknown; hash: string }
    expect(inspected2.blobs).toEqual({ count: 1, wrapperVersion: 0, versionedHashesMatch: true, kzgProofsVerified: false })
    expect(inspected2.hash).toBe(rcpt2.transactionHash)
  })
})

describe('key sources', () => {
  test('SLIP-39: the 3 shares of a two-group Trezor vector (passphrase TREZOR) sign a type-2 transfer', async () => {
    type V = [string, string[], string, string]
    const vectors = JSON.parse(readFileSync(join(ROOT, 'test-vectors/slip39/slip39-vectors.json'), 'utf8')) as V[]
    const v = vectors.find((x) => x[0].startsWith('18. '))!
    const shares = v[1].join('\n') + '\n'
    const key = ['--slip39-file', '/dev/fd/3', '--passphrase-file', '/dev/fd/4']
    const from = await airsign(['address', ...key], { fds: [shares, 'TREZOR'] })
    // The vector's root xprv, read by ethers, at m/44'/60'/0'/0/0.
    expect(from).toBe(HDNodeWallet.fromExtendedKey(v[3]).derivePath("m/44'/60'/0'/0/0").address)
    await node.fund(from, 10n ** 18n)
    const to = recipient()
    const tx = { type: 2, chainId: CHAIN, nonce: await node.nonce(from), ...FEES, gas: 21000, to, value: '1000000' }
    const raw = await airsign(['sign', ...key, '--tx', JSON.stringify(tx)], { fds: [shares, 'TREZOR'] })
    await execute(node, raw, { from, to, value: 1000000n })
  })

  test('keystore (ethereum/tests test1, pbkdf2) with --password-file: a type-1 transfer from its address', async () => {
    const cases = JSON.parse(readFileSync(join(ROOT, 'test-vectors/keystore/keystore-basic-tests.json'), 'utf8')) as Record<string, { json: unknown; password: string; priv: string }>
    const c = cases.test1!
    const ks = files.path('keystore.json', JSON.stringify(c.json))
    const key = ['--keystore', ks, '--password-file', '/dev/fd/3']
    const from = await airsign(['address', ...key], { fds: [c.password] })
    expect(from).toBe(computeAddress(`0x${c.priv}`))
    await node.fund(from, 10n ** 18n)
    const to = recipient()
    const tx = { type: 1, chainId: CHAIN, nonce: await node.nonce(from), gasPrice: '2000000000', gas: 21000, to, value: '42', accessList: [] }
    // --json: what airsign says it signed is what the node executed (hash, sender, type, chain, nonce).
    const out = JSON.parse(await airsign(['sign', ...key, '--json', '--tx', JSON.stringify(tx)], { fds: [c.password] })) as Record<string, string | number>
    const { rcpt } = await execute(node, String(out.raw), { from, to, value: 42n })
    expect(out).toEqual({ raw: out.raw, hash: rcpt.transactionHash, from, type: 1, chainId: String(CHAIN), nonce: String(tx.nonce) })
  })

  test('raw private key (--private-key-file, a seeded key): a legacy EIP-155 transfer', async () => {
    const priv = hexlify(rng.bytes(32))
    const from = await airsign(['address', '--private-key-file', '/dev/fd/3'], { fds: [priv + '\n'] })
    expect(from).toBe(computeAddress(priv))
    await node.fund(from, 10n ** 18n)
    const to = recipient()
    const tx = { type: 0, chainId: CHAIN, nonce: await node.nonce(from), gasPrice: '3000000000', gas: 21000, to, value: '9' }
    const raw = await airsign(['sign', '--private-key-file', '/dev/fd/3', '--tx', JSON.stringify(tx)], { fds: [priv.slice(2)] })
    await execute(node, raw, { from, to, value: 9n })
  })
})

describe('sign --batch', () => {
  test('20 lines, nonces n … n+19, types 0/1/2 as JSON and raw hex: every line executes in order, the nonce moves by exactly 20', async () => {
    const from = await airsignAddress(7)
    const to = recipient()
    const n = await node.nonce(from)
    const values: bigint[] = []
    const lines = Array.from({ length: 20 }, (_, i) => {
      const value = 1n + rng.big(10n ** 15n)
      values.push(value)
      const nonce = n + i
      const common = { chainId: CHAIN, nonce, gas: 21000, to, value: value.toString() }
      switch (i % 4) {
        case 0:
          return JSON.stringify({ type: 0, ...common, gasPrice: '2000000000' })
        case 1:
          return JSON.stringify({ type: 1, ...common, gasPrice: '2000000000', accessList: [] })
        case 2:
          return JSON.stringify({ type: 2, ...common, ...FEES })
        default: // the unsigned EIP-2718 bytes ethers serializes
          return Transaction.from({ type: 2, chainId: CHAIN, nonce, gasLimit: 21000, to, value, ...FEES }).unsignedSerialized
      }
    })
    const r = await runCli(['sign', '--batch', '--mnemonic-file', '/dev/fd/3', '--index', '7'], { stdin: lines.join('\n') + '\n', extraFds: [M] })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const out = r.stdout.split('\n')
    expect(out.pop()).toBe('')
    expect(out).toHaveLength(20)
    for (const [i, raw] of out.entries()) {
      const { rcpt } = await execute(node, raw, { from, to, value: values[i]! })
      expect(rcpt.type).toBe(`0x${[0, 1, 2, 2][i % 4]}`)
      const t = await node.rpc<{ nonce: Hex }>('eth_getTransactionByHash', [rcpt.transactionHash])
      expect(Number(t.nonce)).toBe(n + i)
    }
    expect(await node.nonce(from)).toBe(n + 20)
    expect(await node.balance(to)).toBe(values.reduce((a, b) => a + b, 0n))
  })
})

describe('qr sign answers, assembled and executed', () => {
  const XFP = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, 'm').fingerprint.slice(2)
  const ask = async (req: EthSignRequest): Promise<Uint8Array> => {
    const enc = new UREncoder(req.toUR(), 400)
    const parts = Array.from({ length: enc.fragmentsLength }, () => enc.nextPart())
    const out = await airsign(['qr', 'sign', '--mnemonic-file', '/dev/fd/3'], { fds: [M], stdin: parts.join('\n') + '\n' })
    const d = new URDecoder()
    for (const l of out.split('\n')) d.receivePart(l)
    expect(d.isSuccess()).toBe(true)
    const sig = ETHSignature.fromCBOR(d.resultUR().cbor)
    expect(hexlify(sig.getRequestId()!)).toBe(`0x${req.getRequestId()!.toString('hex')}`)
    return new Uint8Array(sig.getSignature())
  }

  test('a legacy request (data type 1, index 8): r ‖ s ‖ v with EIP-155 v, rebuilt by ethers, executes from the key', async () => {
    const path = "m/44'/60'/0'/0/8"
    const from = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, path).address
    const to = recipient()
    const fields = { type: 0, chainId: BigInt(CHAIN), nonce: await node.nonce(from), gasPrice: 2000000000n, gasLimit: 21000n, to, value: 77n, data: '0x' }
    const unsigned = Buffer.from(getBytes(Transaction.from(fields).unsignedSerialized))
    const sig = await ask(EthSignRequest.constructETHRequest(unsigned, DataType.transaction, path, XFP, randomUUID(), CHAIN, from))
    const v = BigInt(hexlify(sig.subarray(64)))
    expect(v === BigInt(CHAIN * 2 + 35) || v === BigInt(CHAIN * 2 + 36)).toBe(true)
    const signed = Transaction.from({ ...fields, signature: Signature.from({ r: hexlify(sig.subarray(0, 32)), s: hexlify(sig.subarray(32, 64)), v }) })
    await execute(node, signed.serialized, { from, to, value: 77n })
  })

  test('a typed request (data type 4, EIP-1559, index 9): r ‖ s ‖ yParity, serialized by viem, executes from the key', async () => {
    const path = "m/44'/60'/0'/0/9"
    const from = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, path).address as Hex
    const to = recipient()
    const tx = { type: 'eip1559' as const, chainId: CHAIN, nonce: await node.nonce(from), maxFeePerGas: 2000000000n, maxPriorityFeePerGas: 1000000000n, gas: 21000n, to, value: 88n }
    const unsigned = Buffer.from(getBytes(serializeTransaction(tx)))
    const sig = await ask(EthSignRequest.constructETHRequest(unsigned, DataType.typedTransaction, path, XFP, randomUUID(), CHAIN))
    expect(sig.length).toBe(65)
    expect([0, 1]).toContain(sig[64])
    const raw = serializeTransaction(tx, { r: hexlify(sig.subarray(0, 32)) as Hex, s: hexlify(sig.subarray(32, 64)) as Hex, yParity: sig[64]! })
    await execute(node, raw, { from, to, value: 88n })
  })
})

describe('mutation: the checks fail when a signature is corrupted', () => {
  test('one flipped bit in s of a type-2 transaction: it recovers to another address; the node refuses it (no funds), and funded it executes from that address, which execute() rejects', async () => {
    const from = await airsignAddress(0)
    const to = recipient()
    const raw = await airsignTx(node, { to, value: '1000', gas: 21000 })
    // s is the last field of a typed transaction: flip the lowest bit of its last byte.
    const bad = raw.slice(0, -2) + (parseInt(raw.slice(-2), 16) ^ 1).toString(16).padStart(2, '0')
    const good = Transaction.from(raw)
    const mutated = Transaction.from(bad)
    expect(BigInt(mutated.signature!.s) ^ BigInt(good.signature!.s)).toBe(1n)
    const wrong = mutated.from!
    expect(good.from).toBe(from)
    expect(wrong).not.toBe(from)
    const nonce = await node.nonce(from)
    // The other address holds nothing: the node refuses, and execute() fails with the node's message.
    await expect(execute(node, bad, { from, to, value: 1000n })).rejects.toThrow(
      'eth_sendRawTransaction: Insufficient funds for gas * price + value',
    )
    // Given funds (and the nonce the signed transaction carries), the node executes it, from the wrong sender.
    await node.fund(wrong, 10n ** 18n)
    await node.rpc('anvil_setNonce', [wrong, `0x${nonce.toString(16)}`])
    await expect(execute(node, bad, { from, to, value: 1000n })).rejects.toThrow(`sent from ${lower(wrong)}, expected ${lower(from)}`)
    expect(await node.nonce(from)).toBe(nonce)
    // The untouched signature still executes from the derived address.
    await execute(node, raw, { from, to, value: 1000n })
  })
})
