/**
 * Test support for `airsign safe …`: the shared research's known answers
 * (test-vectors/safe/safe-vectors.json), Safe hashes computed with ethers'
 * TypedDataEncoder (an oracle independent of airsign's typed-data.ts), the
 * test mnemonic's first keys, and a `signatures` blob built by hand from the
 * layout of RESEARCH §2.1/§2.2 (sorted by owner, 65-byte static parts,
 * contract data at the end with its length).
 * @module
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { concat, getBytes, hashMessage, HDNodeWallet, Mnemonic, Signature, toBeHex, TypedDataEncoder, zeroPadValue } from 'ethers'
import { safeTxFields } from './calls.js'
import { ROOT, TEST_MNEMONIC } from './cli.js'

/** The ten SafeTx fields as the vectors (and the Transaction Service v2) write them. */
export type SafeTxFields = { to: string; value: string; data: string; operation: number; safeTxGas: string; baseGas: string; gasPrice: string; gasToken: string; refundReceiver: string; nonce: string }
export type Hashes = { domainHash: string; messageHash: string; safeTxHash: string }
export type Confirmation = { owner: string; signature: string; signatureType?: string }
export type Vector = {
  id: string
  chainId?: number
  safe?: string
  safeTxHash?: string
  version?: string
  tx?: SafeTxFields
  message?: string
  typedData?: { types: Record<string, { name: string; type: string }[]>; primaryType: string; domain: Record<string, unknown>; message: Record<string, unknown> }
  expect: Record<string, unknown>
  confirmations?: Confirmation[]
  warnings?: string[]
}

export const VECTORS = JSON.parse(readFileSync(join(ROOT, 'test-vectors/safe/safe-vectors.json'), 'utf8')) as Vector[]

/** One vector by id. */
export function vector(id: string): Vector {
  const v = VECTORS.find((x) => x.id === id)
  if (!v) throw new Error(`no vector ${id}`)
  return v
}

/** The version to pass for a vector's `version` text: ">=1.3.0" → 1.3.0, "1.1.1 (singleton …)" → 1.1.1, "1.3.0+L2" kept. */
export const versionOf = (v: string): string => v.replace(/^>=/, '').split(' ')[0]!

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

/** A SafeTx with the refund fields zero. */
export function safeTx(to: string, nonce: number | string, more: Partial<SafeTxFields> = {}): SafeTxFields {
  return { to, value: '0', data: '0x', operation: 0, safeTxGas: '0', baseGas: '0', gasPrice: '0', gasToken: ZERO_ADDRESS, refundReceiver: ZERO_ADDRESS, nonce: String(nonce), ...more }
}

/** The command-line flags that give a SafeTx field by field. */
export function txFlags(t: SafeTxFields): string[] {
  return [
    '--to', t.to, '--value', t.value, '--data', t.data, '--operation', String(t.operation), '--safe-tx-gas', t.safeTxGas, '--base-gas', t.baseGas,
    '--gas-price', t.gasPrice, '--gas-token', t.gasToken, '--refund-receiver', t.refundReceiver, '--nonce', t.nonce,
  ]
}

/** Does a Safe of this version hash the chain id (1.3.0 and later), and name its sixth field dataGas (0.1.0)? */
export function rules(version: string): { chainId: boolean; dataGas: boolean } {
  const [major, minor] = version.split(/[.+]/).map(Number) as [number, number]
  return { chainId: major > 1 || (major === 1 && minor >= 3), dataGas: major === 0 }
}

/** ethers' types for a SafeTx of this version (no EIP712Domain: ethers derives it from the domain). */
export function safeTxTypes(version: string): Record<string, { name: string; type: string }[]> {
  return { SafeTx: safeTxFields(rules(version).dataGas ? 'dataGas' : 'baseGas') }
}

