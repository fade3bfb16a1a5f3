/**
 * Test support: small assertions shared by unit tests.
 * @module
 */
import { AirsignError } from '../errors.js'

/** The code of what `f` throws ('foreign …' for anything but an AirsignError), or 'no error'. */
export function codeOf(f: () => unknown): string {
  try {
    f()
    return 'no error'
  } catch (e) {
    return e instanceof AirsignError ? e.code : `foreign ${String(e)}`
  }
}
