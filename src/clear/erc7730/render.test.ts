import { describe, expect, test } from 'vitest'
import { encodeCall } from '../../abi/encode.js'
import { parseSignature, type AbiValue } from '../../abi/types.js'
import { bytesToHex, concatBytes, hexToBytes } from '../../bytes.js'
import { parseTypedData } from '../../typed-data.js'
import { descriptorSet, renderCalldata, renderTypedData, type Container, type Providers, type Rendered } from './index.js'

const S = '../../specs/erc7730-v2.schema.json'
const TO = '0x1111111111111111111111111111111111111111'
const TOKEN = '0x2222222222222222222222222222222222222222'
const OTHER = '0x3333333333333333333333333333333333333333'
const NFT = '0x4444444444444444444444444444444444444444'
const ETH_ADDR = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE'
const FROM = '0x5555555555555555555555555555555555555555'
const A = (h: string) => hexToBytes(h, 'a')

/** Names the providers were asked for: [address, types, sources]. */
let asked: [string, readonly string[] | null, readonly string[] | null][] = []
const providers: Providers = {
  token: (c, a) => (c === 1n && bytesToHex(a) === TOKEN ? { symbol: 'TKN', decimals: 6 } : null),
  name: (_c, a, types, sources) => {
    asked.push([bytesToHex(a), types, sources])
    return bytesToHex(a) === OTHER.toLowerCase() && (sources === null || sources.includes('local')) ? 'My Savings' : null
  },
  collection: (_c, a) => (bytesToHex(a) === NFT ? 'Punks' : null),
  blockTimestamp: (_c, h) => (h === 100n ? 1700000000n : null),
  nativeCurrency: (c) => (c === 137n ? { symbol: 'POL', decimals: 18 } : { symbol: 'ETH', decimals: 18 }),
  chainName: (c) => (c === 1n ? 'Ethereum Mainnet' : null),
}

/** A set with one calldata descriptor bound to TO on chain 1. */
function setOf(formats: Record<string, unknown>, metadata: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const files = new Map<string, unknown>([
    ['registry/t/calldata-t.json', { $schema: S, context: { contract: { deployments: [{ chainId: 1, address: TO }] } }, metadata: { owner: 'Test', contractName: 'T', ...metadata }, display: { formats } }],
    ...Object.entries(extra),
  ])
  return descriptorSet(files, { strict: true })
}

const C: Container = { chainId: 1n, from: A(FROM), to: A(TO), value: 0n }

/** Render one call of `key` with `values` through a descriptor whose format is `format`. */
function render(key: string, fields: unknown[], values: AbiValue[], opts: { metadata?: Record<string, unknown>; c?: Partial<Container>; interpolatedIntent?: string } = {}): Rendered {
  const set = setOf({ [key]: { intent: 'Do', ...(opts.interpolatedIntent ? { interpolatedIntent: opts.interpolatedIntent } : {}), fields } }, opts.metadata)
  const r = renderCalldata(set, { ...C, ...opts.c }, encodeCall(parseSignature(key), values), providers)
  expect(r).not.toBeNull()
  return r!.rendered
}
const values = (r: Rendered) => r.fields.map((f) => [f.label, f.value])

