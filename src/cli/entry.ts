/**
 * Entry of the bundle, `dist/airsign.cjs`: run airsign with the process's
 * arguments. `bin/airsign` requires the bundle; the single executable carries
 * the same file, compiled to a V8 code cache (see .ci/build-binary.mjs).
 * @module
 */
import { run } from './run.js'

void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
