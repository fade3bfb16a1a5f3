/**
 * Where the bytes of the shipped ERC-7730 snapshot come from, run from source
 * (vitest, tsc): the verbatim files under `erc7730/`, read with node:fs.
 *
 * In the bundle this module is replaced as a whole (`.ci/build.mjs`, plugin
 * `erc7730-snapshot`): there the manifest is a JSON text literal and the files
 * are one brotli-compressed base64 literal, decompressed only when
 * `snapshotBlob()` or `manifestText()` is called. Both versions export the same two functions with
 * the same results; `src/clear/data/erc7730.test.ts` checks the bundle's.
 * Nothing here writes a file.
 * @module
 */
import { readFileSync } from 'node:fs'

const DIR = new URL('./erc7730/', import.meta.url)
let count = 0

/** The text of `erc7730/manifest.json`. */
export function manifestText(): string {
  return readFileSync(new URL('manifest.json', DIR), 'utf8')
}

/**
 * The bytes of every file the manifest lists, concatenated in manifest order.
 * @param paths - the manifest's paths, in its order
 */
export function snapshotBlob(paths: readonly string[]): Uint8Array {
  count++
  return Buffer.concat(paths.map((p) => readFileSync(new URL(p, DIR))))
}

/** How often the files were read (in the bundle: the literal decompressed) in this process. */
export function decompressions(): number {
  return count
}
