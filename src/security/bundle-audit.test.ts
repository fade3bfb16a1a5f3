/**
 * Issue 5.2: nothing that could talk to a network, or start a program, is in
 * the artifact (dist/airsign.cjs, built by the vitest global setup) or in the
 * sources it is built from.
 */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, test } from 'vitest'
import { ROOT } from '../test/cli.js'
import { auditText, dynamicLoads } from './audit.js'

const BUNDLE = readFileSync(join(ROOT, 'dist/airsign.cjs'), 'utf8')
/** The review module the bundle loads on demand (src/cli/review-chunk.ts): audited the same way. */
const REVIEW = readFileSync(join(ROOT, 'dist/airsign-review.cjs'), 'utf8')

/**
 * Test support, not product code: src/test/ (subprocess helpers: child_process)
 * and src/security/ (strace runner, this auditor: both name what they look
 * for). The last test proves that neither reaches the bundle.
 */
const TEST_SUPPORT = ['src/test/', 'src/security/']
const SOURCES = (readdirSync(join(ROOT, 'src'), { recursive: true }) as string[])
  .map((f) => `src/${f.split('\\').join('/')}`)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !TEST_SUPPORT.some((d) => f.startsWith(d)))

describe('the auditor flags what it must (so the audit can fail)', () => {
  test.each([
    ["fetch('http://127.0.0.1')", 'fetch'],
    ['const f = globalThis.fetch', 'fetch'],
    ['x=fetch;', 'fetch'],
    ['new WebSocket(u)', 'WebSocket'],
    ['new XMLHttpRequest()', 'XMLHttpRequest'],
    ['import{connect as a}from"node:net";', 'network or process module'],
    ['import*as t from"tls";', 'network or process module'],
    ["require('https')", 'network or process module'],
    ['await import("node:http2")', 'network or process module'],
    ["require('node:dns/promises')", 'network or process module'],
    ['import d from "dgram"', 'network or process module'],
    ['require(`child_process`)', 'network or process module'],
    ["import {spawn} from 'node:child_process'", 'network or process module'],
    ["const m = 'node:http'; require(m)", 'network or process module'],
    ["process.binding('tcp_wrap')", 'process.binding'],
  ])('%s', (code, what) => {
    expect(auditText(code).map((f) => f.what)).toContain(what)
  })

  test('does not flag what is no use of a network API', () => {
    // The BIP-39 English list (embedded) holds the word "fetch"; an SVG carries the XML namespace URL.
    expect(auditText('"festival fetch fever" `festival\nfetch\nfever` <svg xmlns="http://www.w3.org/2000/svg"> import("node:crypto") "netmask" \'https-proxy\'')).toEqual([])
  })
})

