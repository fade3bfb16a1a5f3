import { describe, expect, test } from 'vitest'
import { keccak_256 } from '@noble/hashes/sha3.js'
import vectors from '../../test-vectors/safe/safe-vectors.json' with { type: 'json' }
import { bigintToFixed, bytesToHex, concatBytes, hexToBytes } from '../bytes.js'
import { personalHash } from '../message.js'
import { hashTypedData, parseTypedData } from '../typed-data.js'
import { safeMessageHashes, safeTxHashes, safeTxTypedData, type SafeDomain, type SafeTx } from './hash.js'
import { nestedForTx } from './nested.js'
import { parseSafeTxJson } from './tx-json.js'
import { parseVersion } from './version.js'
import { codeOf } from '../test/expect.js'

type V = (typeof vectors)[number] & Record<string, unknown>
const byId = (id: string): V => vectors.find((v) => v.id === id) as V
/** The vectors' version texts (">=1.3.0", "1.1.1 (singleton …)") as a release. */
const versionOf = (v: string) => parseVersion(v.startsWith('>=') ? v.slice(2) : v.split(' ')[0]!)
const txOf = (v: V): SafeTx => parseSafeTxJson(v.tx).tx
const domainOf = (v: V, version = versionOf(v.version as string)): SafeDomain => ({ safe: hexToBytes(v.safe as string, 'safe'), chainId: BigInt(v.chainId as number), version })
const hex = (h: { domainSeparator: Uint8Array; structHash: Uint8Array; hash: Uint8Array }) => ({ domainHash: bytesToHex(h.domainSeparator), messageHash: bytesToHex(h.structHash), safeTxHash: bytesToHex(h.hash) })

/** The hash written out by hand (abi.encode of 32-byte words), independent of typed-data.ts. */
function manual(d: SafeDomain, tx: SafeTx, dataGas: boolean, chainId: boolean): string {
  const w = (n: bigint) => bigintToFixed(n, 32)
  const a = (x: Uint8Array) => concatBytes(new Uint8Array(12), x)
  const k = (s: string) => keccak_256(new TextEncoder().encode(s))
  const domain = keccak_256(concatBytes(k(chainId ? 'EIP712Domain(uint256 chainId,address verifyingContract)' : 'EIP712Domain(address verifyingContract)'), ...(chainId ? [w(d.chainId!)] : []), a(d.safe)))
  const th = k(`SafeTx(address to,uint256 value,bytes data,uint8 operation,uint256 safeTxGas,uint256 ${dataGas ? 'dataGas' : 'baseGas'},uint256 gasPrice,address gasToken,address refundReceiver,uint256 nonce)`)
  const struct = keccak_256(concatBytes(th, a(tx.to), w(tx.value), keccak_256(tx.data), w(BigInt(tx.operation)), w(tx.safeTxGas), w(tx.baseGas), w(tx.gasPrice), a(tx.gasToken), a(tx.refundReceiver), w(tx.nonce)))
  return bytesToHex(keccak_256(concatBytes(Uint8Array.of(0x19, 1), domain, struct)))
}

