// Build the bundle: dist/airsign.cjs, which bin/airsign runs and the single executable carries
// (build-binary.mjs), and beside it dist/airsign-review.cjs, the review it loads on demand (below). CommonJS, not an
// ES module: Node 20's single executables run CommonJS only, and a CommonJS
// bundle loads each Node built-in only when the module using it initializes
// (an ES module bundle hoists every `import 'node:…'` to its start).
//
// The bundle carries its own content hash for `airsign --version`: it is built
// with a 64-zero placeholder, hashed, and the hash is then written into the
// placeholder. So `--version` names sha256(bundle with the placeholder zeroed),
// which the README shows how to recompute from the file.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const PLACEHOLDER = '0'.repeat(64)
// What the bundler writes in the placeholder's place: unique in the bundle (the embedded test
// vectors contain 64-zero strings, e.g. the all-zero 256-bit entropy), same length.
const MARKER = 'AIRSIGN_BUNDLE_HASH_MARKER_'.padEnd(64, 'X')

// The embedded test vectors (~320 KB) as JSON text that `airsign vectors` parses when it runs,
// not as object literals: V8 scans a string far faster than it pre-parses code, and every
// command paid for that pre-parse (~1 ms and ~0.7 MiB of a one-shot sign).
const vectorsAsText = {
  name: 'vectors-as-text',
  setup(b) {
    b.onLoad({ filter: /[\\/]test-vectors[\\/].*\.json$/ }, (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))))})`,
      loader: 'js',
    }))
  },
}

// The built-in vector files of `airsign vectors` (src/vectors-data.ts imports them from test-vectors/)
// are one file beside the bundle, airsign-vectors.json, in place of that module: every start would
// otherwise scan their ~370 KB. The bundle reads the file only when `airsign vectors` runs, and
// checks it against the sha256 it carries (__AIRSIGN_VECTORS_SHA256__).
const VECTORS_FILE = 'airsign-vectors.json'
function packVectors() {
  const source = readFileSync(join(root, 'src/vectors-data.ts'), 'utf8')
  const paths = [...source.matchAll(/from '\.\.\/test-vectors\/([^']+)'/g)].map((m) => m[1])
  if (paths.length === 0) throw new Error('src/vectors-data.ts names no vector file')
  return JSON.stringify(paths.map((name) => ({ name, data: JSON.parse(readFileSync(join(root, 'test-vectors', name), 'utf8')) })))
}
const vectorsText = packVectors()
const vectorsSha = createHash('sha256').update(vectorsText).digest('hex')
/**
 * The code of a function `name()` that reads a JSON file beside the bundle (an asset of the
 * executable), checks it against the sha256 this build computed, and returns it parsed; what it is
 * (`label`) names it in the INTERNAL errors.
 */
const jsonAssetReader = (name, file, sha, label) => `function ${name}() {
  let text
  const sea = require('node:sea')
  try {
    text = sea.isSea() ? sea.getAsset(${JSON.stringify(file)}, 'utf8') : require('node:fs').readFileSync(require('node:path').join(__dirname, ${JSON.stringify(file)}), 'utf8')
  } catch (e) {
    throw new AirsignError('INTERNAL', '${label} (${file}) cannot be read: reinstall airsign', { cause: e })
  }
  if (require('node:crypto').createHash('sha256').update(text).digest('hex') !== ${JSON.stringify(sha)}) {
    throw new AirsignError('INTERNAL', '${label} (${file}) are not the ones this build made: reinstall airsign')
  }
  return JSON.parse(text)
}`
const vectorsAsset = {
  name: 'vectors-asset',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]vectors-data\.ts$/ }, () => ({
      loader: 'js',
      resolveDir: join(root, 'src'),
      contents: `import { AirsignError } from './errors.ts'\nexport ${jsonAssetReader('builtInData', VECTORS_FILE, vectorsSha, 'the built-in vectors')}\n`,
    }))
  },
}

// The nine BIP-39 wordlists other than English (~230 KB of text, ~350 KB as the bundle's ASCII
// escapes) are one file beside the bundle, airsign-wordlists.json, in place of their modules:
// src/mnemonic.ts loads them only when a phrase is not English, and every start would otherwise
// carry them in the bundle's source. The bundle checks the file against the sha256 it carries.
const WORDLISTS_FILE = 'airsign-wordlists.json'
const OTHER_WORDLISTS = ['japanese', 'korean', 'spanish', 'simplified-chinese', 'traditional-chinese', 'french', 'italian', 'czech', 'portuguese']
const wordlistsText = JSON.stringify(
  Object.fromEntries(
    await Promise.all(
      OTHER_WORDLISTS.map(async (l) => [l, [...(await import(pathToFileURL(join(root, `node_modules/@scure/bip39/wordlists/${l}.js`)).href)).wordlist]]),
    ),
  ),
)
const wordlistsSha = createHash('sha256').update(wordlistsText).digest('hex')
const wordlistsAsset = {
  name: 'wordlists-asset',
  setup(b) {
    b.onLoad({ filter: /[\\/]@scure[\\/]bip39[\\/]wordlists[\\/][a-z-]+\.js$/ }, (args) => {
      const lang = /([a-z-]+)\.js$/.exec(args.path)[1]
      if (!OTHER_WORDLISTS.includes(lang)) return undefined // English stays in the bundle
      return { loader: 'js', resolveDir: root, contents: `import { otherWordlist } from 'airsign-wordlists'\nexport const wordlist = otherWordlist(${JSON.stringify(lang)})\n` }
    })
    b.onResolve({ filter: /^airsign-wordlists$/ }, () => ({ path: 'airsign-wordlists', namespace: 'airsign-wordlists' }))
    b.onLoad({ filter: /.*/, namespace: 'airsign-wordlists' }, () => ({
      loader: 'js',
      resolveDir: join(root, 'src'),
      contents: `import { AirsignError } from './errors.ts'
