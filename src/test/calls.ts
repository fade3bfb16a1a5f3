/**
 * Test support: calldata and transactions for the review tests, built with
 * airsign's own encoder from human-readable signatures (the encoder itself
 * is checked against viem and ethers in src/abi/differential.test.ts).
 * @module
 */
import { bytesToHex, hexToBytes } from '../bytes.js'
import { encodeCall } from '../abi/encode.js'
import { parseSignature, type AbiValue } from '../abi/types.js'
import { encodeEntries } from '../safe/multisend.js'

export const a = (hex: string): Uint8Array => hexToBytes(hex, 'address')
export const MAX = (1n << 256n) - 1n

/** calldata of `signature` with `values`. */
export function call(signature: string, ...values: AbiValue[]): Uint8Array {
  return encodeCall(parseSignature(signature), values)
}

export const USDC = a('0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48')
export const PERMIT2 = a('0x000000000022D473030F116dDEE9F6B43aC78BA3')
export const ALICE = a('0x1111111111111111111111111111111111111111')
export const BOB = a('0x2222222222222222222222222222222222222222')
export const SAFE = a('0x5afe5afe5afe5afe5afe5afe5afe5afe5afe5afe')
export const EVIL = a('0x96221423681A6d52E184D440a8eFCEbB105C7242')
export const MULTISEND_141 = a('0x38869bf66a61cF6bDB996A6aE40D5853Fd43B526')
export const MULTISEND_CALL_ONLY_141 = a('0x9641d764fc13c8B624c04430C7356C1C7C8102e2')
export const SIGN_MESSAGE_LIB_141 = a('0xd53cd0aB83D845Ac265BE939c57F53AD838012c9')
export const FALLBACK_141 = a('0xfd0732Dc9E303f09fCEf3a7388Ad10A83459Ec99')
export const ZERO = new Uint8Array(20)

const EXEC = 'execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)'

/** A Safe execTransaction with zero gas fields and a 65-byte dummy signature. */
export function exec(to: Uint8Array, data: Uint8Array, operation: 0 | 1, opts: { value?: bigint; gasPrice?: bigint; gasToken?: Uint8Array; refundReceiver?: Uint8Array } = {}): Uint8Array {
  return call(EXEC, to, opts.value ?? 0n, data, BigInt(operation), 0n, 0n, opts.gasPrice ?? 0n, opts.gasToken ?? ZERO, opts.refundReceiver ?? ZERO, new Uint8Array(65))
}

/** multiSend(bytes) of packed entries. */
export function multiSend(entries: { operation: 0 | 1; to: Uint8Array; value?: bigint; data: Uint8Array }[]): Uint8Array {
  return call('multiSend(bytes transactions)', encodeEntries(entries.map((e) => ({ ...e, value: e.value ?? 0n }))))
}

/** An unsigned EIP-1559 transaction as the JSON `sign` and `inspect` take. */
export function txJson(to: Uint8Array | null, data: Uint8Array, opts: { chainId?: number; value?: bigint; nonce?: number } = {}): string {
  return JSON.stringify({
    type: 2,
    chainId: opts.chainId ?? 1,
    nonce: opts.nonce ?? 0,
    maxPriorityFeePerGas: '1000000000',
    maxFeePerGas: '30000000000',
    gas: 200000,
    to: to === null ? null : bytesToHex(to),
    value: (opts.value ?? 0n).toString(),
    data: bytesToHex(data),
  })
}

/** EIP712Domain fields for a domain object, in the EIP's order (what airsign requires). */
export function domainTypes(domain: Record<string, unknown>): { name: string; type: string }[] {
  const T: Record<string, string> = { name: 'string', version: 'string', chainId: 'uint256', verifyingContract: 'address', salt: 'bytes32' }
  return Object.keys(T)
    .filter((k) => k in domain)
    .map((k) => ({ name: k, type: T[k]! }))
}
/** Safe's SafeTx type, written out for the oracles (ethers' side): `dataGas` before Safe 1.0.0. */
export function safeTxFields(sixth: 'baseGas' | 'dataGas' = 'baseGas'): { name: string; type: string }[] {
  return [
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
    { name: 'operation', type: 'uint8' },
    { name: 'safeTxGas', type: 'uint256' },
    { name: sixth, type: 'uint256' },
    { name: 'gasPrice', type: 'uint256' },
    { name: 'gasToken', type: 'address' },
    { name: 'refundReceiver', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ]
}
/** EIP-2612 Permit. */
export const PERMIT_TYPES = {
  Permit: [
    { name: 'owner', type: 'address' },
    { name: 'spender', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
}
/** Permit2 AllowanceTransfer PermitSingle. */
export const PERMIT2_TYPES = {
  PermitDetails: [
    { name: 'token', type: 'address' },
    { name: 'amount', type: 'uint160' },
    { name: 'expiration', type: 'uint48' },
    { name: 'nonce', type: 'uint48' },
  ],
  PermitSingle: [
    { name: 'details', type: 'PermitDetails' },
    { name: 'spender', type: 'address' },
    { name: 'sigDeadline', type: 'uint256' },
  ],
}
/** A typed-data document (as JSON-ready data) with the domain's types derived. */
export function typedDoc(primaryType: string, types: Record<string, { name: string; type: string }[]>, domain: Record<string, unknown>, message: Record<string, unknown>) {
  return { types: { EIP712Domain: domainTypes(domain), ...types }, primaryType, domain, message }
}
