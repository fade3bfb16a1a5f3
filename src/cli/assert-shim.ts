/**
 * The two functions yargs takes from `node:assert` (internal invariants only).
 * The build aliases `assert` to this module: loading `node:assert` costs a
 * one-shot command several milliseconds of built-in module compilation.
 * Semantics as in Node: strict (Object.is) comparison, an Error when violated.
 * @module
 */

/** Throws when `actual` and `expected` are not the same value (Object.is). */
export function strictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (!Object.is(actual, expected)) throw new Error(message ?? 'internal assertion failed (strictEqual)')
}

/** Throws when `actual` and `expected` are the same value (Object.is). */
export function notStrictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (Object.is(actual, expected)) throw new Error(message ?? 'internal assertion failed (notStrictEqual)')
}
