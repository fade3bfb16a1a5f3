/**
 * Display width of a string in terminal columns, for yargs' help layout.
 * The build aliases `string-width` to this module: the three copies yargs
 * pulls in each create an `Intl.Segmenter` when they load (~6 ms of ICU set-up
 * in every run, help shown or not).
 *
 * Width rules: ANSI escape sequences, control characters, combining marks and
 * zero-width characters count 0; East Asian Wide and Fullwidth characters and
 * pictographic emoji count 2; everything else counts 1.
 * @module
 */
import stripAnsi from 'strip-ansi'
import { eastAsianWidth } from 'get-east-asian-width'

const zeroWidth = /^[\p{Mark}\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}]$/u
const pictographic = /^\p{Extended_Pictographic}$/u

/**
 * @param text - the string
 * @param options - `ambiguousIsNarrow` (default true), `countAnsiEscapeCodes` (default false)
 * @returns the number of columns
 */
export default function stringWidth(text: string, options: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean } = {}): number {
  if (typeof text !== 'string' || text.length === 0) return 0
  const s = options.countAnsiEscapeCodes ? text : stripAnsi(text)
  const ambiguousAsWide = options.ambiguousIsNarrow === false
  let width = 0
  for (const ch of s) {
    if (zeroWidth.test(ch)) continue
    if (pictographic.test(ch) && ch.codePointAt(0)! > 0xff) {
      width += 2
      continue
    }
    width += eastAsianWidth(ch.codePointAt(0)!, { ambiguousAsWide })
  }
  return width
}
