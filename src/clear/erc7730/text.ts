/**
 * The exact text forms of ERC-7730 values, locale-free: amounts as exact
 * decimals (every significant digit, no thousands separators, trailing zeros
 * dropped), dates in UTC as `YYYY-MM-DD HH:MM:SSZ`, durations as `HH:MM:SS`
 * with hours unbounded, units with an optional SI prefix.
 * @module
 */

/**
 * `value / 10^decimals`, exactly.
 * @example formatUnits(1500000n, 6) // '1.5'
 */
export function formatUnits(value: bigint, decimals: number): string {
  const neg = value < 0n
  const abs = neg ? -value : value
  const s = abs.toString().padStart(decimals + 1, '0')
  const int = s.slice(0, s.length - decimals)
  const frac = s.slice(s.length - decimals).replace(/0+$/, '')
  return `${neg ? '-' : ''}${int}${frac ? '.' + frac : ''}`
}

/** Largest timestamp a calendar date is shown for: 9999-12-31 23:59:59 UTC (four-digit years). */
export const MAX_DATE_SECONDS = 253402300799n

const pad2 = (n: number) => String(n).padStart(2, '0')

/**
 * A Unix timestamp (seconds) as `YYYY-MM-DD HH:MM:SSZ` in UTC, or null past year 9999
 * or before 1970.
 * @example formatDate(1709191632n) // '2024-02-29 07:27:12Z'
 */
export function formatDate(seconds: bigint): string | null {
  if (seconds < 0n || seconds > MAX_DATE_SECONDS) return null
  const d = new Date(Number(seconds) * 1000)
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}Z`
}

/**
 * Seconds as `HH:MM:SS`; hours are not wrapped at 24 and take more digits when needed.
 * @example formatDuration(90061n) // '25:01:01'
 */
export function formatDuration(seconds: bigint): string {
  const h = seconds / 3600n
  const m = (seconds % 3600n) / 60n
  const s = seconds % 60n
  return `${h.toString().padStart(2, '0')}:${m.toString().padStart(2, '0')}:${s.toString().padStart(2, '0')}`
}

/** SI prefixes by power of ten (multiples of 3), from 10^-30 to 10^30. */
const SI: Readonly<Record<number, string>> = {
  [-30]: 'q',
  [-27]: 'r',
  [-24]: 'y',
  [-21]: 'z',
  [-18]: 'a',
  [-15]: 'f',
  [-12]: 'p',
  [-9]: 'n',
  [-6]: 'µ',
  [-3]: 'm',
  0: '',
  3: 'k',
  6: 'M',
  9: 'G',
  12: 'T',
  15: 'P',
  18: 'E',
  21: 'Z',
  24: 'Y',
  27: 'R',
  30: 'Q',
}

/**
 * The `unit` format: `value / 10^decimals` followed by the base unit; with `prefix`,
 * the power of ten moves into an SI prefix, the exponent being the multiple of 3
 * that leaves a significand in [1, 1000) (exact, no rounding).
 * @example formatUnit(36000n, 0, 's', true) // '36ks'
 * @example formatUnit(15n, 1, 'd', false) // '1.5d'
 */
export function formatUnit(value: bigint, decimals: number, base: string, prefix: boolean): string {
  if (!prefix || value === 0n) return formatUnits(value, decimals) + base
  const abs = value < 0n ? -value : value
  // value = abs × 10^-decimals; magnitude of its leading digit: digits - 1 - decimals
  const lead = abs.toString().length - 1 - decimals
  let exp = Math.floor(lead / 3) * 3
  exp = Math.max(-30, Math.min(30, exp))
  // significand = value × 10^-(decimals + exp)
  const shift = decimals + exp
  const text = shift >= 0 ? formatUnits(value, shift) : (value * 10n ** BigInt(-shift)).toString()
  return `${text}${SI[exp]}${base}`
}
