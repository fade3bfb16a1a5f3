import { describe, expect, test } from 'vitest'
import { bytesToHex } from '../../bytes.js'
import { AirsignError } from '../../errors.js'
import { shippedFiles } from '../data/erc7730.js'
import { loadDescriptor, resolveInclude, schemaVersion, type FieldSpec } from './descriptor.js'
import { descriptorSet } from './set.js'

const S = '../../specs/erc7730-v2.schema.json'
const TO = '0x1111111111111111111111111111111111111111'
const contract = { contract: { deployments: [{ chainId: 1, address: TO }] } }

/** A one-file set at registry/t/calldata-t.json. */
function one(json: unknown, extra: Record<string, unknown> = {}): Map<string, unknown> {
  return new Map<string, unknown>([['registry/t/calldata-t.json', json], ...Object.entries(extra)])
}
const base = (formats: Record<string, unknown>, more: Record<string, unknown> = {}) => ({ $schema: S, context: contract, metadata: { owner: 'T' }, display: { formats }, ...more })

function refusal(f: () => unknown): AirsignError {
  try {
    f()
  } catch (e) {
    if (e instanceof AirsignError) return e
    throw e
  }
  throw new Error('expected a refusal')
}
const load = (files: Map<string, unknown>, file = 'registry/t/calldata-t.json') => loadDescriptor(files, file)

describe('version from $schema, through the table of known forms', () => {
  test.each([
    ['../../specs/erc7730-v2.schema.json', '2.0.0'],
    ['../specs/erc7730-v2.schema.json', '2.0.0'],
    ['https://github.com/LedgerHQ/clear-signing-erc7730-registry/blob/master/specs/erc7730-v2.schema.json', '2.0.0'],
    ['https://eips.ethereum.org/assets/eip-7730/erc7730-v2.schema.json', '2.0.0'],
    ['../../specs/erc7730-v2.1.0.schema.json', '2.1.0'],
  ])('%s → %s', (s, v) => {
    expect(schemaVersion({ $schema: s }, 'f.json')).toBe(v)
  })

  test.each([
    ['../../specs/erc7730-v1.schema.json', 'v1 (1.0.0) is deprecated'],
    ['https://eips.ethereum.org/assets/eip-7730/erc7730-v1.schema.json', 'v1 (1.0.0) is deprecated'],
    ['../../specs/erc7730-v3.0.0-next.schema.json', 'MAJOR version 3 is not implemented'],
    ['https://example.com/erc7730-v2.schema.json', 'is not a known ERC-7730 schema'],
    ['../../specs/erc7730-v2.schema.json?x', 'is not a known ERC-7730 schema'],
    ['../../specs/erc7730-v9.schema.json', 'is not a known ERC-7730 schema'],
  ])('refuses %s (%s)', (s, why) => {
    const e = refusal(() => schemaVersion({ $schema: s }, 'f.json'))
    expect([e.code, e.exitCode]).toEqual(['DESCRIPTOR_VERSION', 3])
    expect(e.message).toContain('f.json: $schema')
    expect(e.message).toContain(why)
  })

  test('no $schema is refused; every shipped file has a known v2 form', () => {
    expect(refusal(() => schemaVersion({}, 'f.json')).code).toBe('DESCRIPTOR_VERSION')
    for (const [f, j] of shippedFiles()) expect(schemaVersion(j as Record<string, unknown>, f)).toBe('2.0.0')
  })

  test('a v1 descriptor is refused as a whole, by its own code', () => {
    const e = refusal(() => load(one({ ...base({}), $schema: '../../specs/erc7730-v1.schema.json' })))
    expect(e.code).toBe('DESCRIPTOR_VERSION')
  })
})

