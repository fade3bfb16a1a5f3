/**
 * ERC-7730 paths: the limited JSON-path notation of the spec ("Path references").
 *
 *     path      := root? step ('.' step)*       (a root alone, `#`, `$` or `@`, is not a path)
 *     root      := '#.' | '$.' | '@.'            (none: relative to the enclosing group, else `#.`)
 *     step      := name | '[]' | '[' int ']' | '[' int? ':' int? ']'
 *     name      := [A-Za-z0-9_]+
 *     int       := '-'? [0-9]+
 *
 * `@.` paths name one container value: `from`, `to`, `value` or `chainId`.
 * Indices and slices are dot-separated (`a.[0]`, not `a[0]`); a slice has no
 * step, its start is inclusive and its end exclusive, negative values count from
 * the end. On an array a slice (or `[]`) selects elements; on bytes, a string or
 * an integer (its 32-byte big-endian word) it selects bytes, and must be last.
 * Refused (DESCRIPTOR_PATH): `a[0]`, `.length`, steps after a container field,
 * empty steps, JSON-path filters and wildcards, whitespace.
 * @see https://eips.ethereum.org/EIPS/eip-7730 (the grammar of python-erc7730's path_parser is the same)
 * @module
 */
import { AirsignError } from '../../errors.js'

/** One step of a path. */
export type Step =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'all' }
  | { readonly kind: 'slice'; readonly start: number | null; readonly end: number | null }

/** Where a path starts: the structured data, the descriptor, the container, or (no root written) the enclosing group. */
export type Root = 'data' | 'descriptor' | 'container' | 'relative'

/** A parsed path. */
export type Path = { readonly root: Root; readonly steps: readonly Step[] }

/** The container values of `@.` (EVM transaction and EIP-712 alike). */
export const CONTAINER_FIELDS = ['from', 'to', 'value', 'chainId'] as const
export type ContainerField = (typeof CONTAINER_FIELDS)[number]

const NAME = /^[A-Za-z0-9_]+$/
const INT = /^-?[0-9]+$/
const MAX_INDEX = 1 << 30

function pathError(where: string, text: string, why: string): never {
  throw new AirsignError('DESCRIPTOR_PATH', `${where}: path ${JSON.stringify(text)} ${why}`)
}

function int(s: string, where: string, text: string): number {
  if (!INT.test(s)) pathError(where, text, `has the index "${s}", not an integer`)
  const n = Number(s)
  if (Math.abs(n) > MAX_INDEX) pathError(where, text, `has the index ${s}, out of range`)
  return n
}

/**
 * Parse a path.
 * @param text - the path as written in the descriptor
 * @param where - names the file and JSON path of the key, for the error
 * @returns the root and the steps
 * @throws AirsignError DESCRIPTOR_PATH
 * @example parsePath('#.params.path.[0:20]', 'f.json: …').steps.at(-1) // { kind: 'slice', start: 0, end: 20 }
 */
export function parsePath(text: string, where: string): Path {
  if (typeof text !== 'string') throw new AirsignError('DESCRIPTOR_PATH', `${where}: a path must be a string`)
  let root: Root = 'relative'
  let rest = text
  if (/^[#$@]\./.test(text)) {
    root = text[0] === '#' ? 'data' : text[0] === '$' ? 'descriptor' : 'container'
    rest = text.slice(2)
  } else if (/^[#$@]/.test(text)) {
    pathError(where, text, 'has a root without the dot after it (write "#.", "$." or "@.")')
  }
  if (rest === '') pathError(where, text, 'is empty')
  const steps: Step[] = splitSteps(rest).map((s): Step => {
    if (s === '') pathError(where, text, 'has an empty step (two dots, or a dot at an end)')
    if (NAME.test(s)) return { kind: 'name', name: s }
    const m = /^\[(.*)\]$/.exec(s)
    if (!m) pathError(where, text, `has the step "${s}": a step is a name, [], [i] or [a:b], and indices are dot-separated (a.[0], not a[0])`)
    const inner = m[1]!
    if (inner === '') return { kind: 'all' }
    const colon = inner.split(':')
    if (colon.length === 1) return { kind: 'index', index: int(inner, where, text) }
    if (colon.length !== 2) pathError(where, text, `has the slice "${s}" with a step (ERC-7730 slices have none)`)
    return { kind: 'slice', start: colon[0] === '' ? null : int(colon[0]!, where, text), end: colon[1] === '' ? null : int(colon[1]!, where, text) }
  })
  if (root === 'container') {
    const first = steps[0]!
    if (steps.length !== 1 || first.kind !== 'name' || !(CONTAINER_FIELDS as readonly string[]).includes(first.name)) {
      pathError(where, text, `is not a container value (@.from, @.to, @.value, @.chainId)`)
    }
  }
  if (root === 'descriptor' && steps.some((s) => s.kind !== 'name')) pathError(where, text, 'indexes into the descriptor (a $. path names keys only)')
  return { root, steps }
}

/** Split at the dots outside brackets (`a.[1.5]` is one bad step, not two). */
function splitSteps(rest: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of rest) {
    if (ch === '[') depth++
    else if (ch === ']') depth = Math.max(0, depth - 1)
    if (ch === '.' && depth === 0) {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  out.push(cur)
  return out
}

/**
 * A path inside a group: a relative path continues the group's path; a rooted one stands alone.
 * @param base - the group's path (null at the top of a format)
 * @param p - the path written inside the group
 */
export function joinPath(base: Path | null, p: Path): Path {
  if (p.root !== 'relative') return p
  if (base === null) return { root: 'data', steps: p.steps }
  return { root: base.root === 'relative' ? 'data' : base.root, steps: [...base.steps, ...p.steps] }
}

/** The canonical text of a path: `#.a.[0].b`, `@.to`, `$.metadata.x` (a relative path as `#.`). */
export function pathText(p: Path): string {
  const root = p.root === 'descriptor' ? '$' : p.root === 'container' ? '@' : '#'
  return [root, ...p.steps.map(stepText)].join('.')
}

function stepText(s: Step): string {
  switch (s.kind) {
    case 'name':
      return s.name
    case 'index':
      return `[${s.index}]`
    case 'all':
      return '[]'
    case 'slice':
      return `[${s.start ?? ''}:${s.end ?? ''}]`
  }
}