describe('the built bundle', () => {
  test('holds no network or process module, no fetch, WebSocket or XMLHttpRequest', () => {
    expect(BUNDLE.length).toBeGreaterThan(100_000)
    expect(auditText(BUNDLE)).toEqual([])
  })

  test('imports only these Node built-ins', () => {
    // The CommonJS bundle loads each with require("x") (esbuild writes double quotes; the banner, single).
    const specs = new Set([...BUNDLE.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((m) => m[2]))
    // fs/path/url/util: yargs (y18n reads its locale files, cliui); node:module: createRequire for yargs' require
    // of built-ins; node:url: the banner's file URL for that createRequire; node:tty: the hidden prompt (loaded
    // when a prompt is shown, src/lazy.ts); node:crypto: PBKDF2, HMAC, ECDH, randomUUID; node:zlib: the PNG
    // writer of `qr --qr-format png` (deflate). None of them can open a socket.
    // node:sea and node:path: where the review module is (an asset of the executable, or a file beside the bundle).
    expect([...specs].sort()).toEqual(['fs', 'node:crypto', 'node:fs', 'node:module', 'node:path', 'node:sea', 'node:tty', 'node:url', 'node:zlib', 'path', 'url', 'util'])
    // No import(): the single executable's script could not run it.
    expect(BUNDLE).not.toMatch(/\bimport\(/)
  })

  test('loads code by a computed name only at the three known yargs sites, none reachable from airsign', () => {
    // - require(G) (minified name): yargs-parser's `configs`, the JSON config files of yargs' .config(); airsign never calls .config().
    // - r.require(a.extends): yargs' "extends" key inside such a config object (same: only with .config()/.pkgConf()).
    // - require(e,t,r){…}: not a load at all: the definition of yargs' .require() method (an alias of .demand()).
    // Each would take a file name from a config file the user names; airsign declares none, and
    // the strace suite shows every command opening nothing but the bundle, node's own files and the user's inputs.
    // Minified names (one or two characters) change whenever the bundle does: compared as x.
    const shape = (site: string): string => site.replace(/\b(?!extends\b)[A-Za-z_$][\w$]?\b/g, 'x')
    expect(dynamicLoads(BUNDLE).map(shape)).toEqual(['require(x)', 'require(x.extends)', 'require(x,x,x)'])
  })
})

describe('the built review module (dist/airsign-review.cjs)', () => {
  test('holds no network or process module, no fetch, WebSocket or XMLHttpRequest', () => {
    expect(REVIEW.length).toBeGreaterThan(100_000)
    expect(auditText(REVIEW)).toEqual([])
  })
  test('imports only node:zlib and node:crypto (the snapshot, its sha256 check) and what the bundle shares with it; no import(), no computed load', () => {
    const specs = new Set([...REVIEW.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((m) => m[2]))
    expect([...specs].sort()).toEqual(['node:crypto', 'node:zlib'])
    const shared = new Set([...REVIEW.matchAll(/__airsignShared\("([^"]+)"\)/g)].map((m) => m[1]!))
    // Every shared module is a module of this source tree or of the bundle's dependencies, named by its path.
    expect([...shared].every((id) => /^(src\/[\w/.-]+\.(ts|json)|node_modules\/[\w@/.-]+\.js)$/.test(id)), [...shared].join(', ')).toBe(true)
    expect(shared.has('src/errors.ts')).toBe(true)
    expect(REVIEW).not.toMatch(/\bimport\(/)
    expect(dynamicLoads(REVIEW)).toEqual([])
  })
  test('the bundle carries its sha256 and refuses any other file', () => {
    const sha = (t: string) => createHash('sha256').update(t).digest('hex')
    expect(BUNDLE.includes(JSON.stringify(sha(REVIEW)))).toBe(true)
  })
})

describe('the sources', () => {
  test('src/**/*.ts (no tests, no test support) holds no network or process API', () => {
    expect(SOURCES.length).toBeGreaterThan(20)
    const found = SOURCES.flatMap((f) => auditText(readFileSync(join(ROOT, f), 'utf8')).map((x) => `${f}:${x.line}: ${x.what}: ${x.text}`))
    expect(found).toEqual([])
  })

  test('no test or test-support file is part of the bundle (what the source scan skips cannot ship)', async () => {
    const r = await build({
      absWorkingDir: ROOT,
      entryPoints: ['src/cli/entry.ts'],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'cjs',
      outdir: 'unused',
      logLevel: 'silent',
      alias: { assert: './src/cli/assert-shim.ts', 'string-width': './src/cli/string-width-shim.ts' },
    })
    const inputs = Object.keys(r.metafile.inputs).map((f) => relative(ROOT, join(ROOT, f)))
    const srcInputs = inputs.filter((f) => f.startsWith('src/'))
    expect(srcInputs.length).toBeGreaterThan(20)
    expect(srcInputs.filter((f) => f.endsWith('.test.ts') || TEST_SUPPORT.some((d) => f.startsWith(d)))).toEqual([])
    // Every source that ships was scanned above.
    expect(srcInputs.filter((f) => f.endsWith('.ts') && !SOURCES.includes(f))).toEqual([])
  })
})