describe('includes: inside the set only, merged per the spec', () => {
  test('resolveInclude: relative to the including file, never out of the set', () => {
    expect(resolveInclude('registry/uniswap/eip712-x.json', 'common-eip712-uniswap.json', 'w')).toBe('registry/uniswap/common-eip712-uniswap.json')
    expect(resolveInclude('registry/kiln/common-KilnVaults.json', '../../ercs/calldata-erc4626-vaults.json', 'w')).toBe('ercs/calldata-erc4626-vaults.json')
    expect(resolveInclude('registry/a/x.json', './b/../c.json', 'w')).toBe('registry/a/c.json')
    for (const [inc, why] of [
      ['../../../etc/passwd', 'leaves the root'],
      ['https://example.com/evil.json', 'not a relative path'],
      ['file:///etc/passwd', 'not a relative path'],
      ['/abs.json', 'not a relative path'],
      ['//host/x.json', 'not a relative path'],
      ['a\\b.json', 'not a relative path'],
    ] as const) {
      const e = refusal(() => resolveInclude('registry/a/x.json', inc, 'registry/a/x.json: includes'))
      expect([e.code, e.message.includes(why), e.message.startsWith('registry/a/x.json: includes')]).toEqual(['DESCRIPTOR_INCLUDE', true, true])
    }
  })

  const common = {
    $schema: S,
    metadata: { constants: { max: '0xff' } },
    display: {
      formats: {
        'approve(address spender,uint256 value)': {
          intent: 'Approve',
          fields: [
            { path: 'spender', label: 'Spender', format: 'addressName' },
            { path: 'value', label: 'Amount', format: 'tokenAmount', params: { tokenPath: '@.to', threshold: '$.metadata.constants.max' } },
          ],
        },
      },
    },
  }

  test('fields merge by path (the includer wins), new paths are appended, format keys merge by canonical signature', () => {
    const files = one(
      {
        $schema: S,
        includes: 'common-t.json',
        context: contract,
        metadata: { owner: 'T', constants: { max: '0x10' } },
        display: {
          formats: {
            // spaces after commas (the registry's habit): the same function as the included key
            'approve(address spender, uint256 value)': {
              fields: [
                { path: '#.value', params: { threshold: '0x1234' } },
                { path: 'extra', label: 'Extra', format: 'raw' },
              ],
            },
          },
        },
      },
      { 'registry/t/common-t.json': common },
    )
    const d = load(files)
    expect(d.files).toEqual(['registry/t/calldata-t.json', 'registry/t/common-t.json'])
    expect(d.calldata).toHaveLength(1)
    const f = d.calldata[0]!
    expect([f.key, f.fn.signature, f.intent]).toEqual(['approve(address spender, uint256 value)', 'approve(address,uint256)', 'Approve'])
    const fields = f.fields as FieldSpec[]
    expect(fields.map((x) => [x.label, x.format])).toEqual([
      ['Spender', 'addressName'],
      ['Amount', 'tokenAmount'],
      ['Extra', 'raw'],
    ])
    expect(fields[1]!.params).toEqual({ token: { kind: 'path', path: { root: 'container', steps: [{ kind: 'name', name: 'to' }] } }, threshold: { kind: 'const', value: '0x1234' } })
    // the includer's constant wins over the included one
    expect((d.merged.metadata as { constants: { max: string } }).constants.max).toBe('0x10')
  })

  test('a missing include, a cycle and a self-include are refused, naming the file', () => {
    const missing = refusal(() => load(one({ ...base({}), includes: 'nope.json' })))
    expect([missing.code, missing.message]).toEqual(['DESCRIPTOR_INCLUDE', 'registry/t/calldata-t.json: includes: "nope.json" (registry/t/nope.json) is not in the descriptor set'])
    const self = refusal(() => load(one({ ...base({}), includes: 'calldata-t.json' })))
    expect(self.code).toBe('DESCRIPTOR_INCLUDE')
    const cycle = refusal(() =>
      load(
        one(
          { ...base({}), includes: 'a.json' },
          { 'registry/t/a.json': { $schema: S, includes: 'b.json' }, 'registry/t/b.json': { $schema: S, includes: 'a.json' } },
        ),
      ),
    )
    expect([cycle.code, cycle.message]).toEqual(['DESCRIPTOR_INCLUDE', 'registry/t/b.json: includes: "a.json" includes itself (cycle: registry/t/calldata-t.json → registry/t/a.json → registry/t/b.json → registry/t/a.json)'])
    const escape = refusal(() => load(one({ ...base({}), includes: '../../../x.json' })))
    expect(escape.code).toBe('DESCRIPTOR_INCLUDE')
    const v1 = refusal(() => load(one({ ...base({}), includes: 'old.json' }, { 'registry/t/old.json': { $schema: '../../specs/erc7730-v1.schema.json' } })))
    expect([v1.code, v1.message.startsWith('registry/t/old.json: $schema')]).toEqual(['DESCRIPTOR_VERSION', true])
  })
})