describe('tokenAmount', () => {
  const f = (params: Record<string, unknown>) => [{ path: 'v', label: 'Amount', format: 'tokenAmount', params }]
  const key = 'f(uint256 v,address t)'

  test('scaled by the token decimals, every significant digit, the symbol appended', () => {
    expect(values(render(key, f({ tokenPath: 't' }), [1234567n, A(TOKEN)]))).toEqual([['Amount', '1.234567 TKN']])
    expect(values(render(key, f({ token: TOKEN }), [10n ** 12n + 1n, A(OTHER)]))).toEqual([['Amount', '1000000.000001 TKN']])
  })

  test('threshold: equal shows the message, one below shows the amount; the message defaults to "Unlimited"', () => {
    expect(values(render(key, f({ tokenPath: 't', threshold: '0x10' }), [16n, A(TOKEN)]))).toEqual([['Amount', 'Unlimited TKN']])
    expect(values(render(key, f({ tokenPath: 't', threshold: '0x10' }), [15n, A(TOKEN)]))).toEqual([['Amount', '0.000015 TKN']])
    expect(values(render(key, f({ tokenPath: 't', threshold: '16', message: 'Max' }), [17n, A(TOKEN)]))).toEqual([['Amount', 'Max TKN']])
  })

  test('an unknown token shows the raw integer and a note, never a guessed symbol', () => {
    const r = render(key, f({ tokenPath: 't', threshold: '0x10' }), [123n, A(OTHER)])
    expect(values(r)).toEqual([['Amount', '123']])
    expect(r.fields[0]!.notes).toEqual(['unknown token (0x3333333333333333333333333333333333333333): the raw amount is shown'])
    expect(r.notes).toEqual(['Amount: unknown token (0x3333333333333333333333333333333333333333): the raw amount is shown'])
    // no token at all
    expect(render(key, f({}), [5n, A(OTHER)]).fields[0]!.notes).toEqual(['unknown token (no token given): the raw amount is shown'])
    // the token on another chain is another token
    expect(render(key, f({ tokenPath: 't', chainId: 137 }), [5n, A(TOKEN)]).fields[0]!.value).toBe('5')
  })

  test('nativeCurrencyAddress: the amount is in the native currency of the chain', () => {
    expect(values(render(key, f({ tokenPath: 't', nativeCurrencyAddress: [ETH_ADDR] }), [2n * 10n ** 15n, A(ETH_ADDR)]))).toEqual([['Amount', '0.002 ETH']])
    expect(values(render(key, f({ tokenPath: 't', nativeCurrencyAddress: ETH_ADDR }), [10n ** 18n, A(ETH_ADDR)], { c: { chainId: 1n } }))).toEqual([['Amount', '1 ETH']])
  })

  test("metadata.token applies when the token is the called contract itself", () => {
    const r = render(key, f({ tokenPath: '@.to' }), [1500n, A(OTHER)], { metadata: { token: { name: 'Own', ticker: 'OWN', decimals: 3 } } })
    expect(values(r)).toEqual([['Amount', '1.5 OWN']])
  })

  test('a token path into a byte slice: the first 20 bytes of a Uniswap path', () => {
    const path = concatBytes(A(TOKEN), Uint8Array.of(0, 0x0b, 0xb8), A(OTHER))
    const r = render('g(bytes p,uint256 v)', [{ path: 'v', label: 'In', format: 'tokenAmount', params: { tokenPath: 'p.[0:20]' } }, { path: 'p.[-20:]', label: 'Out token', format: 'addressName' }], [path, 2000000n])
    expect(values(r)).toEqual([
      ['In', '2 TKN'],
      ['Out token', 'My Savings'],
    ])
  })
})