/** The EIP-712 domain of a Safe (ethers form). */
export function safeDomain(safe: string, chainId: number | bigint | string | null, version: string): Record<string, unknown> {
  return rules(version).chainId ? { chainId: BigInt(chainId!), verifyingContract: safe } : { verifyingContract: safe }
}

/** The domain separator, struct hash and safeTxHash of a SafeTx, by ethers. */
export function ethersSafeTx(safe: string, chainId: number | bigint | string | null, version: string, t: SafeTxFields): Hashes & { preimage: string } {
  const types = safeTxTypes(version)
  const message = { ...t, ...(rules(version).dataGas ? { dataGas: t.baseGas } : {}) }
  const domain = safeDomain(safe, chainId, version)
  const domainHash = TypedDataEncoder.hashDomain(domain)
  const messageHash = TypedDataEncoder.from(types).hash(message)
  return { domainHash, messageHash, safeTxHash: TypedDataEncoder.hash(domain, types, message), preimage: concat(['0x1901', domainHash, messageHash]) }
}

export const SAFE_MESSAGE_TYPES = { SafeMessage: [{ name: 'message', type: 'bytes' }] }

/** The hashes of SafeMessage(message) under a Safe's domain, by ethers. */
export function ethersSafeMessage(safe: string, chainId: number | bigint | string | null, version: string, message: string): { domainHash: string; messageHash: string; safeMessageHash: string } {
  const domain = safeDomain(safe, chainId, version)
  return { domainHash: TypedDataEncoder.hashDomain(domain), messageHash: TypedDataEncoder.from(SAFE_MESSAGE_TYPES).hash({ message }), safeMessageHash: TypedDataEncoder.hash(domain, SAFE_MESSAGE_TYPES, { message }) }
}

const MNEMONIC = Mnemonic.fromPhrase(TEST_MNEMONIC)
/** The test mnemonic's key at m/44'/60'/0'/0/i. */
export const key = (i: number): HDNodeWallet => HDNodeWallet.fromMnemonic(MNEMONIC, `m/44'/60'/0'/0/${i}`)

/** An owner's EIP-712 signature of a safeTxHash (v 27/28), by ethers. */
export const eip712Sig = (w: HDNodeWallet, hash: string): string => w.signingKey.sign(hash).serialized

/** An owner's eth_sign signature of a safeTxHash: the personal-message hash of the 32 bytes, v + 4 (31/32). */
export function ethSignSig(w: HDNodeWallet, hash: string): string {
  const s = Signature.from(w.signingKey.sign(hashMessage(getBytes(hash))))
  return concat([s.r, s.s, toBeHex(s.v + 4, 1)])
}

/** One entry of a `signatures` blob to build by hand. */
export type BlobEntry = { owner: string; sig: string } | { owner: string; approved: true } | { owner: string; contract: string }

/**
 * The `signatures` bytes of these entries (RESEARCH §2.1, §2.2): sorted by owner as uint160, one 65-byte
 * static part each (r ‖ s ‖ v; approved: owner ‖ 0 ‖ 1; contract: owner ‖ offset ‖ 0), then each contract
 * signature's length (32 bytes) and data, the offset counted from the start of the bytes.
 */
export function signaturesBlob(entries: BlobEntry[], sort = true): string {
  const list = sort ? [...entries].sort((a, b) => (BigInt(a.owner) < BigInt(b.owner) ? -1 : 1)) : entries
  const statics: string[] = []
  const dynamics: string[] = []
  let offset = list.length * 65
  for (const e of list) {
    if ('sig' in e) statics.push(e.sig)
    else if ('approved' in e) statics.push(concat([zeroPadValue(e.owner, 32), toBeHex(0, 32), '0x01']))
    else {
      statics.push(concat([zeroPadValue(e.owner, 32), toBeHex(offset, 32), '0x00']))
      const data = getBytes(e.contract)
      dynamics.push(concat([toBeHex(data.length, 32), data]))
      offset += 32 + data.length
    }
  }
  return concat([...statics, ...dynamics])
}