describe('references: definitions, constants, enums, maps', () => {
  test('$ref takes the definition; the reference keys and params win', () => {
    const d = load(
      one(
        base(
          { 'f(uint256 a)': { intent: 'F', fields: [{ path: 'a', $ref: '$.display.definitions.amt', params: { threshold: '0x05' } }] } },
          {
            display: {
              definitions: { amt: { label: 'Amount', format: 'tokenAmount', params: { tokenPath: '@.to', message: 'All' } } },
              formats: { 'f(uint256 a)': { intent: 'F', fields: [{ path: 'a', $ref: '$.display.definitions.amt', params: { threshold: '0x05' } }] } },
            },
          },
        ),
      ),
    )
    const f = d.calldata[0]!.fields[0] as FieldSpec
    expect([f.label, f.format, Object.keys(f.params).sort()]).toEqual(['Amount', 'tokenAmount', ['message', 'threshold', 'token']])
  })

  test('enum $ref resolves to the enumeration; constants resolve in value and params', () => {
    const d = load(
      one(
        base(
          {
            'f(uint8 m)': {
              intent: 'F',
              fields: [
                { path: 'm', label: 'Mode', format: 'enum', params: { $ref: '$.metadata.enums.mode' } },
                { value: '$.metadata.constants.name', label: 'Name', format: 'raw' },
              ],
            },
          },
          { metadata: { owner: 'T', enums: { mode: { '1': 'stable', '2': 'variable' } }, constants: { name: 'Vault' } } },
        ),
      ),
    )
    const [m, v] = d.calldata[0]!.fields as FieldSpec[]
    expect(m!.params.$ref).toEqual({ kind: 'const', value: { '1': 'stable', '2': 'variable' } })
    expect(v!.value).toBe('Vault')
  })

  test.each([
    [{ path: 'a', $ref: '$.display.definitions.none' }, 'DESCRIPTOR_REF', 'does not resolve'],
    [{ path: 'a', $ref: '#.x' }, 'DESCRIPTOR_REF', 'a field reference is'],
    [{ path: 'a', label: 'A', format: 'enum', params: { $ref: '$.metadata.enums.none' } }, 'DESCRIPTOR_REF', 'does not resolve'],
    [{ path: 'a', label: 'A', format: 'enum', params: {} }, 'DESCRIPTOR_FIELD', 'enum needs "$ref"'],
    [{ path: 'a', label: 'A', format: 'tokenAmount', params: { token: '$.metadata.constants.none' } }, 'DESCRIPTOR_REF', 'does not resolve'],
    [{ path: 'a', label: 'A', format: 'tokenAmount', params: { token: { map: '$.metadata.maps.none', keyPath: '@.chainId' } } }, 'DESCRIPTOR_REF', 'does not resolve'],
    [{ path: 'a', label: 'A', format: 'number' }, 'DESCRIPTOR_FIELD', 'unknown format "number"'],
    [{ path: 'a', label: 'A', format: 'bytes32' }, 'DESCRIPTOR_FIELD', 'unknown format "bytes32"'],
    [{ path: 'a', label: 'A', format: 'date' }, 'DESCRIPTOR_FIELD', 'date needs "encoding"'],
    [{ path: 'a', label: 'A', format: 'date', params: { encoding: 'iso' } }, 'DESCRIPTOR_FIELD', 'date needs "encoding"'],
    [{ path: 'a', label: 'A', format: 'unit', params: {} }, 'DESCRIPTOR_FIELD', 'unit needs "base"'],
    [{ path: 'a', label: 'A', format: 'unit', params: { base: 's', decimals: -1 } }, 'DESCRIPTOR_FIELD', 'integer 0 … 255'],
    [{ path: 'a', label: 'A', format: 'calldata', params: {} }, 'DESCRIPTOR_FIELD', 'calldata needs "callee"'],
    [{ path: 'a', label: 'A', format: 'nftName', params: {} }, 'DESCRIPTOR_FIELD', 'nftName needs "collection"'],
    [{ path: 'a', label: 'A', format: 'tokenAmount', params: { token: '0x0' } }, 'DESCRIPTOR_FIELD', 'is not an address'],
    [{ path: 'a', label: 'A', format: 'tokenAmount', params: { token: TO, tokenPath: 'b' } }, 'DESCRIPTOR_FIELD', 'both given'],
    [{ path: 'a', label: 'A', format: 'tokenAmount', params: { thresholdLabel: 'x' } }, 'DESCRIPTOR_FIELD', 'is not a parameter of the tokenAmount format'],
    [{ path: 'a', label: 'A', format: 'tokenAmount', params: { threshold: 'lots' } }, 'DESCRIPTOR_FIELD', 'not a non-negative integer'],
    [{ path: 'a', label: 'A', format: 'raw', visible: 'sometimes' }, 'DESCRIPTOR_FIELD', 'visible must be'],
    [{ path: 'a', label: 'A', format: 'raw', visible: { ifNotIn: [0], mustMatch: [1] } }, 'DESCRIPTOR_FIELD', 'visible must be'],
    [{ path: 'a', value: 1, label: 'A' }, 'DESCRIPTOR_FIELD', 'exactly one of "path" and "value"'],
    [{ label: 'A' }, 'DESCRIPTOR_FIELD', 'exactly one of "path" and "value"'],
    [{ path: 'a', label: 'A', required: true }, 'DESCRIPTOR_JSON', 'unknown key in a field'],
    [{ path: 'a[0]', label: 'A' }, 'DESCRIPTOR_PATH', 'dot-separated'],
    [{ path: 'a', label: 'A', format: 'tokenAmount', params: { tokenPath: 'b[0]' } }, 'DESCRIPTOR_PATH', '.params.tokenPath'],
  ])('refuses the field %j: %s (%s)', (field, code, why) => {
    const e = refusal(() => load(one(base({ 'f(uint256 a,uint256 b)': { intent: 'F', fields: [field] } }))))
    expect(e.code).toBe(code)
    expect(e.exitCode).toBe(3)
    expect(e.message).toContain('registry/t/calldata-t.json: display.formats["f(uint256 a,uint256 b)"].fields[0]')
    expect(e.message).toContain(why)
  })
})

