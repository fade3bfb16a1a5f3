/**
 * ABI types: the parser of type strings, human-readable signatures and JSON
 * ABI entries, canonical signatures and selectors, and every refusal (each
 * with the ABI_TYPE code). Selectors are pinned as hex (cross-checked against
 * viem and ethers for thousands of random signatures in differential.test.ts).
 */
import { describe, expect, test } from 'vitest'
import { bytesToHex } from '../bytes.js'
import { canonicalType, headSize, isDynamic, makeFunction, MAX_TYPE_DEPTH, nestingOf, parseJsonAbi, parseSignature, parseType, selectorOf, tupleOf, type AbiType } from './types.js'
import { codeOf } from '../test/expect.js'

const U256: AbiType = { kind: 'uint', bits: 256 }
const ADDR: AbiType = { kind: 'address' }


describe('parseType: elementary types', () => {
  test.each([
    ['uint8', { kind: 'uint', bits: 8 }],
    ['uint256', U256],
    ['uint', U256],
    ['int8', { kind: 'int', bits: 8 }],
    ['int136', { kind: 'int', bits: 136 }],
    ['int', { kind: 'int', bits: 256 }],
    ['address', ADDR],
    ['bool', { kind: 'bool' }],
    ['bytes1', { kind: 'fixedBytes', size: 1 }],
    ['byte', { kind: 'fixedBytes', size: 1 }],
    ['bytes32', { kind: 'fixedBytes', size: 32 }],
    ['bytes', { kind: 'bytes' }],
    ['string', { kind: 'string' }],
    ['function', { kind: 'function' }],
  ])('%s', (text, type) => {
    expect(parseType(text)).toEqual(type)
  })

  test('every uintN and intN from 8 to 256 in steps of 8, canonical as written', () => {
    for (let n = 8; n <= 256; n += 8) {
      expect(parseType(`uint${n}`)).toEqual({ kind: 'uint', bits: n })
      expect(parseType(`int${n}`)).toEqual({ kind: 'int', bits: n })
      expect(canonicalType(parseType(`int${n}`))).toBe(`int${n}`)
    }
  })

  test('every bytesN from 1 to 32', () => {
    for (let n = 1; n <= 32; n++) expect(parseType(`bytes${n}`)).toEqual({ kind: 'fixedBytes', size: n })
  })
})

describe('parseType: arrays and tuples', () => {
  test('a dynamic array of a fixed array: the last bracket is the outermost', () => {
    expect(parseType('uint8[2][]')).toEqual({ kind: 'array', length: null, item: { kind: 'array', length: 2, item: { kind: 'uint', bits: 8 } } })
  })

  test('tuple forms: (…), tuple(…), with names, spaces and arrays of tuples', () => {
    const t: AbiType = { kind: 'tuple', components: [{ name: '', type: ADDR }, { name: '', type: U256 }] }
    expect(parseType('(address,uint256)')).toEqual(t)
    expect(parseType('tuple(address,uint256)')).toEqual(t)
    expect(parseType(' ( address , uint256 ) ')).toEqual(t)
    expect(parseType('tuple(address to, uint256 amount)[3]')).toEqual({
      kind: 'array',
      length: 3,
      item: { kind: 'tuple', components: [{ name: 'to', type: ADDR }, { name: 'amount', type: U256 }] },
    })
    expect(parseType('uint256 [ 2 ]')).toEqual({ kind: 'array', length: 2, item: U256 })
  })

  test('canonical forms', () => {
    expect(canonicalType(parseType('tuple(uint a, (bytes b, int c)[] d)[2][]'))).toBe('(uint256,(bytes,int256)[])[2][]')
    expect(canonicalType(parseType('byte[]'))).toBe('bytes1[]')
  })

  test('the largest fixed array length is accepted; one more is refused', () => {
    expect(parseType('bool[1048576]')).toEqual({ kind: 'array', length: 1048576, item: { kind: 'bool' } })
    expect(codeOf(() => parseType('bool[1048577]'))).toBe('ABI_TYPE')
  })
})

