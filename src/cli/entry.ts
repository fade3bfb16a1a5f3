/**
 * Entry of the bundle, `dist/airsign.cjs`: run airsign with the process's
 * arguments. `bin/airsign` requires the bundle; the single executable carries
 * the same file and runs it through src/cli/sea-main.ts. `run` is exported too,
 * for the build step that warms the executable's code cache.
 * @module
 */
import { run } from './run.js'

export { run }

void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