${jsonAssetReader('readWordlists', WORDLISTS_FILE, wordlistsSha, 'the BIP-39 wordlists')}
let lists
export function otherWordlist(lang) {
  lists ??= readWordlists()
  return Object.freeze(lists[lang])
}
`,
    }))
  },
}

// The batch engine's WebAssembly module (src/secp-wasm.ts: libsecp256k1 0.5.0, ~80 KB, committed as
// src/secp-wasm/airsign-secp256k1.wasm, rebuilt by .ci/build-secp-wasm.mjs) is one file beside the
// bundle, airsign-secp256k1.wasm, in place of src/secp-wasm-data.ts, which reads it from src/. Only
// `sign --batch` reads it; secp-wasm.ts checks it against the pinned sha256. The build refuses a file
// that is not the pinned one.
const WASM_FILE = 'airsign-secp256k1.wasm'
const wasmBytes = readFileSync(join(root, 'src/secp-wasm', WASM_FILE))
const wasmPin = /WASM_SHA256 = '([0-9a-f]{64})'/.exec(readFileSync(join(root, 'src/secp-wasm.ts'), 'utf8'))?.[1]
if (!wasmPin || createHash('sha256').update(wasmBytes).digest('hex') !== wasmPin) {
  throw new Error('src/secp-wasm/airsign-secp256k1.wasm is not the module src/secp-wasm.ts pins (WASM_SHA256)')
}
const wasmAsset = {
  name: 'secp-wasm-asset',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]secp-wasm-data\.ts$/ }, () => ({
      loader: 'js',
      resolveDir: join(root, 'src'),
      contents: `import { AirsignError } from './errors.ts'
export function secpWasmBytes() {
  const sea = require('node:sea')
  try {
    // getRawAsset: the executable's own bytes, not a copy (secp-wasm.ts only reads them).
    return sea.isSea() ? new Uint8Array(sea.getRawAsset(${JSON.stringify(WASM_FILE)})) : require('node:fs').readFileSync(require('node:path').join(__dirname, ${JSON.stringify(WASM_FILE)}))
  } catch (e) {
    throw new AirsignError('INTERNAL', 'the secp256k1 WebAssembly module (${WASM_FILE}) cannot be read: reinstall airsign', { cause: e })
  }
}
`,
    }))
  },
}

// The shipped ERC-7730 snapshot (src/clear/data/erc7730/: 365 descriptors, ~1.3 MB as files) as one
// brotli-compressed base64 literal (~90 KB) in place of src/clear/data/snapshot-source.ts, which
// reads the files from source. Payload: the manifest's length in decimal, a newline, the manifest
// (minified), then every file's bytes verbatim in manifest order; src/clear/data/erc7730.ts checks
// each against its sha256. Decompressed on the first call only: a command that shows no review
// (a plain transfer) pays for scanning the string literal and nothing else.
// The literal is spliced in after esbuild ran (like the hash below): inside esbuild's input, its
// ~90 KB of base64 would skew the character frequencies the minifier picks names by, and so rename
// half the bundle.
const SNAPSHOT_DIR = join(root, 'src/clear/data/erc7730')
const SNAPSHOT_MARKER = 'AIRSIGN_ERC7730_SNAPSHOT_MARKER'
function packSnapshot() {
  const manifest = JSON.stringify(JSON.parse(readFileSync(join(SNAPSHOT_DIR, 'manifest.json'), 'utf8')))
  const files = JSON.parse(manifest).files.map((f) => readFileSync(join(SNAPSHOT_DIR, f.path)))
  const head = Buffer.from(manifest, 'utf8')
  const payload = Buffer.concat([Buffer.from(`${head.length}\n`), head, ...files])
  return brotliCompressSync(payload, {
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_LGWIN]: 24, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: payload.length },
  }).toString('base64')
}
const erc7730Snapshot = {
  name: 'erc7730-snapshot',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]clear[\\/]data[\\/]snapshot-source\.ts$/ }, () => {
      return {
        loader: 'js',
        contents: `const PACKED = ${JSON.stringify(SNAPSHOT_MARKER)}
