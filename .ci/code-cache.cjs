// The V8 code cache of the single executable (called by build-binary.mjs).
//   node --random-seed=1 .ci/code-cache.cjs dist/airsign.cjs dist/airsign.cache
// compiles the bundle exactly as src/cli/sea-main.ts does, runs what a one-shot
// user runs most (--version, and `sign` of a legacy and an EIP-1559 transaction
// with the well-known test mnemonic, which holds nothing), and then serializes
// the bytecode of every function that ran. The caller discards stdout.
//   node .ci/code-cache.cjs --check dist/airsign.cjs dist/airsign.cache
// prints whether V8, run without flags as the executable is, rejects that cache.
'use strict'
const { readFileSync, writeFileSync } = require('node:fs')
const { Script } = require('node:vm')

const check = process.argv[2] === '--check'
const [bundlePath, cachePath] = process.argv.slice(check ? 3 : 2)
// The CommonJS module wrapper, as in src/cli/sea-main.ts.
const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundlePath, 'utf8')}\n})`
if (check) {
  process.stdout.write(String(new Script(source, { filename: 'airsign.cjs', cachedData: readFileSync(cachePath) }).cachedDataRejected))
  return
}
const script = new Script(source, { filename: 'airsign.cjs' })
process.env = { AIRSIGN_MNEMONIC: 'test test test test test test test test test test test junk' }
process.argv = [process.argv[0], 'airsign', '--version']
const bundle = { exports: {} }
script.runInThisContext()(bundle.exports, require, bundle, bundlePath, '.')
const LEGACY = '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080'
const EIP1559 = '{"type":2,"chainId":1,"nonce":9,"maxPriorityFeePerGas":"1000000000","maxFeePerGas":"20000000000","gas":21000,"to":"0x3535353535353535353535353535353535353535","value":"1000000000000000000"}'
;(async () => {
  for (const argv of [['sign', '--tx', LEGACY], ['sign', '--tx', EIP1559]]) {
    const status = await bundle.exports.run(argv)
    if (status !== 0) throw new Error(`warm-up ${argv.join(' ')} exited ${status}`)
  }
  writeFileSync(cachePath, script.createCachedData())
})()