describe('SafeTx hashes: the known answers of test-vectors/safe/safe-vectors.json', () => {
  for (const v of vectors as V[]) {
    if (!v.tx || v.id === 'derived-version-matrix') continue
    test(v.id, () => {
      const e = v.expect as Record<string, string>
      expect(hex(safeTxHashes(domainOf(v), txOf(v)))).toEqual({ domainHash: e.domainHash, messageHash: e.messageHash, safeTxHash: e.safeTxHash })
    })
  }

  test('derived-version-matrix: every release hashes by the two rules (chainId from 1.3.0, dataGas before 1.0.0)', () => {
    const v = byId('derived-version-matrix')
    const e = v.expect as Record<string, Record<string, string>>
    const tx = txOf(v)
    for (const r of ['0.1.0', '1.0.0', '1.1.0', '1.1.1', '1.2.0', '1.3.0', '1.3.0+L2', '1.4.0', '1.4.1', '1.4.1+L2', '1.5.0']) {
      const want = r === '0.1.0' ? e['0.1.0'] : r < '1.3.0' ? e['1.0.0..1.2.0'] : e['1.3.0..1.5.0']
      const d = domainOf(v, parseVersion(r))
      expect(hex(safeTxHashes(d, tx)), r).toEqual(want)
      expect(manual(d, tx, r === '0.1.0', r >= '1.3.0'), r).toBe(want!.safeTxHash)
    }
  })

  test('bybit: with the chain id added (a tool that ignores the version) the hash is another one', () => {
    const v = byId('bybit-ethereum-71-malicious')
    expect(bytesToHex(safeTxHashes(domainOf(v, parseVersion('1.3.0')), txOf(v)).hash)).toBe((v.expect as Record<string, string>).wrongIfChainIdAdded)
  })

  test('the EIP-712 document hashes (by typed-data.ts, after validation) to the same safeTxHash', () => {
    const v = byId('sthu-arbitrum-234')
    const d = domainOf(v)
    const doc = parseTypedData(JSON.parse(JSON.stringify(safeTxTypedData(d, txOf(v)))))
    expect(bytesToHex(hashTypedData(doc).digest)).toBe((v.expect as Record<string, string>).safeTxHash)
  })

  test('nested approveHash: the owner Safe signs its own SafeTx approveHash(parent hash)', () => {
    const parent = byId('sthu-sepolia-4-primary')
    const child = byId('sthu-sepolia-4-nested-approveHash')
    const ph = safeTxHashes(domainOf(parent), txOf(parent))
    const n = nestedForTx('approve-hash', domainOf(parent), ph, domainOf(child), 4n)
    expect(n.mode === "approve-hash" && bytesToHex(n.tx.data)).toBe(child.tx!.data)
    expect(hex(n.hashes)).toEqual(child.expect)
  })
})

describe('SafeMessage hashes', () => {
  test('msg-sepolia-opensea: text → EIP-191 hash → SafeMessage', () => {
    const v = byId('msg-sepolia-opensea')
    const e = v.expect as Record<string, string>
    const inner = personalHash(new TextEncoder().encode(v.message as string))
    expect(bytesToHex(inner)).toBe(e.eip191Hash)
    const h = safeMessageHashes(domainOf(v), inner)
    expect([bytesToHex(h.domainSeparator), bytesToHex(h.structHash), bytesToHex(h.hash)]).toEqual([e.domainHash, e.messageHash, e.safeMessageHash])
  })

  test('shrs-api-message-snapshot-vote: typed data → EIP-712 hash → SafeMessage, and the legacy domain gives the other answer', () => {
    const v = byId('shrs-api-message-snapshot-vote')
    const e = v.expect as Record<string, string>
    const inner = hashTypedData(parseTypedData(v.typedData)).digest
    expect(bytesToHex(inner)).toBe(e.eip712Hash)
    expect(bytesToHex(safeMessageHashes(domainOf(v, parseVersion('1.3.0')), inner).hash)).toBe(e.safeMessageHash)
    const m = (byId('derived-version-matrix').expect as Record<string, Record<string, string>>).safeMessage_inner_0x2ddf!
    expect(bytesToHex(safeMessageHashes(domainOf(v, parseVersion('1.1.1')), inner).hash)).toBe(m['<1.3.0'])
  })
})

describe('versions', () => {
  test('parse: releases, +L2, newer than known', () => {
    expect(parseVersion('1.3.0+L2')).toMatchObject({ release: '1.3.0', l2: true, assumed: false })
    expect(parseVersion('1.5.0')).toMatchObject({ release: '1.5.0', l2: false, assumed: false })
    expect(parseVersion('2.0.0')).toMatchObject({ release: '2.0.0', assumed: true })
  })
  test('refused: not a version, older than 0.1.0, never released', () => {
    expect(codeOf(() => parseVersion('1.3'))).toBe('SAFE_VERSION_UNSUPPORTED')
    expect(codeOf(() => parseVersion('0.0.9'))).toBe('SAFE_VERSION_UNSUPPORTED')
    expect(codeOf(() => parseVersion('1.2.5'))).toBe('SAFE_VERSION_UNSUPPORTED')
  })
})
