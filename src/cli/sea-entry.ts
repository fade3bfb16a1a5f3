/**
 * Entry of the single executable (`npm run build:binary`): run airsign with
 * the process's arguments. The executable carries this script compiled to a
 * V8 code cache, so it starts without parsing the bundle (see .ci/build-binary.mjs).
 * @module
 */
import { run } from './run.js'

void run(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
