import { describe, expect, test } from 'vitest'
import { formatDate, formatDuration, formatUnit, formatUnits, MAX_DATE_SECONDS } from './text.js'

describe('formatUnits: exact decimals', () => {
  test.each([
    [0n, 18, '0'],
    [1n, 18, '0.000000000000000001'],
    [10n ** 18n, 18, '1'],
    [1500000n, 6, '1.5'],
    [1020349393963551971500n, 18, '1020.3493939635519715'],
    [123456789n, 0, '123456789'],
    [-2500n, 3, '-2.5'],
    [(1n << 256n) - 1n, 18, '115792089237316195423570985008687907853269984665640564039457.584007913129639935'],
  ])('%s / 10^%i = %s', (v, d, out) => {
    expect(formatUnits(v, d)).toBe(out)
  })
})

describe('formatDate: UTC, YYYY-MM-DD HH:MM:SSZ', () => {
  test.each([
    [0n, '1970-01-01 00:00:00Z'],
    [1709191632n, '2024-02-29 07:27:12Z'],
    [951782400n, '2000-02-29 00:00:00Z'],
    [MAX_DATE_SECONDS, '9999-12-31 23:59:59Z'],
  ])('%s → %s', (s, out) => {
    expect(formatDate(s)).toBe(out)
  })

  test('past year 9999 (e.g. a uint256-max deadline) or negative: no date', () => {
    expect(formatDate(MAX_DATE_SECONDS + 1n)).toBeNull()
    expect(formatDate((1n << 256n) - 1n)).toBeNull()
    expect(formatDate(-1n)).toBeNull()
  })
})

describe('formatDuration: HH:MM:SS, hours unbounded', () => {
  test.each([
    [0n, '00:00:00'],
    [59n, '00:00:59'],
    [8250n, '02:17:30'],
    [86399n, '23:59:59'],
    [86400n, '24:00:00'],
    [90061n, '25:01:01'],
    [360000n * 100n, '10000:00:00'],
  ])('%s s → %s', (s, out) => {
    expect(formatDuration(s)).toBe(out)
  })
})

describe('formatUnit: value / 10^decimals, base unit, optional SI prefix', () => {
  test.each([
    [10n, 0, 'h', false, '10h'],
    [15n, 1, 'd', false, '1.5d'],
    [36000n, 0, 's', true, '36ks'],
    [3000n, 4, '%', false, '0.3%'],
    [50n, 2, 'bps', false, '0.5bps'],
    [1000n, 0, 's', true, '1ks'],
    [999n, 0, 's', true, '999s'],
    [1500n, 0, 'W', true, '1.5kW'],
    [123456789n, 0, 'B', true, '123.456789MB'],
    [5n, 3, 's', true, '5ms'],
    [1n, 6, 'g', true, '1µg'],
    [25n, 1, 'm', true, '2.5m'],
    [0n, 3, 's', true, '0s'],
    [10n ** 40n, 0, 'x', true, '10000000000Qx'],
  ])('%s, decimals %i, base %s, prefix %s → %s', (v, d, base, prefix, out) => {
    expect(formatUnit(v, d, base, prefix)).toBe(out)
  })
})