describe('isDynamic and headSize', () => {
  test.each([
    ['uint256', false, 32],
    ['bytes32', false, 32],
    ['bytes', true, 32],
    ['string', true, 32],
    ['uint8[3]', false, 96],
    ['uint8[]', true, 32],
    ['string[2]', true, 32],
    ['(uint256,address)', false, 64],
    ['(uint256,address)[2][3]', false, 384],
    ['(uint256,bytes)', true, 32],
    ['(uint256,bytes[])[2]', true, 32],
  ])('%s: dynamic %s, head %i bytes', (text, dyn, head) => {
    const t = parseType(text)
    expect([isDynamic(t), headSize(t)]).toEqual([dyn, head])
  })
})

describe('parseSignature', () => {
  test.each([
    ['approve(address,uint256)', 'approve(address,uint256)', '0x095ea7b3'],
    ['approve(address spender, uint256 amount)', 'approve(address,uint256)', '0x095ea7b3'],
    ['function approve(address spender, uint256 amount) external returns (bool)', 'approve(address,uint256)', '0x095ea7b3'],
    ['transfer(address,uint)', 'transfer(address,uint256)', '0xa9059cbb'],
    [
      'execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)',
      'execTransaction(address,uint256,bytes,uint8,uint256,uint256,uint256,address,address,bytes)',
      '0x6a761202',
    ],
    ['exactInput((bytes path, address recipient, uint256 amountIn, uint256 amountOutMinimum) params)', 'exactInput((bytes,address,uint256,uint256))', '0xb858183f'],
    ['exactInput(tuple(bytes path, address recipient, uint256 amountIn, uint256 amountOutMinimum) params)', 'exactInput((bytes,address,uint256,uint256))', '0xb858183f'],
    ['multicall(uint256 deadline, bytes[] calldata data) external payable', 'multicall(uint256,bytes[])', '0x5ae401dc'],
    ['f(bytes1 a, function b, int c, uint8[2][] memory d)', 'f(bytes1,function,int256,uint8[2][])', '0x8e9b600d'],
    ['f(address payable to)', 'f(address)', '0xfc68521a'],
    ['  f ( uint256 )  ', 'f(uint256)', '0xb3de648b'],
    ['function f(uint256 a) public view virtual override returns (uint256 b, bool)', 'f(uint256)', '0xb3de648b'],
    ['$_f0()', '$_f0()', bytesToHex(selectorOf('$_f0()'))],
  ])('%s', (text, signature, selector) => {
    const fn = parseSignature(text)
    expect([fn.signature, bytesToHex(fn.selector)]).toEqual([signature, selector])
  })

  test('keeps the names and the types of the parameters', () => {
    const fn = parseSignature('exactInput((bytes path, address recipient, uint256 amountIn, uint256 amountOutMinimum) params)')
    expect(fn).toEqual({
      name: 'exactInput',
      signature: 'exactInput((bytes,address,uint256,uint256))',
      selector: Uint8Array.from([0xb8, 0x58, 0x18, 0x3f]),
      inputs: [
        {
          name: 'params',
          type: {
            kind: 'tuple',
            components: [
              { name: 'path', type: { kind: 'bytes' } },
              { name: 'recipient', type: ADDR },
              { name: 'amountIn', type: U256 },
              { name: 'amountOutMinimum', type: U256 },
            ],
          },
        },
      ],
    })
  })

  test('a function without parameters', () => {
    expect(parseSignature('deposit()')).toEqual(makeFunction('deposit', []))
    expect(bytesToHex(parseSignature('deposit()').selector)).toBe('0xd0e30db0')
  })

  test('makeFunction and tupleOf', () => {
    const inputs = [{ name: 'to', type: ADDR }]
    expect(makeFunction('f', inputs).signature).toBe('f(address)')
    expect(tupleOf(inputs)).toEqual({ kind: 'tuple', components: inputs })
  })
})

