/**
 * Canonical ABI encoding: exact bytes for known calls (the literal hex was
 * produced by viem 2.57.20 and checked word by word against the layout in the
 * comments), the identity decode ∘ encode, and every ABI_VALUE refusal.
 */
import { describe, expect, test } from 'vitest'
import { bytesToHex, hexToBytes } from '../bytes.js'
import { decode } from './decode.js'
import { encode, encodeCall } from './encode.js'
import { parseSignature, parseType, type AbiValue, type Param } from './types.js'
import { codeOf } from '../test/expect.js'

const w = (n: bigint | number): string => BigInt.asUintN(256, BigInt(n)).toString(16).padStart(64, '0')
const pad = (hex: string): string => hex.padEnd(Math.ceil(hex.length / 64) * 64, '0')
const rep = (byte: number, n: number): Uint8Array => new Uint8Array(n).fill(byte)
const params = (sig: string): readonly Param[] => parseSignature(sig).inputs
const one = (type: string): Param[] => [{ name: 'v', type: parseType(type) }]
const U256_MAX = (1n << 256n) - 1n


describe('known calls, byte for byte', () => {
  test('approve(address,uint256) with 2^256-1', () => {
    const fn = parseSignature('approve(address spender, uint256 amount)')
    expect(bytesToHex(encodeCall(fn, [rep(0x11, 20), U256_MAX]))).toBe('0x095ea7b3' + '000000000000000000000000' + '11'.repeat(20) + 'f'.repeat(64))
  })

  test('Safe execTransaction with a 65-byte signature', () => {
    const fn = parseSignature(
      'execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)',
    )
    const data = encodeCall(fn, [rep(0x22, 20), 10n ** 18n, hexToBytes('0xa9059cbb', 't'), 1n, 0n, 0n, 0n, rep(0, 20), rep(0, 20), rep(0xab, 65)])
    const expected = [
      '6a761202',
      w(0x2222222222222222222222222222222222222222n), // to
      w(10n ** 18n), // value
      w(0x140), // offset of data: 10 head words
      w(1), // operation
      w(0), // safeTxGas
      w(0), // baseGas
      w(0), // gasPrice
      w(0), // gasToken
      w(0), // refundReceiver
      w(0x180), // offset of signatures: 0x140 + 2 words of data
      w(4), // data.length
      pad('a9059cbb'),
      w(65), // signatures.length
      pad('ab'.repeat(65)),
    ].join('')
    expect(bytesToHex(data)).toBe('0x' + expected)
    expect(bytesToHex(data)).toBe(
      '0x6a76120200000000000000000000000022222222222222222222222222222222222222220000000000000000000000000000000000000000000000000de0b6b3a7640000000000000000000000000000000000000000000000000000000000000000014000000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001800000000000000000000000000000000000000000000000000000000000000004a9059cbb000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000041ababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababababab00000000000000000000000000000000000000000000000000000000000000',
    )
  })

  test('Uniswap exactInput((bytes,address,uint256,uint256))', () => {
    const fn = parseSignature('exactInput((bytes path, address recipient, uint256 amountIn, uint256 amountOutMinimum) params)')
    const data = encodeCall(fn, [[rep(0xcc, 43), rep(0x33, 20), 1000n, 1n]])
    expect(bytesToHex(data)).toBe(
      '0xb858183f00000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000080000000000000000000000000333333333333333333333333333333333333333300000000000000000000000000000000000000000000000000000000000003e80000000000000000000000000000000000000000000000000000000000000001000000000000000000000000000000000000000000000000000000000000002bcccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc000000000000000000000000000000000000000000',
    )
  })

  test('negative ints, bytes3, bool, a UTF-8 string, uint16[2][]', () => {
    const p = params('f(int8 a, int256 b, bytes3 c, bool d, string e, uint16[2][] f)')
    const v: AbiValue[] = [-1n, -(1n << 255n), Uint8Array.of(1, 2, 3), true, 'héllo', [[1n, 2n], [3n, 65535n]]]
    expect(bytesToHex(encode(p, v))).toBe(
      '0x' + [w(-1), w(-(1n << 255n)), pad('010203'), w(1), w(0xc0), w(0x100), w(6), pad('68c3a96c6c6f'), w(2), w(1), w(2), w(3), w(65535)].join(''),
    )
  })

  test('empty values: no parameters, empty bytes, string and array', () => {
    expect(encode([], [])).toEqual(new Uint8Array(0))
    expect(bytesToHex(encode(params('f(bytes a, string b, uint8[] c)'), [new Uint8Array(0), '', []]))).toBe('0x' + [w(96), w(128), w(160), w(0), w(0), w(0)].join(''))
  })

  test('function: 24 bytes, left-aligned', () => {
    expect(bytesToHex(encode(one('function'), [rep(0xee, 24)]))).toBe('0x' + 'ee'.repeat(24) + '00'.repeat(8))
  })
})

