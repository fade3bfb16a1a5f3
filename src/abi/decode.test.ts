/**
 * ABI decoding: canonical inputs decode to exact values; every IssueReason,
 * in strict mode (values null, exactly that one issue) and in lenient mode
 * (what a contract would read, and the same issue listed); paths; limits;
 * every row of RESEARCH §3.5 (airsign's answer next to what viem and ethers
 * do with the same calldata, both run here); the pitfall payloads of
 * micro-eth-signer's list (our own payloads for the same ideas).
 */
import { describe, expect, test } from 'vitest'
import { decodeFunctionData, parseAbi, toFunctionSelector } from 'viem'
import { Interface } from 'ethers'
import { AirsignError } from '../errors.js'
import { bytesToHex, concatBytes, hexToBytes } from '../bytes.js'
import { decode, decodeCanonical, FATAL, issueError, REASONS, type Decoded, type IssueReason } from './decode.js'
import { parseJsonAbi, parseSignature, parseType, type Param } from './types.js'

/** A 32-byte word, hex without 0x. */
const w = (n: bigint | number): string => BigInt.asUintN(256, BigInt(n)).toString(16).padStart(64, '0')
/** Bytes from hex pieces. */
const hx = (...parts: string[]): Uint8Array => hexToBytes('0x' + parts.join(''), 'test')
/** Right-padded to a multiple of 32 bytes. */
const pad = (hex: string): string => hex.padEnd(Math.ceil(hex.length / 64) * 64, '0')
/** n copies of a byte. */
const rep = (byte: number, n: number): Uint8Array => new Uint8Array(n).fill(byte)
const params = (sig: string): readonly Param[] => parseSignature(sig).inputs
const U256_MAX = (1n << 256n) - 1n

/** decode's answer without the messages: values, [reason, path] per issue, trailing bytes. */
function run(sig: string, data: Uint8Array, lenient = false): { values: unknown; issues: [IssueReason, string][]; trailing: Uint8Array } {
  const r: Decoded = decode(params(sig), data, { lenient })
  return { values: r.values, issues: r.issues.map((i) => [i.reason, i.path]), trailing: r.trailing }
}

describe('canonical encodings decode to the exact values, no issue', () => {
  test('approve(address spender, uint256 amount) with amount 2^256-1', () => {
    const data = hx('000000000000000000000000', '11'.repeat(20), w(U256_MAX))
    expect(run('approve(address spender, uint256 amount)', data)).toEqual({ values: [rep(0x11, 20), U256_MAX], issues: [], trailing: new Uint8Array(0) })
    expect(decodeCanonical(params('approve(address,uint256)'), data)).toEqual([rep(0x11, 20), U256_MAX])
  })

  test('every static kind at its edges', () => {
    const sig = 'f(uint8 a, int8 b, int8 c, int256 d, bool e, bool f, bytes1 g, bytes32 h, function i, address j)'
    const data = hx(w(255), w(-128), w(-1), w(-(1n << 255n)), w(1), w(0), pad('ab'), 'cd'.repeat(32), pad('ee'.repeat(24)), w(0))
    expect(run(sig, data).values).toEqual([255n, -128n, -1n, -(1n << 255n), true, false, Uint8Array.of(0xab), rep(0xcd, 32), rep(0xee, 24), rep(0, 20)])
  })

  test('bytes and strings: empty, exactly 32 bytes, 33 bytes, non-ASCII', () => {
    const sig = 'f(bytes a, string b, bytes c, string d)'
    const data = hx(w(128), w(160), w(192), w(256), w(0), w(0), w(32), 'aa'.repeat(32), w(33), pad('e282ac'.repeat(11)))
    expect(run(sig, data)).toEqual({ values: [new Uint8Array(0), '', rep(0xaa, 32), '€'.repeat(11)], issues: [], trailing: new Uint8Array(0) })
  })

  test('a string that starts with U+FEFF keeps it (a BOM is a character of the value, not a marker to strip)', () => {
    expect(run('f(string a, string b)', hx(w(64), w(128), w(6), pad('efbbbf616263'), w(3), pad('efbbbf'))).values).toEqual(['\ufeffabc', '\ufeff'])
    expect(run('f(string a)', hx(w(32), w(4), pad('efbbbfff')), true).values).toEqual(['\ufeff\ufffd'])
  })

  test('nested: a dynamic array of tuples holding a dynamic array, then a fixed array of strings', () => {
    // f((uint8 x, uint16[] ys)[] items, string[2] names)
    // head: off(items)=64, off(names)
    // items @64: len 2, off0=64, off1=192 (relative to 96)
    //   item0 @160: x=1, off(ys)=64 → @224: len 1, 7        (ends 288)
    //   item1 @288: x=2, off(ys)=64 → @352: len 0           (ends 384)
    // names @384: off0=64, off1=128 (relative to 384) → "a" @448, "bc" @512 (ends 576)
    const data = hx(w(64), w(384), w(2), w(64), w(192), w(1), w(64), w(1), w(7), w(2), w(64), w(0), w(64), w(128), w(1), pad('61'), w(2), pad('6263'))
    expect(run('f((uint8 x, uint16[] ys)[] items, string[2] names)', data)).toEqual({
      values: [
        [
          [1n, [7n]],
          [2n, []],
        ],
        ['a', 'bc'],
      ],
      issues: [],
      trailing: new Uint8Array(0),
    })
  })

  test('static arrays and tuples are in place', () => {
    expect(run('f(uint8[2][2] a, (bool, address) t)', hx(w(1), w(2), w(3), w(4), w(1), w(0))).values).toEqual([
      [
        [1n, 2n],
        [3n, 4n],
      ],
      [true, rep(0, 20)],
    ])
  })

  test('no parameters and no data', () => {
    expect(run('f()', new Uint8Array(0))).toEqual({ values: [], issues: [], trailing: new Uint8Array(0) })
  })
})