describe('refusals (ABI_TYPE)', () => {
  test.each([
    ['uint7', 'uint7'],
    ['uint264', 'uint264'],
    ['uint0', 'uint0'],
    ['uint08', 'uint08'],
    ['int4', 'int4'],
    ['int512', 'int512'],
    ['bytes0', 'bytes0'],
    ['bytes33', 'bytes33'],
    ['bytes01', 'bytes01'],
    ['fixed128x18', 'fixed128x18'],
    ['ufixed128x18', 'ufixed128x18'],
    ['fixed', 'fixed'],
    ['T[0]', 'uint256[0]'],
    ['T[01]', 'uint256[01]'],
    ['T[-1]', 'uint256[-1]'],
    ['T[0x2]', 'uint256[0x2]'],
    ['T[1e3]', 'uint256[1e3]'],
    ['(uint256[0])[]', '(uint256[0])[]'],
    ['()', '()'],
    ['()[]', '()[]'],
    ['tuple()', 'tuple()'],
    ['unknown name', 'uint256x'],
    ['capitalised', 'Uint256'],
    ['empty', ''],
    ['unclosed tuple', '(uint256'],
    ['unclosed array', 'uint256[2'],
    ['trailing comma', '(uint256,)'],
    ['text after the type', 'uint256 x'],
    ['two types', 'uint256 address'],
    ['tuple keyword without parens', 'tuple'],
  ])('type %s: %s', (_, text) => {
    expect(codeOf(() => parseType(text))).toBe('ABI_TYPE')
  })

  test.each([
    ['no name', '(uint256)'],
    ['numeric name', '1f(uint256)'],
    ['no parens', 'transfer'],
    ['unclosed', 'transfer(address,uint256'],
    ['junk after', 'transfer(address,uint256)x'],
    ['semicolon after', 'transfer(address,uint256);'],
    ['two names', 'f(uint256 a b)'],
    ['empty parameter', 'f(uint256,,bool)'],
    ['leading comma', 'f(,uint256)'],
    ['unknown type', 'f(uint7)'],
    ['zero-sized parameter', 'f(() x)'],
    ['junk text', 'hello world'],
    ['only junk', '%%%'],
    ['unknown keyword after', 'f(uint256) nonsense'],
    ['empty', ''],
  ])('signature %s: %s', (_, text) => {
    expect(codeOf(() => parseSignature(text))).toBe('ABI_TYPE')
  })

  test('the message names the type and the source', () => {
    expect(() => parseType('uint7', 'descriptor.json')).toThrow('descriptor.json: "uint7" is not a type (uintN needs N = 8, 16, … 256)')
    expect(() => parseType('bytes33')).toThrow('type: "bytes33" is not a type (bytesN needs N = 1 … 32)')
  })
})

