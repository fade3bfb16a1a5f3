import { describe, expect, test } from 'vitest'
import { bigintToBytes, bigintToFixed, bytesToBigint, bytesToHex, hexToBytes, parseQuantity } from './bytes.js'

const code = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    return (e as { code: string }).code
  }
  return 'no error'
}

describe('hex codec', () => {
  test('round-trips every byte value, lower case with 0x', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    const hex = bytesToHex(all)
    expect(hex.slice(0, 8)).toBe('0x000102')
    expect(hex).toBe(hex.toLowerCase())
    expect(hexToBytes(hex, 'x')).toEqual(all)
    expect(hexToBytes(hex.slice(2).toUpperCase(), 'x')).toEqual(all)
  })
  test('rejects odd length and non-hex characters with BAD_HEX', () => {
    expect(code(() => hexToBytes('0xabc', 'f'))).toBe('BAD_HEX')
    expect(code(() => hexToBytes('0xzz', 'f'))).toBe('BAD_HEX')
    expect(code(() => hexToBytes(' 00', 'f'))).toBe('BAD_HEX')
    expect(code(() => hexToBytes('0x0g', 'f'))).toBe('BAD_HEX')
  })
  test('empty hex is empty bytes', () => {
    expect(hexToBytes('0x', 'f')).toEqual(new Uint8Array(0))
    expect(bytesToHex(new Uint8Array(0))).toBe('0x')
  })
})

describe('quantities', () => {
  test('minimal big-endian bytes, zero is empty (RLP)', () => {
    expect(bigintToBytes(0n)).toEqual(new Uint8Array(0))
    expect(bigintToBytes(0x100n)).toEqual(Uint8Array.of(1, 0))
    expect(bytesToBigint(Uint8Array.of(1, 0))).toBe(0x100n)
    expect(bytesToBigint(new Uint8Array(0))).toBe(0n)
    expect(bigintToFixed(1n, 4)).toEqual(Uint8Array.of(0, 0, 0, 1))
    expect(() => bigintToFixed(1n << 32n, 4)).toThrow()
  })
  test('parseQuantity accepts decimal, 0x hex and safe integers', () => {
    expect(parseQuantity('10', 'n')).toBe(10n)
    expect(parseQuantity('0x10', 'n')).toBe(16n)
    expect(parseQuantity(7, 'n')).toBe(7n)
    expect(parseQuantity('115792089237316195423570985008687907853269984665640564039457584007913129639935', 'n')).toBe((1n << 256n) - 1n)
  })
  test('parseQuantity rejects signs, fractions, unsafe numbers and values above the cap', () => {
    for (const v of ['-1', '1.5', '1e3', ' 1', '0x', '', 2 ** 53, -1, 1.5, null, true]) expect(code(() => parseQuantity(v, 'n'))).toBe('BAD_NUMBER')
    expect(code(() => parseQuantity((1n << 256n).toString(), 'n'))).toBe('BAD_NUMBER')
    expect(code(() => parseQuantity('11', 'n', 10n))).toBe('BAD_NUMBER')
  })
})
