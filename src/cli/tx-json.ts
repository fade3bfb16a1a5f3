/**
 * Transactions as JSON for output (`inspect`): field names as ethers and viem
 * use them, quantities as decimal strings (exact, any size), byte strings as
 * lower-case 0x hex, addresses in EIP-55 case.
 * @module
 */
import { bigintToFixed, bytesToHex } from '../bytes.js'
import * as address from '../address.js'
import * as tx from '../tx.js'
import { recoverAuthority } from '../authorization.js'

/** 32-byte signature values as 0x hex, as ethers prints r and s. */
export function hex32(n: bigint): string {
  return bytesToHex(bigintToFixed(n, 32))
}

/** The fields of a transaction, in wire order. */
export function txFields(t: tx.UnsignedTx): Record<string, unknown> {
  const o: Record<string, unknown> = { type: t.type, chainId: t.chainId === null ? null : t.chainId.toString(), nonce: t.nonce.toString() }
  if (t.type === 0 || t.type === 1) o.gasPrice = t.gasPrice.toString()
  else {
    o.maxPriorityFeePerGas = t.maxPriorityFeePerGas.toString()
    o.maxFeePerGas = t.maxFeePerGas.toString()
  }
  o.gas = t.gas.toString()
  o.to = t.to === null ? null : address.toChecksum(t.to)
  o.value = t.value.toString()
  o.data = bytesToHex(t.data)
  if (t.type !== 0) o.accessList = t.accessList.map((e) => ({ address: address.toChecksum(e.address), storageKeys: e.storageKeys.map(bytesToHex) }))
  if (t.type === 3) {
    o.maxFeePerBlobGas = t.maxFeePerBlobGas.toString()
    o.blobVersionedHashes = t.blobVersionedHashes.map(bytesToHex)
  }
  if (t.type === 4) {
    o.authorizationList = t.authorizationList.map((a) => {
      const who = recoverAuthority(a)
      return {
        chainId: a.chainId.toString(),
        address: address.toChecksum(a.address),
        nonce: a.nonce.toString(),
        yParity: a.yParity,
        r: hex32(a.r),
        s: hex32(a.s),
        authority: who === null ? null : address.toChecksum(who),
      }
    })
  }
  return o
}