describe('nesting depth', () => {
  test(`parseType: ${MAX_TYPE_DEPTH} levels of arrays or tuples are accepted, one more is refused`, () => {
    expect(canonicalType(parseType('uint256' + '[]'.repeat(MAX_TYPE_DEPTH)))).toBe('uint256' + '[]'.repeat(MAX_TYPE_DEPTH))
    expect(codeOf(() => parseType('uint256' + '[]'.repeat(MAX_TYPE_DEPTH + 1)))).toBe('ABI_TYPE')
    const tuples = (n: number): string => '('.repeat(n) + 'bool' + ')'.repeat(n)
    expect(canonicalType(parseType(tuples(MAX_TYPE_DEPTH)))).toBe(tuples(MAX_TYPE_DEPTH))
    expect(codeOf(() => parseType(tuples(MAX_TYPE_DEPTH + 1)))).toBe('ABI_TYPE')
  })

  test('arrays around tuples count with the tuples: the limit is on the whole nesting', () => {
    const mixed = (tuples: number, arrays: number): string => '('.repeat(tuples) + 'bool' + ')'.repeat(tuples) + '[]'.repeat(arrays)
    expect(nestingOf(parseType(mixed(16, 16)))).toBe(32)
    expect(codeOf(() => parseType(mixed(16, 17)))).toBe('ABI_TYPE')
    expect(codeOf(() => parseType(mixed(32, 1)))).toBe('ABI_TYPE')
    expect(codeOf(() => parseSignature(`f(${mixed(20, 20)})`))).toBe('ABI_TYPE')
    expect(codeOf(() => parseJsonAbi([{ type: 'function', name: 'f', inputs: [{ type: 'tuple' + '[]'.repeat(32), components: [{ type: 'bool' }] }] }]))).toBe('ABI_TYPE')
    expect(nestingOf(parseJsonAbi([{ type: 'function', name: 'f', inputs: [{ type: 'tuple' + '[]'.repeat(31), components: [{ type: 'bool' }] }] }])[0]!.inputs[0]!.type)).toBe(32)
  })

  test('nestingOf', () => {
    expect([nestingOf(parseType('uint8')), nestingOf(parseType('(uint8[])[2]')), nestingOf(parseType('(bool,(bool,bool[]))'))]).toEqual([0, 3, 3])
  })

  test(`parseSignature and parseJsonAbi count the same: ${MAX_TYPE_DEPTH} levels accepted, one more refused`, () => {
    const arr = (n: number): string => 'uint256' + '[]'.repeat(n)
    expect(parseSignature(`f(${arr(MAX_TYPE_DEPTH)})`).signature).toBe(`f(${arr(MAX_TYPE_DEPTH)})`)
    expect(codeOf(() => parseSignature(`f(${arr(MAX_TYPE_DEPTH + 1)})`))).toBe('ABI_TYPE')
    const tuples = (n: number): string => '('.repeat(n) + 'bool' + ')'.repeat(n)
    expect(parseSignature(`f(${tuples(MAX_TYPE_DEPTH)})`).signature).toBe(`f(${tuples(MAX_TYPE_DEPTH)})`)
    expect(codeOf(() => parseSignature(`f(${tuples(MAX_TYPE_DEPTH + 1)})`))).toBe('ABI_TYPE')
    // JSON: n nested tuple parameters, the innermost holding a bool.
    const json = (n: number): unknown => {
      let p: Record<string, unknown> = { name: 'x', type: 'bool' }
      for (let i = 0; i < n; i++) p = { name: `t${i}`, type: 'tuple', components: [p] }
      return [{ type: 'function', name: 'f', inputs: [p] }]
    }
    expect(parseJsonAbi(json(MAX_TYPE_DEPTH))[0]!.signature).toBe(`f(${tuples(MAX_TYPE_DEPTH)})`)
    expect(codeOf(() => parseJsonAbi(json(MAX_TYPE_DEPTH + 1)))).toBe('ABI_TYPE')
    expect(parseJsonAbi([{ type: 'function', name: 'f', inputs: [{ type: arr(MAX_TYPE_DEPTH) }] }])[0]!.signature).toBe(`f(${arr(MAX_TYPE_DEPTH)})`)
    expect(codeOf(() => parseJsonAbi([{ type: 'function', name: 'f', inputs: [{ type: arr(MAX_TYPE_DEPTH + 1) }] }]))).toBe('ABI_TYPE')
  })

  test('a deep nesting bomb is refused without exhausting the stack', () => {
    expect(codeOf(() => parseType('('.repeat(100_000) + 'bool' + ')'.repeat(100_000)))).toBe('ABI_TYPE')
    expect(codeOf(() => parseType('bool' + '[]'.repeat(100_000)))).toBe('ABI_TYPE')
    expect(codeOf(() => parseSignature('f(' + '('.repeat(100_000) + 'bool' + ')'.repeat(100_000) + ')'))).toBe('ABI_TYPE')
  })
})