/**
 * One case per reason: the signature, the bytes, the issue path, and the
 * lenient values (null: fatal, lenient stops too). Strict mode always gives
 * values null and exactly that issue.
 */
const CASES: [string, IssueReason, string, Uint8Array, string, unknown][] = [
  ['address upper 12 bytes ff', 'DIRTY_PADDING', 'f(address a)', hx('ff'.repeat(12), '11'.repeat(20)), 'a', [rep(0x11, 20)]],
  ['address upper byte 01', 'DIRTY_PADDING', 'f(address a)', hx('01', '00'.repeat(11), '22'.repeat(20)), 'a', [rep(0x22, 20)]],
  ['bytes4 low bytes dirty', 'DIRTY_PADDING', 'f(bytes4 a)', hx('12345678', '00'.repeat(27), '01'), 'a', [Uint8Array.of(0x12, 0x34, 0x56, 0x78)]],
  ['bytes31 last byte dirty', 'DIRTY_PADDING', 'f(bytes31 a)', hx('aa'.repeat(31), '01'), 'a', [rep(0xaa, 31)]],
  ['function last 8 bytes dirty', 'DIRTY_PADDING', 'f(function a)', hx('bb'.repeat(24), '00'.repeat(7), '80'), 'a', [rep(0xbb, 24)]],
  ['bytes tail padding dirty', 'DIRTY_PADDING', 'f(bytes a)', hx(w(32), w(1), 'ab', '00'.repeat(30), '01'), 'a', [Uint8Array.of(0xab)]],
  ['string tail padding dirty', 'DIRTY_PADDING', 'f(string a)', hx(w(32), w(2), '6869', 'ff', '00'.repeat(29)), 'a', ['hi']],
  ['bytes padding cut off', 'PADDING_MISSING', 'f(bytes a)', hx(w(32), w(1), 'ab'), 'a', [Uint8Array.of(0xab)]],
  ['string padding cut short', 'PADDING_MISSING', 'f(string a)', hx(w(32), w(3), '616263', '00'.repeat(10)), 'a', ['abc']],
  ['uint8 word 0x0101', 'VALUE_RANGE', 'f(uint8 a)', hx(w(0x101)), 'a', [1n]],
  ['uint8 word 2^255', 'VALUE_RANGE', 'f(uint8 a)', hx(w(1n << 255n)), 'a', [0n]],
  ['uint248 word 2^248', 'VALUE_RANGE', 'f(uint248 a)', hx(w(1n << 248n)), 'a', [0n]],
  ['int8 word 0x80 (not sign-extended)', 'VALUE_RANGE', 'f(int8 a)', hx(w(0x80)), 'a', [-128n]],
  ['int8 word -129', 'VALUE_RANGE', 'f(int8 a)', hx(w(-129)), 'a', [127n]],
  ['int16 word 0x00…01ffff', 'VALUE_RANGE', 'f(int16 a)', hx(w(0x1ffff)), 'a', [-1n]],
  ['bool word 2', 'BOOL_RANGE', 'f(bool a)', hx(w(2)), 'a', [true]],
  ['bool word 2^255', 'BOOL_RANGE', 'f(bool a)', hx(w(1n << 255n)), 'a', [true]],
  ['uint256 + 6 bytes', 'TRAILING_BYTES', 'f(uint256 a)', hx(w(5), 'aabbccddeeff'), '', [5n]],
  ['one zero word after the arguments', 'TRAILING_BYTES', 'f(bool a)', hx(w(1), w(0)), '', [true]],
  ['string offset 0 into the head', 'OFFSET_BACKWARD', 'f(uint256 x, string a)', hx(w(32), w(0)), 'a', [32n, '\0'.repeat(32)]],
  ['array element offset into its own head', 'OFFSET_BACKWARD', 'f(uint256[][] a)', hx(w(32), w(1), w(0)), 'a[0]', [[[]]]],
  ['two strings share one offset', 'OFFSET_ALIASED', 'f(string a, string b)', hx(w(64), w(64), w(3), pad('616263')), 'b', ['abc', 'abc']],
  ['array elements share one tail', 'OFFSET_ALIASED', 'f(bytes[] a)', hx(w(32), w(2), w(64), w(64), w(1), pad('ee')), 'a[1]', [[Uint8Array.of(0xee), Uint8Array.of(0xee)]]],
  ['first tail 32 bytes late', 'OFFSET_GAP', 'f(string a, string b)', hx(w(96), w(160), w(0), w(3), pad('616263'), w(0)), 'a', ['abc', '']],
  ['offset word with bit 64 set', 'OFFSET_RANGE', 'f(string a)', hx(w((1n << 64n) | 32n), w(0)), 'a', null],
  ['offset word with bit 255 set', 'OFFSET_RANGE', 'f(bytes a)', hx(w((1n << 255n) | 32n), w(0)), 'a', null],
  ['offset past the data', 'OFFSET_RANGE', 'f(uint256 x, bytes a)', hx(w(1), w(128), w(0)), 'a', null],
  ['offset at the very end of the data', 'OFFSET_RANGE', 'f(uint256 x, bytes a)', hx(w(1), w(96), w(0)), 'a', null],
  ['offset with no room for a word after it', 'OFFSET_RANGE', 'f(uint256 x, bytes a)', hx(w(1), w(72), w(0)), 'a', null],
  ['length word with bit 64 set', 'LENGTH_RANGE', 'f(bytes a)', hx(w(32), w((1n << 64n) | 1n), pad('aa')), 'a', null],
  ['length word with bit 255 set', 'LENGTH_RANGE', 'f(uint256[] a)', hx(w(32), w((1n << 255n) | 1n), w(7)), 'a', null],
  ['uint256[] length 2^32, no data', 'LENGTH_RANGE', 'f(uint256[] a)', hx(w(32), w(1n << 32n)), 'a', null],
  ['bytes length one past the data', 'LENGTH_RANGE', 'f(bytes a)', hx(w(32), w(33), 'aa'.repeat(32)), 'a', null],
  ['array length one more than fits', 'LENGTH_RANGE', 'f(uint256[] a)', hx(w(32), w(2), w(7)), 'a', null],
  ['empty data for a uint256', 'DATA_SHORT', 'f(uint256 a)', new Uint8Array(0), '', null],
  ['head cut inside the second word', 'DATA_SHORT', 'f(uint256 a, uint256 b)', hx(w(5), 'aabb'), '', null],
  ['tuple tail cut', 'DATA_SHORT', 'f((uint256 a, string s) t)', hx(w(32), w(1)), 't', null],
  ['string ff fe', 'BAD_UTF8', 'f(string a)', hx(w(32), w(2), pad('fffe')), 'a', ['\ufffd\ufffd']],
  ['string with an encoded surrogate (ed a0 80)', 'BAD_UTF8', 'f(string a)', hx(w(32), w(3), pad('eda080')), 'a', ['\ufffd\ufffd\ufffd']],
  ['string with an overlong slash (c0 af)', 'BAD_UTF8', 'f(string a)', hx(w(32), w(2), pad('c0af')), 'a', ['\ufffd\ufffd']],
  ['string cut inside a character (e2 82)', 'BAD_UTF8', 'f(string a)', hx(w(32), w(2), pad('e282')), 'a', ['\ufffd']],
]

