/**
 * Main script of the single executable (`npm run build:binary`). The bundle,
 * `airsign.cjs`, and a V8 code cache of it are assets of the executable; this
 * runs the bundle as Node runs a CommonJS file, with the cache. The cache was
 * taken after a signing run at build time (.ci/code-cache.cjs), so it holds the
 * bytecode of every function that signing calls: the executable neither parses
 * the bundle nor compiles those functions when it starts. V8 checks the cache
 * against the source and its own version and flags, and compiles from source
 * when it does not fit (slower, same result).
 * @module
 */
import { getAsset } from 'node:sea'
import { Script } from 'node:vm'

// The CommonJS module wrapper; .ci/code-cache.cjs compiles the same text (else V8 rejects the cache).
const source = `(function (exports, require, module, __filename, __dirname) {${getAsset('airsign.cjs', 'utf8')}\n})`
const cachedData = Buffer.from(getAsset('airsign.cache'))
const script = new Script(source, { filename: 'airsign.cjs', cachedData })
const bundleModule = { exports: {} }
script.runInThisContext()(bundleModule.exports, require, bundleModule, process.execPath, '.')