describe('parseJsonAbi', () => {
  const transfer = { type: 'function', name: 'transfer', stateMutability: 'nonpayable', inputs: [{ name: 'to', type: 'address' }, { name: 'amount', type: 'uint256' }], outputs: [{ name: '', type: 'bool' }] }

  test('functions only, in order; events, errors, constructor, fallback skipped', () => {
    const abi = [
      { type: 'event', name: 'Transfer', inputs: [] },
      transfer,
      { type: 'constructor', inputs: [] },
      { type: 'error', name: 'E', inputs: [] },
      { type: 'fallback' },
      { name: 'noType', inputs: [{ type: 'uint' }] },
    ]
    const fns = parseJsonAbi(abi)
    expect(fns.map((f) => [f.signature, bytesToHex(f.selector)])).toEqual([
      ['transfer(address,uint256)', '0xa9059cbb'],
      ['noType(uint256)', bytesToHex(selectorOf('noType(uint256)'))],
    ])
    expect(fns[0]!.inputs).toEqual([{ name: 'to', type: ADDR }, { name: 'amount', type: U256 }])
  })

  test('an artifact with an "abi" array; null and missing names are unnamed', () => {
    const fns = parseJsonAbi({ abi: [{ type: 'function', name: 'f', inputs: [{ type: 'bool', name: null }, { type: 'bool' }] }] })
    expect(fns[0]!.inputs).toEqual([{ name: '', type: { kind: 'bool' } }, { name: '', type: { kind: 'bool' } }])
  })

  test('tuple components keep their names at every level (decode paths and descriptors name them)', () => {
    const fns = parseJsonAbi([
      { type: 'function', name: 'f', inputs: [{ name: 'p', type: 'tuple[]', components: [{ name: 'a', type: 'uint256' }, { name: 'b', type: 'tuple', components: [{ name: 'c', type: 'bool' }] }] }] },
    ])
    expect(fns[0]!.inputs).toEqual([
      {
        name: 'p',
        type: {
          kind: 'array',
          length: null,
          item: { kind: 'tuple', components: [{ name: 'a', type: U256 }, { name: 'b', type: { kind: 'tuple', components: [{ name: 'c', type: { kind: 'bool' } }] } }] },
        },
      },
    ])
    expect([fns[0]!.signature, bytesToHex(fns[0]!.selector)]).toEqual(['f((uint256,(bool))[])', '0xfb76db67'])
  })

  test('tuples with components and array suffixes', () => {
    const fns = parseJsonAbi([{ type: 'function', name: 'f', inputs: [{ name: 'p', type: 'tuple[2][]', components: [{ name: 'a', type: 'uint256' }, { name: 'b', type: 'bytes[]' }] }] }])
    expect([fns[0]!.signature, bytesToHex(fns[0]!.selector)]).toEqual(['f((uint256,bytes[])[2][])', bytesToHex(selectorOf('f((uint256,bytes[])[2][])'))])
  })

  test.each([
    ['not an array', { functions: [] }],
    ['null', null],
    ['a string', 'transfer(address,uint256)'],
    ['an entry that is not an object', [1]],
    ['a function without a name', [{ type: 'function', inputs: [] }]],
    ['a function with a bad name', [{ type: 'function', name: 'a b', inputs: [] }]],
    ['inputs not an array', [{ type: 'function', name: 'f', inputs: {} }]],
    ['missing inputs', [{ type: 'function', name: 'f' }]],
    ['a parameter that is not an object', [{ type: 'function', name: 'f', inputs: ['uint256'] }]],
    ['a parameter without a type', [{ type: 'function', name: 'f', inputs: [{ name: 'x' }] }]],
    ['a parameter with a numeric type', [{ type: 'function', name: 'f', inputs: [{ type: 256 }] }]],
    ['a bad parameter name', [{ type: 'function', name: 'f', inputs: [{ type: 'bool', name: 'a-b' }] }]],
    ['a numeric parameter name', [{ type: 'function', name: 'f', inputs: [{ type: 'bool', name: 3 }] }]],
    ['a tuple without components', [{ type: 'function', name: 'f', inputs: [{ type: 'tuple' }] }]],
    ['a tuple with empty components', [{ type: 'function', name: 'f', inputs: [{ type: 'tuple', components: [] }] }]],
    ['a bad type', [{ type: 'function', name: 'f', inputs: [{ type: 'uint7' }] }]],
    ['a zero-length array', [{ type: 'function', name: 'f', inputs: [{ type: 'tuple[0]', components: [{ type: 'bool' }] }] }]],
    ['a type with a modifier', [{ type: 'function', name: 'f', inputs: [{ type: 'uint256 memory' }] }]],
  ])('refused: %s', (_, json) => {
    expect(codeOf(() => parseJsonAbi(json))).toBe('ABI_TYPE')
  })
})
