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
import { getRawAsset } from 'node:sea'
import { Script } from 'node:vm'

// The CommonJS module wrapper; .ci/code-cache.cjs compiles the same text (else V8 rejects the cache).
// getRawAsset: the executable's own bytes, not a copy (only read here). The bundle is ASCII (the
// build makes it so): latin1 decodes it to the same one-byte string, without a UTF-8 pass.
const source = `(function (exports, require, module, __filename, __dirname) {${Buffer.from(getRawAsset('airsign.cjs') as ArrayBuffer).toString('latin1')}\n})`
const cachedData = Buffer.from(getRawAsset('airsign.cache') as ArrayBuffer)
const script = new Script(source, { filename: 'airsign.cjs', cachedData })
const bundleModule = { exports: {} }
script.runInThisContext()(bundleModule.exports, require, bundleModule, process.execPath, '.')