describe('decode ∘ encode is the identity on these', () => {
  test.each([
    ['f(uint8[] a)', [[0n, 1n, 255n]]],
    ['f((uint8 x, uint16[] ys)[] items, string[2] names)', [[[1n, [7n]], [2n, []]], ['a', 'bc']]],
    ['f(bytes[2][] a)', [[[new Uint8Array(0), rep(1, 33)], [rep(2, 32), rep(3, 1)]]]],
    ['f(string a)', ['\ufeff😀 ﷽ \u0000']],
  ])('%s', (sig, values) => {
    const p = params(sig)
    const r = decode(p, encode(p, values as AbiValue[]))
    expect([r.values, r.issues]).toEqual([values, []])
  })
})

describe('values that do not fit their type: ABI_VALUE', () => {
  test.each([
    ['uint8 256', 'uint8', 256n],
    ['uint8 -1', 'uint8', -1n],
    ['uint256 2^256', 'uint256', 1n << 256n],
    ['uint as a number', 'uint256', 1],
    ['uint as a string', 'uint256', '1'],
    ['int8 128', 'int8', 128n],
    ['int8 -129', 'int8', -129n],
    ['int256 2^255', 'int256', 1n << 255n],
    ['int256 -2^255-1', 'int256', -(1n << 255n) - 1n],
    ['bool 1n', 'bool', 1n],
    ['address 19 bytes', 'address', rep(1, 19)],
    ['address 32 bytes', 'address', rep(1, 32)],
    ['address as hex text', 'address', '0x' + '11'.repeat(20)],
    ['bytes4 3 bytes', 'bytes4', rep(1, 3)],
    ['bytes4 5 bytes', 'bytes4', rep(1, 5)],
    ['function 20 bytes', 'function', rep(1, 20)],
    ['bytes as a string', 'bytes', 'ab'],
    ['string as bytes', 'string', rep(0x61, 1)],
    ['string with a lone high surrogate', 'string', 'a\ud800b'],
    ['string with a lone low surrogate', 'string', '\udc00'],
    ['string ending in a high surrogate', 'string', 'x\ud83d'],
    ['uint8[2] with 1 element', 'uint8[2]', [1n]],
    ['uint8[2] with 3 elements', 'uint8[2]', [1n, 2n, 3n]],
    ['uint8[] given bytes', 'uint8[]', Uint8Array.of(1)],
    ['tuple with one component too few', '(uint8,bool)', [1n]],
    ['tuple with one too many', '(uint8,bool)', [1n, true, 0n]],
    ['tuple given a bigint', '(uint8,bool)', 1n],
    ['element inside an array of tuples', '(uint8 a, bool b)[]', [[1n, true], [256n, false]]],
  ])('%s', (_, type, value) => {
    expect(codeOf(() => encode(one(type), [value as AbiValue]))).toBe('ABI_VALUE')
  })

  test('the count of values must match the parameters', () => {
    expect(codeOf(() => encode(one('uint8'), []))).toBe('ABI_VALUE')
    expect(codeOf(() => encode(one('uint8'), [1n, 2n]))).toBe('ABI_VALUE')
  })

  test('the message names the path', () => {
    expect(() => encode(params('f((uint8 a, bool b)[] items)'), [[[1n, true], [256n, false]]])).toThrow('items[1].a: uint8 needs a bigint from 0 to 2^8-1')
    expect(() => encode(params('f(uint8, (bool, int8))'), [1n, [true, 200n]])).toThrow('[1][1]: int8 needs a bigint from -2^7 to 2^7-1')
  })

  test('a well-formed surrogate pair is fine', () => {
    expect(bytesToHex(encode(one('string'), ['😀']))).toBe('0x' + w(32) + w(4) + pad('f09f9880'))
  })
})

describe('large values', () => {
  test('an array of 200 000 elements encodes (no argument-count limit of the engine)', () => {
    const n = 200_000
    const out = encode(one('uint8[]'), [Array.from({ length: n }, (_, i) => BigInt(i & 0xff))])
    expect([out.length, bytesToHex(out.subarray(0, 64)), out[64 + 31], out[64 + (n - 1) * 32 + 31]]).toEqual([64 + n * 32, '0x' + w(32) + w(n), 0, (n - 1) & 0xff])
  })
})