describe.each(CASES)('%s → %s', (_, reason, sig, data, path, lenientValues) => {
  test('strict: values null, exactly this one issue', () => {
    expect(run(sig, data)).toEqual({ values: null, issues: [[reason, path]], trailing: new Uint8Array(0) })
  })

  test(FATAL.has(reason) ? 'lenient: fatal too' : 'lenient: what a contract reads, and the issue', () => {
    const r = run(sig, data, true)
    expect(r.values).toEqual(lenientValues)
    expect(r.issues).toEqual([[reason, path]])
  })

  test('decodeCanonical throws ABI_DECODE naming the reason', () => {
    let thrown: unknown
    try {
      decodeCanonical(params(sig), data)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(AirsignError)
    expect([(thrown as AirsignError).code, (thrown as AirsignError).message.startsWith(`${reason}${path ? ` at ${path}` : ''}: `)]).toEqual(['ABI_DECODE', true])
  })
})

describe('reasons', () => {
  test('every reason has a case above, and FATAL is exactly these four plus SIZE_LIMIT', () => {
    const all = REASONS.filter((r) => r !== 'SIZE_LIMIT')
    expect([...new Set(CASES.map((c) => c[1]))].sort()).toEqual([...all].sort())
    expect([...FATAL].sort()).toEqual(['DATA_SHORT', 'LENGTH_RANGE', 'OFFSET_RANGE', 'SIZE_LIMIT'])
  })

  test('issueError: code, message with and without a path', () => {
    const e = issueError({ reason: 'TRAILING_BYTES', path: '', message: '6 bytes after the arguments' })
    expect([e.code, e.message]).toEqual(['ABI_DECODE', 'TRAILING_BYTES: 6 bytes after the arguments'])
    expect(issueError({ reason: 'BOOL_RANGE', path: 'a[1].b', message: 'm' }).message).toBe('BOOL_RANGE at a[1].b: m')
  })

  test('the messages name the value', () => {
    expect(decode(params('f(uint8 a)'), hx(w(0x101))).issues).toEqual([{ reason: 'VALUE_RANGE', path: 'a', message: 'uint8 word 0x101 is out of range' }])
    expect(decode(params('f(string a)'), hx(w((1n << 64n) | 32n), w(0))).issues[0]!.message).toBe('offset 0x10000000000000020 is past the end of the data (64 bytes)')
    expect(decode(params('f(uint256 x, string a)'), hx(w(32), w(0))).issues[0]!.message).toBe('offset 0 points into the head of its arguments (canonical: 64)')
  })
})

describe('SIZE_LIMIT (fatal in both modes)', () => {
  const data = hx(w(32), w(3), w(1), w(2), w(3))
  test('maxValues: a uint256[3] is 4 values (the array and its elements)', () => {
    expect(decode(params('f(uint256[] a)'), data, { maxValues: 4 }).values).toEqual([[1n, 2n, 3n]])
    for (const lenient of [false, true]) {
      const r = decode(params('f(uint256[] a)'), data, { maxValues: 3, lenient })
      expect([r.values, r.issues.map((i) => [i.reason, i.path])]).toEqual([null, [['SIZE_LIMIT', 'a']]])
    }
  })

  test('the default cap (100 000 values) holds a canonical uint8[] of 60 000 elements: each value counts once', () => {
    const data = new Uint8Array(64 + 60_000 * 32)
    data[31] = 32
    data.set([0xea, 0x60], 62) // 60 000
    for (let i = 0; i < 60_000; i++) data[64 + i * 32 + 31] = i & 0xff
    const r = decode(params('f(uint8[] a)'), data)
    expect([r.issues, (r.values![0] as bigint[]).length, (r.values![0] as bigint[])[59_999]]).toEqual([[], 60_000, 0x5fn])
  })

  test('maxBytes: the bytes copied out of bytes and strings', () => {
    const b = hx(w(64), w(128), w(3), pad('616263'), w(2), pad('6465'))
    expect(decode(params('f(string a, bytes b)'), b, { maxBytes: 5 }).values).toEqual(['abc', Uint8Array.of(0x64, 0x65)])
    for (const lenient of [false, true]) {
      const r = decode(params('f(string a, bytes b)'), b, { maxBytes: 4, lenient })
      expect([r.values, r.issues.map((i) => [i.reason, i.path])]).toEqual([null, [['SIZE_LIMIT', 'b']]])
    }
  })
})

describe('paths', () => {
  test('names where there are names, [i] where there are none, through arrays and tuples', () => {
    // f((uint256 a, bytes b)[] items): items[1].b has dirty padding.
    const data = hx(w(32), w(2), w(64), w(192), w(1), w(64), w(1), pad('aa'), w(2), w(64), w(1), 'bb', '00'.repeat(30), '01')
    expect(run('f((uint256 a, bytes b)[] items)', data).issues).toEqual([['DIRTY_PADDING', 'items[1].b']])
    expect(run('f((uint256, bytes)[])', data).issues).toEqual([['DIRTY_PADDING', '[0][1][1]']])
    expect(run('f(uint8 x, (bool ok, uint8[2] v) t)', hx(w(1), w(1), w(3), w(256))).issues).toEqual([['VALUE_RANGE', 't.v[1]']])
  })
})

describe('lenient mode lists every difference, and the bytes a contract would ignore', () => {
  test('several issues in one decoding, in reading order', () => {
    // f(address a, uint8 b, bool c, string d) + 2 trailing bytes
    const data = hx('ff'.repeat(12), '11'.repeat(20), w(0x1ff), w(7), w(128), w(1), pad('61'), 'cafe')
    const r = run('f(address a, uint8 b, bool c, string d)', data, true)
    expect(r).toEqual({
      values: [rep(0x11, 20), 0xffn, true, 'a'],
      issues: [
        ['DIRTY_PADDING', 'a'],
        ['VALUE_RANGE', 'b'],
        ['BOOL_RANGE', 'c'],
        ['TRAILING_BYTES', ''],
      ],
      trailing: Uint8Array.of(0xca, 0xfe),
    })
    expect(run('f(address a, uint8 b, bool c, string d)', data).issues).toEqual([['DIRTY_PADDING', 'a']])
  })

  test('trailing: strict reports them but returns none; lenient returns them', () => {
    const data = hx(w(5), '7a6572696f6e')
    expect(decode(params('f(uint256 a)'), data).trailing).toEqual(new Uint8Array(0))
    expect(decode(params('f(uint256 a)'), data, { lenient: true }).trailing).toEqual(hx('7a6572696f6e'))
  })
})

/** What viem's decodeFunctionData gives for selector ‖ words, or 'throws'. */
function viemDecodes(sig: string, words: Uint8Array): unknown {
  try {
    return decodeFunctionData({ abi: parseAbi([`function ${sig}`] as readonly string[]), data: bytesToHex(concatBytes(hexToBytes(toFunctionSelector(sig), 'sel'), words)) }).args
  } catch {
    return 'throws'
  }
}

/** What ethers' Interface.parseTransaction gives (every value read, so deferred errors throw), or 'throws'. */
function ethersDecodes(sig: string, words: Uint8Array): unknown {
  try {
    const data = bytesToHex(concatBytes(hexToBytes(toFunctionSelector(sig), 'sel'), words))
    return new Interface([`function ${sig}`]).parseTransaction({ data })!.args.toArray(true)
  } catch {
    return 'throws'
  }
}

/**
 * RESEARCH §3.5, one row each: the input, airsign's strict reason (and path),
 * airsign's lenient values (null: fatal), then viem 2.57.20 and ethers 6.17.0
 * on the same selector ‖ words. (micro-eth-signer 0.20.1 throws on every row,
 * per the research; it is not a dependency here, src/bench/abi-decoders.mjs
 * measures it.) Where an oracle's answer changes with an upgrade, this test
 * says so.
 */
const ROWS: [string, string, Uint8Array, [IssueReason, string], unknown, unknown, unknown][] = [
  ['address, upper 12 bytes ff', 'f(address a)', hx('ff'.repeat(12), '11'.repeat(20)), ['DIRTY_PADDING', 'a'], [rep(0x11, 20)], ['0x1111111111111111111111111111111111111111'], 'throws'],
  ['uint8, word 0x0101', 'f(uint8 a)', hx(w(0x101)), ['VALUE_RANGE', 'a'], [1n], [257], [1n]],
  ['int8, word 0x00…80 (no sign extension)', 'f(int8 a)', hx(w(0x80)), ['VALUE_RANGE', 'a'], [-128n], [128], [-128n]],
  ['bool, word 2', 'f(bool a)', hx(w(2)), ['BOOL_RANGE', 'a'], [true], 'throws', [true]],
  ['bytes4 with dirty low 28 bytes', 'f(bytes4 a)', hx('12345678', '00'.repeat(27), '01'), ['DIRTY_PADDING', 'a'], [Uint8Array.of(0x12, 0x34, 0x56, 0x78)], ['0x12345678'], ['0x12345678']],
  ['bytes len 1, dirty padding', 'f(bytes a)', hx(w(32), w(1), 'ab', '00'.repeat(30), '01'), ['DIRTY_PADDING', 'a'], [Uint8Array.of(0xab)], ['0xab'], ['0xab']],
  ['uint256 + 6 trailing bytes', 'f(uint256 a)', hx(w(5), 'aabbccddeeff'), ['TRAILING_BYTES', ''], [5n], [5n], [5n]],
  ['string with invalid UTF-8 ff fe', 'f(string a)', hx(w(32), w(2), pad('fffe')), ['BAD_UTF8', 'a'], ['\ufffd\ufffd'], ['\ufffd\ufffd'], 'throws'],
  ['two strings sharing one offset (aliased)', 'f(string a, string b)', hx(w(64), w(64), w(3), pad('616263')), ['OFFSET_ALIASED', 'b'], ['abc', 'abc'], ['abc', 'abc'], ['abc', 'abc']],
  ['offset word with bit 64 set', 'f(string a)', hx(w((1n << 64n) | 32n), w(0)), ['OFFSET_RANGE', 'a'], null, 'throws', 'throws'],
  ['f(uint256 x, string a), offset of a = 0 (into the head)', 'f(uint256 x, string a)', hx(w(32), w(0)), ['OFFSET_BACKWARD', 'a'], [32n, '\0'.repeat(32)], [32n, '\0'.repeat(32)], [32n, '\0'.repeat(32)]],
  ['uint256[] with length 2^32 and no data', 'f(uint256[] a)', hx(w(32), w(1n << 32n)), ['LENGTH_RANGE', 'a'], null, 'throws', 'throws'],
  ['uint256[][], inner offset -32 (points back at the outer length)', 'f(uint256[][] a)', hx(w(32), w(1), w(-32)), ['OFFSET_RANGE', 'a[0]'], null, 'throws', 'throws'],
  // Two more self-references, where the oracles part ways:
  ['uint256[][], inner offset 0 (points at itself)', 'f(uint256[][] a)', hx(w(32), w(1), w(0)), ['OFFSET_BACKWARD', 'a[0]'], [[[]]], 'throws', [[[]]]],
  ['uint256[][], outer offset 0 (the offset is the length)', 'f(uint256[][] a)', hx(w(0)), ['OFFSET_BACKWARD', 'a'], [[]], 'throws', [[]]],
]

describe('RESEARCH §3.5: airsign next to viem and ethers', () => {
  test.each(ROWS)('%s', (_, sig, words, [reason, path], lenient, viem, ethers) => {
    expect(run(sig, words)).toEqual({ values: null, issues: [[reason, path]], trailing: new Uint8Array(0) })
    expect(run(sig, words, true).values).toEqual(lenient)
    expect(viemDecodes(sig, words)).toEqual(viem)
    expect(ethersDecodes(sig, words)).toEqual(ethers)
  })

  test('on the canonical encoding the three agree', () => {
    const words = hx(w(64), w(7), w(3), pad('616263'))
    expect([run('f(string a, uint8 b)', words).values, viemDecodes('f(string a, uint8 b)', words), ethersDecodes('f(string a, uint8 b)', words)]).toEqual([['abc', 7n], ['abc', 7], ['abc', 7n]])
  })
})

/**
 * The pitfalls of micro-eth-signer's list (RESEARCH §3.1), each with a
 * payload written for this file. Every one answers at once with a named
 * reason: no hang, no allocation the size of the claimed lengths.
 */
describe('pitfall payloads', () => {
  test('1. zero-sized types are refused when the type is parsed, before any data', () => {
    for (const t of ['uint256[0][4294967295]', '()[]', '(uint32[0])[]', 'tuple()[2]', 'bool[0]']) {
      let message = ''
      try {
        parseType(t)
      } catch (e) {
        message = `${(e as AirsignError).code} ${(e as AirsignError).message}`
      }
      expect(message).toMatch(/^ABI_TYPE .*zero-sized type/)
    }
    let json = ''
    try {
      parseJsonAbi([{ type: 'function', name: 'f', inputs: [{ type: 'tuple[]', components: [] }] }])
    } catch (e) {
      json = (e as AirsignError).message
    }
    expect(json).toMatch(/zero-sized type/)
  })

  /**
   * uint256 with `levels` [] : every array of arrays has 2 elements whose
   * offsets both point at the same child, the innermost holds one uint256.
   * 96 bytes a level; the values double with each level.
   */
  function aliasBomb(levels: number): Uint8Array {
    const parts = [w(32)]
    for (let i = 1; i < levels; i++) parts.push(w(2), w(64), w(64))
    parts.push(w(1), w(42))
    return hx(...parts)
  }

  test('2+3. recursive, aliased pointers: 2 KB that would inflate to 2^20 arrays are SIZE_LIMIT in lenient mode, OFFSET_ALIASED in strict', () => {
    const data = aliasBomb(21)
    const sig = `f(uint256${'[]'.repeat(21)} a)`
    expect(data.length).toBe(2016)
    // Depth first: the first alias met is the second element of the deepest array of arrays.
    expect(run(sig, data)).toEqual({ values: null, issues: [['OFFSET_ALIASED', `a${'[0]'.repeat(19)}[1]`]], trailing: new Uint8Array(0) })
    const r = decode(params(sig), data, { lenient: true })
    // Lenient lists the first 64 differences, then stops at the cap.
    expect([r.values, r.issues.at(-1)!.reason, r.issues.length]).toEqual([null, 'SIZE_LIMIT', 65])
    expect(r.issues.slice(0, 3).map((i) => [i.reason, i.path])).toEqual([
      ['OFFSET_ALIASED', `a${'[0]'.repeat(19)}[1]`],
      ['OFFSET_ALIASED', `a${'[0]'.repeat(18)}[1]`],
      ['OFFSET_ALIASED', `a${'[0]'.repeat(18)}[1][1]`],
    ])
  })

  test('2+3. the same at the deepest nesting a type may have (32 levels, 2^31 leaves)', () => {
    const sig = `f(uint256${'[]'.repeat(32)} a)`
    expect(decode(params(sig), aliasBomb(32), { lenient: true }).issues.at(-1)!.reason).toBe('SIZE_LIMIT')
  })

  test('2+3. the small bomb decodes in lenient mode: each leaf value read again through the aliases', () => {
    const r = decode(params('f(uint256[][][] a)'), aliasBomb(3), { lenient: true })
    expect([r.values, r.issues.map((i) => [i.reason, i.path])]).toEqual([
      [
        [
          [[42n], [42n]],
          [[42n], [42n]],
        ],
      ],
      [
        ['OFFSET_ALIASED', 'a[0][1]'],
        ['OFFSET_ALIASED', 'a[1]'],
        ['OFFSET_ALIASED', 'a[1][1]'],
      ],
    ])
  })

  test('3. interleaved bytes: 3 KB whose aliases would copy out 900 KB stop at the byte cap', () => {
    // bytes[][]: 30 offsets to one bytes[] of 30 offsets to one 1024-byte bytes.
    const inner = [w(30), ...Array<string>(30).fill(w(30 * 32)), w(1024), 'ee'.repeat(1024)]
    const data = hx(w(32), w(30), ...Array<string>(30).fill(w(30 * 32)), ...inner)
    expect(data.length).toBe(3072)
    expect(run('f(bytes[][] a)', data).issues).toEqual([['OFFSET_ALIASED', 'a[0][1]']])
    const r = decode(params('f(bytes[][] a)'), data, { lenient: true })
    expect([r.values, r.issues.at(-1)!.reason]).toEqual([null, 'SIZE_LIMIT'])
    expect(r.issues.at(-1)!.message).toBe(`more than ${16 * 3072 + 65536} bytes of decoded data`)
  })

  test.each([
    ['string', 'offset', 64n],
    ['string', 'offset', 255n],
    ['bytes', 'length', 64n],
    ['bytes', 'length', 255n],
    ['uint256[]', 'offset', 64n],
    ['uint256[]', 'length', 64n],
    ['uint256[]', 'length', 255n],
    ['(uint256,string)', 'offset', 255n],
    ['string[]', 'length', 128n],
  ])('4. %s with bit %s set in its %s word', (type, word, bit) => {
    const data = word === 'offset' ? hx(w((1n << bit) | 32n), w(0)) : hx(w(32), w((1n << bit) | 1n), w(0))
    const reason = word === 'offset' ? 'OFFSET_RANGE' : 'LENGTH_RANGE'
    expect(run(`f(${type} a)`, data)).toEqual({ values: null, issues: [[reason, 'a']], trailing: new Uint8Array(0) })
    expect(run(`f(${type} a)`, data, true).issues).toEqual([[reason, 'a']])
  })

  test.each(['bytes', 'string', 'uint256[]', '(uint256,bool)[]', 'bytes[]', 'uint8[2][]'])('4. %s of length 2^32 with no data behind it: LENGTH_RANGE', (type) => {
    expect(run(`f(${type} a)`, hx(w(32), w(1n << 32n)))).toEqual({ values: null, issues: [['LENGTH_RANGE', 'a']], trailing: new Uint8Array(0) })
    expect(run(`f(${type} a)`, hx(w(32), w(1n << 32n)), true).issues).toEqual([['LENGTH_RANGE', 'a']])
  })

  test('5. junk bytes: a swapExactETHForTokens with a "zerion" suffix', () => {
    const sig = 'swapExactETHForTokens(uint256 amountOutMin, address[] path, address to, uint256 deadline)'
    const words = hx(w(1000), w(128), w(0x33), w(1700000000), w(2), w(0xc02a), w(0xa0b8))
    const suffix = hx('7a6572696f6e')
    expect(run(sig, words).issues).toEqual([])
    expect(run(sig, concatBytes(words, suffix))).toEqual({ values: null, issues: [['TRAILING_BYTES', '']], trailing: new Uint8Array(0) })
    const r = run(sig, concatBytes(words, suffix), true)
    expect(r).toEqual({ values: run(sig, words).values, issues: [['TRAILING_BYTES', '']], trailing: suffix })
    expect(new TextDecoder().decode(r.trailing)).toBe('zerion')
  })

  test.each([
    ['address', hx('00'.repeat(11), '01', '11'.repeat(20)), 'DIRTY_PADDING'],
    ['uint160', hx('00'.repeat(11), '01', '11'.repeat(20)), 'VALUE_RANGE'],
    ['uint64', hx('80', '00'.repeat(31)), 'VALUE_RANGE'],
    ['bytes20', hx('11'.repeat(20), '00'.repeat(11), '01'), 'DIRTY_PADDING'],
    ['bytes', hx(w(32), w(20), '11'.repeat(20), '00'.repeat(11), '01'), 'DIRTY_PADDING'],
  ])('6. dirty padding in %s', (type, data, reason) => {
    expect(run(`f(${type} a)`, data)).toEqual({ values: null, issues: [[reason, 'a']], trailing: new Uint8Array(0) })
  })
})