describe('format keys', () => {
  test('calldata keys parse whitespace-tolerantly, with tuples; the selector is that of the canonical types', () => {
    const d = load(one(base({ 'submit( (address token , uint256 amount) order , bytes32 salt )': { intent: 'S', fields: [] } })))
    expect(d.calldata[0]!.fn.signature).toBe('submit((address,uint256),bytes32)')
  })

  test('two formats with one selector make the descriptor invalid', () => {
    const e = refusal(() => load(one(base({ 'transfer(address to,uint256 value)': { intent: 'A', fields: [] }, 'transfer(address dst, uint256 wad)': { intent: 'B', fields: [] } }))))
    expect([e.code, e.message.includes('two formats for one selector'), e.message.includes('0xa9059cbb')]).toEqual(['DESCRIPTOR_FORMAT_KEY', true, true])
  })

  test('a key that is no signature is refused by the format key code', () => {
    const e = refusal(() => load(one(base({ 'transfer(address to,uint to)x': { intent: 'A', fields: [] } }))))
    expect(e.code).toBe('DESCRIPTOR_FORMAT_KEY')
    expect(e.message).toContain('display.formats["transfer(address to,uint to)x"]')
  })

  const eip712 = (key: string) => ({ $schema: S, context: { eip712: { deployments: [{ chainId: 1, address: TO }] } }, display: { formats: { [key]: { intent: 'Sign', fields: [] } } } })

  test('EIP-712 keys are encodeType strings: type hash = keccak256(key)', () => {
    const key = 'Mail(Person from,Person to,string contents)Person(string name,address wallet)'
    const t = load(one(eip712(key))).typed[0]!
    expect([t.primaryType, t.encodeType, bytesToHex(t.typeHash)]).toEqual([key.split('(')[0], key, '0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2'])
    // whitespace after commas normalizes to the same type
    expect(bytesToHex(load(one(eip712('Mail(Person from, Person to, string contents)Person(string name, address wallet)'))).typed[0]!.typeHash)).toBe(bytesToHex(t.typeHash))
  })

  test.each([
    ['Person(string name,address wallet)Mail(Person from,Person to,string contents)', 'is not the encodeType of Person'],
    ['Mail(Person from,string contents)Z(uint256 a)Person(string name)', 'is not the encodeType of Mail'],
    ['Mail(Person from,string contents)', 'does not define'],
    ['Mail(uint from,string contents)', 'does not define'],
    ['Mail(string)', 'is not "type name"'],
    ['HyperliquidTransaction:Withdraw(string destination)', 'is not an EIP-712 encodeType string'],
  ])('refuses the EIP-712 key %s', (key, why) => {
    const e = refusal(() => load(one(eip712(key))))
    expect(e.code).toBe('DESCRIPTOR_FORMAT_KEY')
    expect(e.message).toContain(why)
  })
})