describe('amount, raw, addressName', () => {
  test('amount: the native currency', () => {
    expect(values(render('f()', [{ path: '@.value', label: 'Value', format: 'amount' }], [], { c: { value: 198661440000000000n } }))).toEqual([['Value', '0.19866144 ETH']])
    expect(values(render('f()', [{ path: '@.value', label: 'Value', format: 'amount' }], [], { c: { value: 0n } }))).toEqual([['Value', '0 ETH']])
  })

  test('raw: decimal integers (signed too), true/false, EIP-55 addresses, lower-case hex bytes, strings as they are', () => {
    const r = render(
      'f(int256 i,bool b,address a,bytes d,string s,bytes4 x)',
      ['i', 'b', 'a', 'd', 's', 'x'].map((p) => ({ path: p, label: p, format: 'raw' })),
      [-5n, true, A('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'), Uint8Array.of(0x12, 0x34, 0xab), 'Ledger \u{1F600}', Uint8Array.of(1, 2, 3, 4)],
    )
    expect(values(r)).toEqual([
      ['i', '-5'],
      ['b', 'true'],
      ['a', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'],
      ['d', '0x1234ab'],
      ['s', 'Ledger \u{1F600}'],
      ['x', '0x01020304'],
    ])
  })

  test('addressName: a trusted name from the provider, with the types and sources of the descriptor; else EIP-55', () => {
    asked = []
    const fields = [
      { path: 'a', label: 'A', format: 'addressName', params: { types: ['eoa'], sources: ['local', 'ens'] } },
      { path: 'b', label: 'B', format: 'addressName', params: { sources: ['ens'] } },
      { path: 'b', label: 'C', format: 'addressName' },
    ]
    expect(values(render('f(address a,address b)', fields, [A(TOKEN), A(OTHER)]))).toEqual([
      ['A', '0x2222222222222222222222222222222222222222'],
      ['B', '0x3333333333333333333333333333333333333333'],
      ['C', 'My Savings'],
    ])
    expect(asked).toEqual([
      [TOKEN, ['eoa'], ['local', 'ens']],
      [OTHER, null, ['ens']],
      [OTHER, null, null],
    ])
  })

  test('addressName with senderAddress: such an address stands for the sender', () => {
    const r = render('f(address r)', [{ path: 'r', label: 'Beneficiary', format: 'addressName', params: { senderAddress: ['0x0000000000000000000000000000000000000000'] } }], [new Uint8Array(20)])
    expect(values(r)).toEqual([['Beneficiary', 'Sender']])
  })
})

describe('date, duration, unit, enum, nftName, chainId, tokenTicker', () => {
  const date = (encoding: string) => [{ path: 't', label: 'When', format: 'date', params: { encoding } }]

  test('date: UTC text, zero is 1970-01-01 00:00:00Z, a uint256-max deadline is shown as the number with a note', () => {
    expect(values(render('f(uint256 t)', date('timestamp'), [1709191632n]))).toEqual([['When', '2024-02-29 07:27:12Z']])
    expect(values(render('f(uint256 t)', date('timestamp'), [0n]))).toEqual([['When', '1970-01-01 00:00:00Z']])
    const r = render('f(uint256 t)', date('timestamp'), [(1n << 256n) - 1n])
    expect(r.fields[0]!.value).toBe(((1n << 256n) - 1n).toString())
    expect(r.fields[0]!.notes).toEqual([`${(1n << 256n) - 1n} is not a date between 1970 and 9999`])
  })

  test('date by block height: through the provider only, else the height and a note', () => {
    expect(values(render('f(uint256 t)', date('blockheight'), [100n]))).toEqual([['When', '2023-11-14 22:13:20Z']])
    const r = render('f(uint256 t)', date('blockheight'), [19332140n])
    expect([r.fields[0]!.value, r.fields[0]!.notes]).toEqual(['19332140', ['block height 19332140: its date is not known offline']])
  })

  test('duration: HH:MM:SS, hours past 24 are not wrapped', () => {
    const f = [{ path: 'd', label: 'Lock', format: 'duration' }]
    expect(values(render('f(uint256 d)', f, [8250n]))).toEqual([['Lock', '02:17:30']])
    expect(values(render('f(uint256 d)', f, [7n * 86400n + 61n]))).toEqual([['Lock', '168:01:01']])
  })

  test('unit: decimals and SI prefix', () => {
    const u = (params: Record<string, unknown>) => [{ path: 'x', label: 'U', format: 'unit', params }]
    expect(values(render('f(uint24 x)', u({ base: '%', decimals: 4 }), [3000n]))).toEqual([['U', '0.3%']])
    expect(values(render('f(uint256 x)', u({ base: 's', prefix: true }), [36000n]))).toEqual([['U', '36ks']])
    expect(values(render('f(uint256 x)', u({ base: 'W', decimals: 3, prefix: true }), [1500000n]))).toEqual([['U', '1.5kW']])
    expect(values(render('f(uint256 x)', u({ base: 'd', decimals: 1 }), [15n]))).toEqual([['U', '1.5d']])
  })

  test('enum: the label; a value not in the enumeration shows the number and a note; a bool finds True/False', () => {
    const metadata = { enums: { mode: { '1': 'stable', '2': 'variable' }, rights: { True: 'Grant all', False: 'Deny all' } } }
    const f = [{ path: 'm', label: 'Mode', format: 'enum', params: { $ref: '$.metadata.enums.mode' } }]
    expect(values(render('f(uint256 m)', f, [2n], { metadata }))).toEqual([['Mode', 'variable']])
    const r = render('f(uint256 m)', f, [3n], { metadata })
    expect([r.fields[0]!.value, r.fields[0]!.notes]).toEqual(['3', ['3 is not a value of the enumeration']])
    const g = [{ path: 'b', label: 'Rights', format: 'enum', params: { $ref: '$.metadata.enums.rights' } }]
    expect(values(render('f(bool b)', g, [false], { metadata }))).toEqual([['Rights', 'Deny all']])
  })

  test('nftName: collection name and id; an unknown collection shows the id with a note', () => {
    expect(values(render('f(uint256 id)', [{ path: 'id', label: 'NFT', format: 'nftName', params: { collection: NFT } }], [141n]))).toEqual([['NFT', 'Punks #141']])
    const r = render('f(uint256 id)', [{ path: 'id', label: 'NFT', format: 'nftName', params: { collectionPath: '@.to' } }], [7n])
    expect([r.fields[0]!.value, r.fields[0]!.notes]).toEqual(['7', ['unknown collection (0x1111111111111111111111111111111111111111): the token id is shown']])
  })

  test('chainId and tokenTicker', () => {
    const r = render('f(uint256 c,uint256 d,address t,address u)', [
      { path: 'c', label: 'Chain', format: 'chainId' },
      { path: 'd', label: 'Chain 2', format: 'chainId' },
      { path: 't', label: 'Token', format: 'tokenTicker' },
      { path: 'u', label: 'Token 2', format: 'tokenTicker' },
    ], [1n, 999n, A(TOKEN), A(OTHER)])
    expect(values(r)).toEqual([
      ['Chain', 'Ethereum Mainnet'],
      ['Chain 2', '999'],
      ['Token', 'TKN'],
      ['Token 2', '0x3333333333333333333333333333333333333333'],
    ])
    expect(r.notes).toEqual(['Chain 2: chain 999: no name known', 'Token 2: unknown token (0x3333333333333333333333333333333333333333): the address is shown'])
  })

  test('a value the format cannot take: the raw value, and a note', () => {
    const r = render(
      'f(bytes b,string s)',
      [
        { path: 's', label: 'When', format: 'date', params: { encoding: 'timestamp' } },
        { path: 'b', label: 'Who', format: 'addressName' },
        // bytes (a slice, typically) read as a big-endian integer where one is needed
        { path: 'b', label: 'Then', format: 'date', params: { encoding: 'timestamp' } },
      ],
      [Uint8Array.of(1, 2), 'soon'],
    )
    expect(values(r)).toEqual([
      ['When', 'soon'],
      ['Who', '0x0102'],
      ['Then', '1970-01-01 00:04:18Z'],
    ])
    expect(r.notes).toEqual(['When: a string is not an integer: the raw value is shown', 'Who: a bytes of 2 bytes is not an address: the raw value is shown'])
  })
})

describe('visible rules, groups, separators, arrays', () => {
  test('never hides; optional shows; ifNotIn hides listed values; a mustMatch mismatch is shown with a note', () => {
    const fields = [
      { path: 'a', label: 'Never', format: 'raw', visible: 'never' },
      { path: 'a', label: 'Optional', format: 'raw', visible: 'optional' },
      { path: 'a', label: 'IfNotIn', format: 'raw', visible: { ifNotIn: ['0', 7] } },
      { path: 'b', label: 'IfNotIn addr', format: 'raw', visible: { ifNotIn: ['0x0000000000000000000000000000000000000000'] } },
      { path: 'a', label: 'MustMatch', format: 'raw', visible: { mustMatch: [7] } },
    ]
    expect(values(render('f(uint256 a,address b)', fields, [7n, new Uint8Array(20)]))).toEqual([['Optional', '7']])
    const r = render('f(uint256 a,address b)', fields, [8n, A(TOKEN)])
    expect(values(r)).toEqual([
      ['Optional', '8'],
      ['IfNotIn', '8'],
      ['IfNotIn addr', '0x2222222222222222222222222222222222222222'],
      ['MustMatch', '8'],
    ])
    expect(r.fields[3]!.notes).toEqual(['must be one of 7, and is not'])
    expect(r.notes).toEqual(['MustMatch: must be one of 7, and is not'])
  })

  const key = 'f((address token,uint256 amount)[] d,address spender)'
  const data: AbiValue[] = [
    [
      [A(TOKEN), 1000000n],
      [A(OTHER), 5n],
    ],
    A(OTHER),
  ]

  test('a path with [] shows one field per element; array parameters pair by index', () => {
    const r = render(key, [{ path: 'd.[].amount', label: 'Amount', format: 'tokenAmount', params: { tokenPath: 'd.[].token' } }], data)
    expect(r.fields.map((f) => [f.label, f.path, f.value])).toEqual([
      ['Amount', '#.d.[0].amount', '1 TKN'],
      ['Amount', '#.d.[1].amount', '5'],
    ])
  })

  test('groups: by element by default (relative params inside), sequential on request, bundled interleaves', () => {
    const group = (iteration?: string) => ({
      path: 'd.[]',
      ...(iteration ? { iteration } : {}),
      fields: [
        { path: 'amount', label: 'Amount', format: 'tokenAmount', params: { tokenPath: 'token' } },
        { path: 'token', label: 'Token', format: 'raw' },
      ],
    })
    const byElement = [
      ['Amount', '1 TKN'],
      ['Token', '0x2222222222222222222222222222222222222222'],
      ['Amount', '5'],
      ['Token', '0x3333333333333333333333333333333333333333'],
    ]
    expect(values(render(key, [group()], data))).toEqual(byElement)
    expect(values(render(key, [group('bundled')], data))).toEqual(byElement)
    expect(values(render(key, [group('sequential')], data))).toEqual([byElement[0], byElement[2], byElement[1], byElement[3]])
    const labelled = render(key, [{ label: 'Details', fields: [{ path: 'spender', label: 'Spender', format: 'raw' }] }], data)
    expect(labelled.fields.map((f) => [f.label, f.format, f.value])).toEqual([
      ['Details', 'group', ''],
      ['Spender', 'raw', '0x3333333333333333333333333333333333333333'],
    ])
  })

  test('separator: one field, each element preceded by the separator with its index', () => {
    const r = render(key, [{ path: 'd.[].token', label: 'Tokens', format: 'raw', separator: ' #{index}: ' }], data)
    expect(values(r)).toEqual([['Tokens', ' #0: 0x2222222222222222222222222222222222222222 #1: 0x3333333333333333333333333333333333333333']])
  })

  test('a path the data does not have: the field is left out, with a note', () => {
    const r = render(key, [{ path: 'd.[5].amount', label: 'Sixth', format: 'raw' }, { path: 'nothing', label: 'Nothing', format: 'raw' }, { path: 'spender', label: 'Spender', format: 'raw' }], data)
    expect(values(r)).toEqual([['Spender', '0x3333333333333333333333333333333333333333']])
    expect(r.notes).toEqual(['Sixth: not shown: #.d.[5].amount: [5] is out of range (2 elements, 2 step(s) in)', 'Nothing: not shown: #.nothing: there is no field "nothing" (fields: d, spender)'])
  })

  test('constants: a field with a value, a $. path', () => {
    const r = render('f()', [{ value: 'Vault shares', label: 'What', format: 'raw' }, { value: '$.metadata.constants.n', label: 'N', format: 'raw' }], [], { metadata: { constants: { n: 'C' } } })
    expect(values(r)).toEqual([
      ['What', 'Vault shares'],
      ['N', 'C'],
    ])
  })
})

describe('interpolatedIntent', () => {
  const key = 'transfer(address to,uint256 value)'
  const fields = [
    { path: 'to', label: 'To', format: 'addressName' },
    { path: 'value', label: 'Amount', format: 'tokenAmount', params: { tokenPath: '@.to' } },
    { path: '@.value', label: 'Value', format: 'amount', visible: 'optional' },
  ]
  const go = (tpl: string) => render(key, fields, [A(OTHER), 2500000n], { interpolatedIntent: tpl, c: { to: A(TO) } })

  test('placeholders take the formatted field values; {{ and }} are literal braces', () => {
    const r = go('Send {value} to {to} {{now}}')
    expect([r.intent, r.interpolatedIntent]).toEqual(['Do', 'Send 2500000 to My Savings {now}'])
  })

  test('$. constants may be interpolated', () => {
    const r = render(key, fields, [A(OTHER), 1n], { interpolatedIntent: 'Use {$.metadata.constants.v}', metadata: { constants: { v: 'V2' } } })
    expect(r.interpolatedIntent).toBe('Use V2')
  })

  test.each([
    ['Send {amount}', '{amount} names no field of the format'],
    ['Send {@.value}', '{@.value} is not an always-visible field with a single value'],
    ['Send {value', 'an unclosed "{" at 6'],
    ['Send value}', 'an unmatched "}" at 11'],
    ['Send {a[0]}', '{a[0]} is not a path'],
    ['Send {$.metadata.nothing}', '{$.metadata.nothing} is not in the descriptor'],
  ])('%s falls back to the intent, all or nothing (%s)', (tpl, why) => {
    const r = go(tpl)
    expect([r.intent, r.interpolatedIntent]).toEqual(['Do', null])
    expect(r.notes).toContain(`interpolatedIntent not shown (${why}): the intent is shown instead`)
  })
})

describe('embedded calldata', () => {
  const inner = parseSignature('transfer(address to,uint256 value)')
  const innerDesc = {
    $schema: S,
    context: { contract: { deployments: [{ chainId: 1, address: TOKEN }] } },
    metadata: { owner: 'Token Co' },
    display: {
      formats: {
        'transfer(address to,uint256 value)': {
          intent: 'Send',
          interpolatedIntent: 'Send {value}',
          fields: [
            { path: 'to', label: 'To', format: 'raw' },
            { path: 'value', label: 'Amount', format: 'tokenAmount', params: { tokenPath: '@.to' } },
            { path: '@.value', label: 'Value', format: 'amount' },
            { path: '@.from', label: 'From', format: 'raw' },
          ],
        },
      },
    },
  }
  const outer = (params: Record<string, unknown>) =>
    setOf(
      { 'exec(address target,uint256 v,bytes data)': { intent: 'Execute', fields: [{ path: 'data', label: 'Call', format: 'calldata', params }] } },
      {},
      { 'registry/t/calldata-token.json': innerDesc },
    )
  const call = (target: string, data: Uint8Array) => encodeCall(parseSignature('exec(address target,uint256 v,bytes data)'), [A(target), 7n, data])

  test('the inner call renders with its own descriptor; amount becomes its @.value, spender its @.from', () => {
    const set = outer({ calleePath: 'target', amountPath: 'v', spenderPath: '@.from' })
    const r = renderCalldata(set, C, call(TOKEN, encodeCall(inner, [A(OTHER), 1500000n])), providers)!.rendered
    expect(r.fields.map((f) => [f.label, f.format, f.value])).toEqual([['Call', 'calldata', 'Send 1.5 TKN']])
    const n = r.fields[0]!.nested!
    expect([n.intent, n.interpolatedIntent, n.owner, n.descriptor]).toEqual(['Send', 'Send 1.5 TKN', 'Token Co', 'registry/t/calldata-token.json'])
    expect(values(n)).toEqual([
      ['To', '0x3333333333333333333333333333333333333333'],
      ['Amount', '1.5 TKN'],
      ['Value', '0.000000000000000007 ETH'],
      ['From', '0x5555555555555555555555555555555555555555'],
    ])
  })

  test("the embedded review's notes (a lenient decoding, an unknown token) reach the outer review", () => {
    const r = renderCalldata(outer({ calleePath: 'target' }), C, call(TOKEN, concatBytes(encodeCall(inner, [A(OTHER), 1n]), Uint8Array.of(1))), providers)!.rendered
    expect(r.fields[0]!.nested!.notes).toEqual(['the calldata is not the canonical ABI encoding of transfer(address,uint256) (TRAILING_BYTES): shown from a lenient decoding'])
    expect(r.notes).toEqual(['Call: embedded call: the calldata is not the canonical ABI encoding of transfer(address,uint256) (TRAILING_BYTES): shown from a lenient decoding'])
  })

  test('without a spender the inner call is made by the outer contract', () => {
    const r = renderCalldata(outer({ calleePath: 'target' }), C, call(TOKEN, encodeCall(inner, [A(OTHER), 1n])), providers)!.rendered
    expect(values(r.fields[0]!.nested!).slice(2)).toEqual([
      ['Value', '0 ETH'],
      ['From', '0x1111111111111111111111111111111111111111'],
    ])
  })

  test('no descriptor for the inner call: its calldata as hex, a note with its digest, no nested review', () => {
    const data = encodeCall(inner, [A(OTHER), 1n])
    const r = renderCalldata(outer({ calleePath: 'target' }), C, call(OTHER, data), providers)!.rendered
    expect(r.fields.map((f) => [f.value, f.nested])).toEqual([[bytesToHex(data), null]])
    expect(r.fields[0]!.notes).toEqual([expect.stringMatching(/^no descriptor for the embedded call to 0x3333333333333333333333333333333333333333 \(selector 0xa9059cbb\): raw calldata shown, keccak256 0x[0-9a-f]{64}$/)])
  })

  test('embedded calls are followed to a depth limit', () => {
    // exec → exec → exec … to the outer contract itself
    const files = new Map<string, unknown>([
      ['registry/t/calldata-t.json', { $schema: S, context: { contract: { deployments: [{ chainId: 1, address: TO }] } }, display: { formats: { 'exec(address target,uint256 v,bytes data)': { intent: 'Execute', fields: [{ path: 'data', label: 'Call', format: 'calldata', params: { calleePath: 'target' } }] } } } }],
    ])
    const set = descriptorSet(files, { strict: true })
    let data = encodeCall(inner, [A(OTHER), 1n])
    for (let i = 0; i < 6; i++) data = call(TO, data)
    let r: Rendered | null = renderCalldata(set, C, data, providers, { depth: 2 })!.rendered
    const chain: string[] = []
    while (r) {
      chain.push(r.intent)
      const f: { nested: Rendered | null; notes: readonly string[] } = r.fields[0]!
      if (f.nested === null) chain.push(f.notes[0]!)
      r = f.nested
    }
    expect(chain).toEqual(['Execute', 'Execute', 'Execute', 'embedded call to 0x1111111111111111111111111111111111111111 not followed: calls nest deeper than the limit'])
  })
})

describe('matching and decoding', () => {
  const key = 'transfer(address to,uint256 value)'
  const fn = parseSignature(key)
  const set = setOf({ [key]: { intent: 'Send', fields: [{ path: 'value', label: 'Amount', format: 'raw' }] } })
  const data = encodeCall(fn, [A(OTHER), 5n])

  test('chainId and to must be a deployment; the selector a format', () => {
    expect(renderCalldata(set, C, data, providers)?.rendered.intent).toBe('Send')
    expect(renderCalldata(set, { ...C, chainId: 10n }, data, providers)).toBeNull()
    expect(renderCalldata(set, { ...C, to: A(OTHER) }, data, providers)).toBeNull()
    expect(renderCalldata(set, C, encodeCall(parseSignature('approve(address,uint256)'), [A(OTHER), 5n]), providers)).toBeNull()
    expect(renderCalldata(set, C, data.slice(0, 3), providers)).toBeNull()
  })

  test('trailing bytes: rendered from the lenient decoding, flagged, and the note names the reason', () => {
    const r = renderCalldata(set, C, concatBytes(data, Uint8Array.of(0x7a, 0x65)), providers)!
    expect([r.lenient, r.decoded.issues.map((i) => i.reason), r.rendered.notes]).toEqual([
      true,
      ['TRAILING_BYTES'],
      ['the calldata is not the canonical ABI encoding of transfer(address,uint256) (TRAILING_BYTES): shown from a lenient decoding'],
    ])
    expect(renderCalldata(set, C, data, providers)!.lenient).toBe(false)
  })

  test('dirty padding is not fatal either; data cut short is: no render', () => {
    const dirty = Uint8Array.from(data)
    dirty[4] = 0xff // a high byte of the address word
    expect(renderCalldata(set, C, dirty, providers)!.rendered.notes[0]).toContain('(DIRTY_PADDING)')
    expect(renderCalldata(set, C, data.slice(0, 40), providers)).toBeNull()
  })

  test('generic ercs/ descriptors match any address, only when asked for, as the lowest tier', () => {
    const files = new Map<string, unknown>([['ercs/calldata-erc20.json', { $schema: '../specs/erc7730-v2.schema.json', context: { contract: {} }, display: { formats: { [key]: { intent: 'Generic send', fields: [] } } } }]])
    const g = descriptorSet(files)
    expect(renderCalldata(g, C, data, providers)).toBeNull()
    const r = renderCalldata(g, C, data, providers, { generic: true })!.rendered
    expect([r.intent, r.descriptor, r.notes]).toEqual(['Generic send', 'ercs/calldata-erc20.json', ['generic descriptor ercs/calldata-erc20.json: not bound to 0x1111111111111111111111111111111111111111 by the registry']])
  })

  test('a map reference with no value for the key: the descriptor is not valid for this transaction', () => {
    const m = setOf(
      { 'deposit(uint256 amount)': { intent: 'Deposit', fields: [{ path: 'amount', label: 'A', format: 'tokenAmount', params: { token: { map: '$.metadata.maps.u', keyPath: '@.chainId' } } }] } },
      { maps: { u: { $keyType: 'chain', values: { '1': TOKEN } } } },
    )
    const d = encodeCall(parseSignature('deposit(uint256)'), [3000000n])
    expect(values(renderCalldata(m, C, d, providers)!.rendered)).toEqual([['A', '3 TKN']])
    const other = setOf(
      { 'deposit(uint256 amount)': { intent: 'Deposit', fields: [{ path: 'amount', label: 'A', format: 'tokenAmount', params: { token: { map: '$.metadata.maps.u', keyPath: '@.chainId' } } }] } },
      { maps: { u: { $keyType: 'chain', values: { '10': TOKEN } } } },
    )
    expect(renderCalldata(other, C, d, providers)).toBeNull()
  })
})

describe('EIP-712 matching', () => {
  const key = 'Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)'
  const files = new Map<string, unknown>([
    [
      'registry/t/eip712-t.json',
      {
        $schema: S,
        context: { eip712: { domain: { name: 'Tkn' }, deployments: [{ chainId: 1, address: TOKEN }] } },
        metadata: { owner: 'Token Co' },
        display: { formats: { [key]: { intent: 'Permit', fields: [{ path: 'spender', label: 'Spender', format: 'raw' }, { path: 'value', label: 'Amount', format: 'tokenAmount', params: { tokenPath: '@.to' } }, { path: 'deadline', label: 'Until', format: 'date', params: { encoding: 'timestamp' } }] } } },
      },
    ],
  ])
  const set = descriptorSet(files, { strict: true })
  const doc = (domain: Record<string, unknown>, types: Record<string, unknown> = {}) =>
    parseTypedData({
      types: {
        EIP712Domain: [
          { name: 'name', type: 'string' },
          ...('chainId' in domain ? [{ name: 'chainId', type: 'uint256' }] : []),
          ...('verifyingContract' in domain ? [{ name: 'verifyingContract', type: 'address' }] : []),
        ],
        Permit: [
          { name: 'owner', type: 'address' },
          { name: 'spender', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint256' },
        ],
        ...types,
      },
      primaryType: 'Permit',
      domain,
      message: { owner: FROM, spender: OTHER, value: '2000000', nonce: 0, deadline: 1700000000 },
    })

  test('domain chainId + verifyingContract bind, the encodeType is the key, the domain values hold', () => {
    const r = renderTypedData(set, doc({ name: 'Tkn', chainId: 1, verifyingContract: TOKEN }), providers)!
    expect([r.intent, r.owner, ...values(r)]).toEqual(['Permit', 'Token Co', ['Spender', '0x3333333333333333333333333333333333333333'], ['Amount', '2 TKN'], ['Until', '2023-11-14 22:13:20Z']])
  })

  test.each([
    ['another chain', { name: 'Tkn', chainId: 10, verifyingContract: TOKEN }],
    ['another contract', { name: 'Tkn', chainId: 1, verifyingContract: OTHER }],
    ['another name', { name: 'Evil', chainId: 1, verifyingContract: TOKEN }],
    ['no chainId', { name: 'Tkn', verifyingContract: TOKEN }],
    ['no verifyingContract', { name: 'Tkn', chainId: 1 }],
  ])('%s: no match', (_what, domain) => {
    expect(renderTypedData(set, doc(domain), providers)).toBeNull()
  })

  test('another type with the same primary name (its encodeType differs): no match', () => {
    const d = parseTypedData({
      types: {
        EIP712Domain: [
          { name: 'name', type: 'string' },
          { name: 'chainId', type: 'uint256' },
          { name: 'verifyingContract', type: 'address' },
        ],
        Permit: [
          { name: 'owner', type: 'address' },
          { name: 'spender', type: 'address' },
          { name: 'value', type: 'uint256' },
        ],
      },
      primaryType: 'Permit',
      domain: { name: 'Tkn', chainId: 1, verifyingContract: TOKEN },
      message: { owner: FROM, spender: OTHER, value: '1' },
    })
    expect(renderTypedData(set, d, providers)).toBeNull()
  })
})
