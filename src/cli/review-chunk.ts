/**
 * The review (clear signing: the ABI decoder, the ERC-7730 engine and the
 * shipped registry snapshot, the risk rules, the review text) is a second
 * file of the build, `airsign-review.cjs` beside the bundle (an asset of the
 * single executable): a command that shows no review (a plain transfer)
 * neither reads nor compiles it. The bundle carries the file's sha256 and
 * refuses a file that differs (a stale or altered review must never explain a
 * signature). The file's own imports of modules that the bundle holds
 * (errors, bytes, tx, …) are answered with the bundle's instances, so there is
 * one AirsignError class and one of everything.
 *
 * Run from source (tests), `clear-review.ts` is imported directly and this
 * module is not used.
 * @module
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AirsignError } from '../errors.js'

declare const __AIRSIGN_REVIEW_SHA256__: string

/** The file name beside the bundle, and the asset name in the executable. */
export const REVIEW_FILE = 'airsign-review.cjs'

let loaded: unknown

function reviewText(): string {
  // Inside the single executable the file is an asset; otherwise it lies beside the bundle.
  const sea = require('node:sea') as { isSea(): boolean; getAsset(name: string, encoding: string): string }
  if (sea.isSea()) return sea.getAsset(REVIEW_FILE, 'utf8')
  const path = join(__dirname, REVIEW_FILE)
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    throw new AirsignError('INTERNAL', `the review module ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}): reinstall airsign`, { cause: e })
  }
}

/**
 * Load the review module once, with the bundle's shared modules.
 * @param shared - module id (its path in the source tree) → that module, as the bundle holds it
 * @throws AirsignError INTERNAL when the file is missing or is not the one this bundle was built with
 */
export function loadReview(shared: Readonly<Record<string, () => unknown>>): unknown {
  if (loaded !== undefined) return loaded
  const text = reviewText()
  const sum = createHash('sha256').update(text).digest('hex')
  if (sum !== __AIRSIGN_REVIEW_SHA256__) throw new AirsignError('INTERNAL', `the review module ${REVIEW_FILE} is not the one this build made (sha256 ${sum}): reinstall airsign`)
  const module = { exports: {} as unknown }
  const get = (id: string): unknown => {
    const m = shared[id]
    if (!m) throw new AirsignError('INTERNAL', `the review module asks for ${id}, which the bundle does not share`)
    return m()
  }
  // The review module is CommonJS text built with this bundle; it is compiled here, once, on first use.
  new Function('module', 'exports', 'require', '__airsignShared', text)(module, module.exports, require, get)
  return (loaded = module.exports)
}