let unpacked, count = 0
function unpack() {
  if (unpacked === undefined) {
    count++
    const raw = require('node:zlib').brotliDecompressSync(Buffer.from(PACKED, 'base64'))
    const nl = raw.indexOf(10)
    const n = Number(raw.subarray(0, nl).toString('latin1'))
    unpacked = { manifest: raw.subarray(nl + 1, nl + 1 + n).toString('utf8'), blob: new Uint8Array(raw.buffer, raw.byteOffset + nl + 1 + n, raw.length - nl - 1 - n) }
  }
  return unpacked
}
export function manifestText() { return unpack().manifest }
export function snapshotBlob() { return unpack().blob }
export function decompressions() { return count }
`,
      }
    })
  },
}

// The review (src/cli/clear-review.ts and everything only it needs: the ABI decoder, the ERC-7730
// engine with the snapshot, the risk rules, the review text) is a second file, airsign-review.cjs,
// read and compiled only when a command shows a review (src/cli/review-chunk.ts): the bundle of a
// plain transfer does not grow. Three esbuild passes:
//   1. the bundle with the review left out, for the list of modules it holds;
//   2. the review, each of its imports of a module the bundle holds answered by the bundle's own
//      instance (one AirsignError class, one of everything);
//   3. the bundle with a loader in the review's place that shares exactly those modules, and the
//      review file's sha256 (the bundle refuses any other file).
const REVIEW_LOADER = 'airsign-review-loader'
const common = {
  absWorkingDir: root,
  bundle: true,
  write: false,
  metafile: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'inline',
  charset: 'ascii',
  logLevel: 'warning',
  // yargs uses two functions of node:assert; loading the module costs more than they do.
  // string-width: see src/cli/string-width-shim.ts.
  alias: { assert: './src/cli/assert-shim.ts', 'string-width': './src/cli/string-width-shim.ts' },
}
const defines = (reviewSha) => ({
  __AIRSIGN_BUNDLE_HASH__: JSON.stringify(MARKER),
  __AIRSIGN_REVIEW_SHA256__: JSON.stringify(reviewSha),
  // src/lazy.ts: require() the libraries it loads on first use (bundled, initialized when required).
  __AIRSIGN_BUNDLE__: 'true',
  // yargs' ES module shim calls createRequire(import.meta.url); a CommonJS bundle has no import.meta.
  'import.meta.url': '__airsignMetaUrl',
})
const isReviewImport = /(^|[\\/])clear-review\.js$/
/** In the bundle, `import('../clear-review.js')` is the loader (pass 3) or nothing (pass 1). */
const reviewLoader = (shared) => ({
  name: 'review-loader',
  setup(b) {
    // Only the bundle's passes use this plugin: every import of the review there is the loader.
    b.onResolve({ filter: isReviewImport }, () => ({ path: REVIEW_LOADER, namespace: REVIEW_LOADER }))
    b.onLoad({ filter: /.*/, namespace: REVIEW_LOADER }, () => ({
      resolveDir: root,
      loader: 'js',
      contents:
        shared === null
          ? 'module.exports = {}'
          : `module.exports = require('./src/cli/review-chunk.ts').loadReview({\n${shared.map((id) => `  ${JSON.stringify(id)}: () => require(${JSON.stringify('./' + id)}),`).join('\n')}\n})`,
    }))
  },
})
/** In the review, a module the bundle holds becomes `__airsignShared(id)`. */
const sharedFromBundle = (held, used) => ({
  name: 'shared-from-bundle',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.inner || args.kind === 'entry-point' || args.path.startsWith('node:')) return undefined
      const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { inner: true } })
      if (r.errors.length > 0 || r.external) return r.errors.length > 0 ? { errors: r.errors } : { path: r.path, external: true }
      const id = relative(root, r.path).split(sep).join('/')
      if (!held.has(id)) return { path: r.path }
      used.add(id)
      return { path: id, namespace: 'airsign-shared' }
    })
    b.onLoad({ filter: /.*/, namespace: 'airsign-shared' }, (args) => ({ loader: 'js', contents: `module.exports = __airsignShared(${JSON.stringify(args.path)})` }))
  },
})

/** Splice the snapshot literal in place of its marker (once). */
function withSnapshot(text, required) {
  const parts = text.split(JSON.stringify(SNAPSHOT_MARKER))
  if (parts.length === 1 && !required) return text
  if (parts.length !== 2) throw new Error('the ERC-7730 snapshot marker must occur exactly once')
  return parts[0] + JSON.stringify(packSnapshot()) + parts[1]
}

async function bundle() {
  const mainEntry = {
    // The CLI's entry, plus one internal export: the bundle test (src/clear/data/erc7730.test.ts)
    // loads the review through it and reads the snapshot back.
    contents: `export * from './src/cli/entry.ts'\nexport function reviewInternal() { return require(${JSON.stringify('./src/cli/clear-review.js')}) }\n`,
    resolveDir: root,
    sourcefile: 'bundle-entry.ts',
    loader: 'ts',
  }
  const banner = { js: "var __airsignMetaUrl=require('node:url').pathToFileURL(__filename).href;" }
  const pass1 = await build({ ...common, stdin: mainEntry, banner, define: defines('0'.repeat(64)), plugins: [reviewLoader(null), vectorsAsset, wasmAsset, wordlistsAsset, vectorsAsText] })
  const held = new Set(Object.keys(Object.values(pass1.metafile.outputs)[0].inputs).filter((id) => !id.startsWith(REVIEW_LOADER)))
  const used = new Set()
  const review = await build({
    ...common,
    stdin: {
      contents: "export * from './src/cli/clear-review.ts'\nexport * as erc7730SnapshotInternal from './src/clear/data/erc7730.ts'\n",
      resolveDir: root,
      sourcefile: 'review-entry.ts',
      loader: 'ts',
    },
    define: defines('0'.repeat(64)),
    plugins: [sharedFromBundle(held, used), vectorsAsText, erc7730Snapshot],
  })
  const reviewText = withSnapshot(review.outputFiles[0].text, true)
  const reviewSha = createHash('sha256').update(reviewText).digest('hex')
  const r = await build({ ...common, stdin: mainEntry, banner, define: defines(reviewSha), plugins: [reviewLoader([...used].sort()), vectorsAsset, wasmAsset, wordlistsAsset, vectorsAsText] })
  const built = withSnapshot(r.outputFiles[0].text, false)
  // The executable decodes the bundle as latin1 (src/cli/sea-main.ts): it must be ASCII.
  if (/[^\x00-\x7f]/.test(built)) throw new Error('the bundle must be ASCII (charset: ascii)')
  if (built.includes(SNAPSHOT_MARKER)) throw new Error('the snapshot must be in the review file only')
  const at = built.indexOf(MARKER)
  if (at < 0 || built.indexOf(MARKER, at + 1) >= 0) throw new Error('bundle hash marker must occur exactly once')
  // Splice by position: embedded data (the test vectors) also holds 64-zero strings.
  const text = built.slice(0, at) + PLACEHOLDER + built.slice(at + MARKER.length)
  const hash = createHash('sha256').update(text).digest('hex')
  return { text: built.slice(0, at) + hash + built.slice(at + MARKER.length), hash, review: reviewText }
}

// --outdir DIR writes elsewhere than dist/ (the artifact tests build into a temp dir).
const o = process.argv.indexOf('--outdir')
const outdir = o > 0 ? process.argv[o + 1] : join(root, 'dist')
mkdirSync(outdir, { recursive: true })
// Write to a temporary name and rename: a test that runs the bundle meanwhile never sees half a file.
const put = (name, text) => {
  writeFileSync(join(outdir, name + '.tmp'), text)
  renameSync(join(outdir, name + '.tmp'), join(outdir, name))
}
const out = await bundle()
// The review and vectors files first: a bundle never stands beside files it does not know.
put('airsign-review.cjs', out.review)
put(VECTORS_FILE, vectorsText)
put(WASM_FILE, wasmBytes)
put(WORDLISTS_FILE, wordlistsText)
put('airsign.cjs', out.text)
const fileHash = createHash('sha256').update(out.text).digest('hex')
if (!process.argv.includes('--quiet')) {
  console.error(`${join(outdir, 'airsign.cjs')}  ${Buffer.byteLength(out.text)} bytes  sha256 ${fileHash}  (bundle ${out.hash})`)
  console.error(`${join(outdir, 'airsign-review.cjs')}  ${Buffer.byteLength(out.review)} bytes  sha256 ${createHash('sha256').update(out.review).digest('hex')}`)
}
