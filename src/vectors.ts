/**
 * Known-answer tests: load, validate and run the vector files in test-vectors/.
 * Shared by `airsign vectors` and vectors.test.ts.
 * @module
 */

/** The outcome of one vector. */
export type Result = { name: string; ok: boolean; detail?: string }

/** The built-in suites (embedded in the bundle). */
export function builtIn(): { name: string; data: unknown }[] {
  return []
}

/** Run one suite. */
export async function run(_name: string, _data: unknown): Promise<Result[]> {
  return []
}
