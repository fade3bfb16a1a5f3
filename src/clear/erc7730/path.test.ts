import { describe, expect, test } from 'vitest'
import { AirsignError } from '../../errors.js'
import { joinPath, parsePath, pathText } from './path.js'

const W = 'f.json: fields[0].path'

describe('parsePath: the ERC-7730 path grammar', () => {
  test.each([
    ['amount', '#.amount'],
    ['#.amount', '#.amount'],
    ['#.params.amountIn', '#.params.amountIn'],
    ['details.[]', '#.details.[]'],
    ['#.data.path.[0].path.[-1].to', '#.data.path.[0].path.[-1].to'],
    ['params.path.[0:20]', '#.params.path.[0:20]'],
    ['params.path.[:20]', '#.params.path.[:20]'],
    ['params.path.[-20:]', '#.params.path.[-20:]'],
    ['pools.[:]', '#.pools.[:]'],
    ['#.N.[292:324]', '#.N.[292:324]'],
    ['@.to', '@.to'],
    ['@.from', '@.from'],
    ['@.value', '@.value'],
    ['@.chainId', '@.chainId'],
    ['$.metadata.constants.nativeAssetAddress', '$.metadata.constants.nativeAssetAddress'],
    ['$.display.definitions.sendAmount', '$.display.definitions.sendAmount'],
    ['0x1', '#.0x1'],
  ])('%s → %s', (text, canonical) => {
    expect(pathText(parsePath(text, W))).toBe(canonical)
  })

  test('steps are typed: names, indices, all, slices with open ends', () => {
    expect(parsePath('#.a.[2].[].[-3:]', W)).toEqual({
      root: 'data',
      steps: [{ kind: 'name', name: 'a' }, { kind: 'index', index: 2 }, { kind: 'all' }, { kind: 'slice', start: -3, end: null }],
    })
    expect(parsePath('a', W).root).toBe('relative')
  })

  test.each([
    ['recipients[0]', 'indices are dot-separated'],
    ['a[]', 'indices are dot-separated'],
    ['a.b.', 'empty step'],
    ['.a', 'empty step'],
    ['a..b', 'empty step'],
    ['', 'is empty'],
    ['#.', 'is empty'],
    ['#', 'without the dot'],
    ['@to', 'without the dot'],
    ['@.sender', 'is not a container value'],
    ['@.to.x', 'is not a container value'],
    ['@.[0]', 'is not a container value'],
    ['$.metadata.[0]', 'names keys only'],
    ['a.[1:2:3]', 'with a step'],
    ['a.[x]', 'not an integer'],
    ['a.[1.5]', 'not an integer'],
    ['a.[99999999999]', 'out of range'],
    ['a b', 'a step is a name'],
    ['a.*', 'a step is a name'],
    ['a.[?(@.x)]', 'not an integer'],
    ['a-b', 'a step is a name'],
  ])('refuses %j (%s)', (text, why) => {
    let err: unknown
    try {
      parsePath(text, W)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AirsignError)
    expect((err as AirsignError).code).toBe('DESCRIPTOR_PATH')
    expect((err as AirsignError).message).toContain(W)
    expect((err as AirsignError).message).toContain(why)
  })

  test('joinPath: relative paths continue the group, rooted ones stand alone', () => {
    const g = parsePath('details.[]', W)
    expect(pathText(joinPath(g, parsePath('amount', W)))).toBe('#.details.[].amount')
    expect(pathText(joinPath(g, parsePath('#.spender', W)))).toBe('#.spender')
    expect(pathText(joinPath(g, parsePath('@.to', W)))).toBe('@.to')
    expect(pathText(joinPath(null, parsePath('amount', W)))).toBe('#.amount')
  })
})