describe('the shipped snapshot as a set', () => {
  const set = descriptorSet(shippedFiles())
  const { descriptors, rejected } = set.all()

  test('351 descriptors load, 9 files are fragments (only included), and 5 are refused, each for a stated reason', () => {
    expect(descriptors).toHaveLength(351)
    expect(set.fragments).toHaveLength(9)
    expect(set.unbound).toEqual([])
    expect(rejected.map((r) => [r.file, r.error.code])).toEqual([
      ['ercs/calldata-erc4626-vaults.json', 'DESCRIPTOR_FIELD'], // a template: token "0x0", set by the files that include it
      ['ercs/calldata-erc7540Deposit-vaults.json', 'DESCRIPTOR_FIELD'], // the same
      ['ercs/calldata-erc7540Redeem-vaults.json', 'DESCRIPTOR_REF'], // a template: the includer defines the constant
      ['registry/hyperliquid/eip712-withdraw.json', 'DESCRIPTOR_FORMAT_KEY'], // "HyperliquidTransaction:Withdraw" is no EIP-712 type name
      ['registry/kiln/common-KilnVaults.json', 'DESCRIPTOR_FIELD'], // includes the 4626 template, is itself included by the kiln vaults
    ])
    expect(rejected.find((r) => r.file === 'registry/kiln/common-KilnVaults.json')!.error.hints).toEqual(['the JSON path is in the descriptor merged with its includes: ercs/calldata-erc4626-vaults.json'])
    // The files that include the templates load: the kiln and morpho vaults.
    expect(descriptors.filter((d) => d.files.includes('ercs/calldata-erc4626-vaults.json')).length).toBeGreaterThan(50)
  })

  test('the index binds (chainId, address) to files; generic ercs/ descriptors are a separate tier', () => {
    expect(set.contracts.get('1:0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2')).toEqual(['registry/weth/calldata-weth.json'])
    // Permit2 binds through its included common file (context from an include)
    expect(set.messages.get('1:0x000000000022d473030f116ddee9f6b43ac78ba3')).toContain('registry/uniswap/eip712-uniswap-permit2.json')
    expect(set.generic).toEqual({
      calldata: ['ercs/calldata-erc20-tokens.json', 'ercs/calldata-erc4626-vaults.json', 'ercs/calldata-erc721-nfts.json', 'ercs/calldata-erc7540Deposit-vaults.json', 'ercs/calldata-erc7540Redeem-vaults.json', 'registry/kiln/common-KilnVaults.json'],
      eip712: ['ercs/eip712-erc2612-permit.json', 'registry/permit/common-dai-permit.json'],
    })
  })

  test('a descriptor is parsed on first use, once', () => {
    const fresh = descriptorSet(shippedFiles())
    const d = fresh.descriptor('registry/weth/calldata-weth.json')
    expect(fresh.descriptor('registry/weth/calldata-weth.json')).toBe(d)
    expect(d.calldata.map((f) => f.fn.signature)).toEqual(['deposit()'])
    expect(refusal(() => fresh.descriptor('registry/hyperliquid/eip712-withdraw.json')).code).toBe('DESCRIPTOR_FORMAT_KEY')
  })

  test('strict: the first invalid file throws', () => {
    expect(refusal(() => descriptorSet(shippedFiles(), { strict: true })).code).toBe('DESCRIPTOR_FIELD')
  })
})
