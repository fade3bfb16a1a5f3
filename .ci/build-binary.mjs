// Build dist/airsign: a Node single executable application (SEA) that needs no
// Node.js and no node_modules on the target machine.
//   1. build the bundle, dist/airsign.cjs (the file bin/airsign runs), and the
//      executable's main script, dist/sea-main.cjs (src/cli/sea-main.ts);
//   2. .ci/code-cache.cjs runs the bundle once (a signing run) and writes the
//      V8 code cache of everything that ran, dist/airsign.cache;
//   3. `node --experimental-sea-config` packs main script, bundle, cache and
//      the review module (the last three as assets) into the preparation blob;
//   4. copy this machine's node binary, strip its symbols, inject the blob with
//      postject, and copy the result once more (see below).
// Prints the sha256 of the bundle and of the executable. Two builds of one
// commit, in any directories, give byte-identical files (artifact.test.ts).
import { execFileSync } from 'node:child_process'
import { copyFileSync, chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// --outdir DIR: build into DIR instead of dist/ (used by the artifact tests).
const o = process.argv.indexOf('--outdir')
const dist = o > 0 ? process.argv[o + 1] : join(root, 'dist')
const sha256 = (f) => createHash('sha256').update(readFileSync(f)).digest('hex')
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })

run(process.execPath, [join(root, '.ci/build.mjs'), '--quiet', '--outdir', dist])
await build({ absWorkingDir: root, entryPoints: ['src/cli/sea-main.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: join(dist, 'sea-main.cjs'), logLevel: 'warning' })
const cache = join(dist, 'airsign.cache')
// --random-seed=1 fixes V8's hash seed, which the code cache records: with it two
// builds give the same cache byte for byte. The executable accepts the cache
// either way (V8 checks its version, flags and the source, not the seed).
execFileSync(process.execPath, ['--random-seed=1', join(root, '.ci/code-cache.cjs'), join(dist, 'airsign.cjs'), cache], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
// The cache must fit the node binary the executable is made of, or every start compiles from source.
if (execFileSync(process.execPath, [join(root, '.ci/code-cache.cjs'), '--check', join(dist, 'airsign.cjs'), cache], { encoding: 'utf8' }) !== 'false') throw new Error('V8 rejects the code cache it just wrote')
const config = join(dist, 'sea-config.json')
const blob = join(dist, 'sea-prep.blob')
// Paths relative to dist/: the blob records the main script's path, and an
// absolute one would make builds in different directories differ.
writeFileSync(
  config,
  JSON.stringify({ main: 'sea-main.cjs', output: 'sea-prep.blob', disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, assets: { 'airsign.cjs': 'airsign.cjs', 'airsign.cache': 'airsign.cache', 'airsign-review.cjs': 'airsign-review.cjs', 'airsign-vectors.json': 'airsign-vectors.json', 'airsign-secp256k1.wasm': 'airsign-secp256k1.wasm', 'airsign-wordlists.json': 'airsign-wordlists.json' } }),
)
execFileSync(process.execPath, ['--no-warnings', '--experimental-sea-config', config], { cwd: dist, stdio: ['ignore', 'ignore', 'inherit'] })
const exe = join(dist, 'airsign')
const injected = exe + '.injected'
rmSync(exe, { force: true })
copyFileSync(process.execPath, injected)
chmodSync(injected, 0o755)
// The symbol tables of the node binary (~12 MiB) serve debuggers only: strip them before the blob
// goes in (GNU strip; the same binutils and node give the same bytes). Same code, same speed.
execFileSync('strip', ['--strip-all', injected], { stdio: ['ignore', 'ignore', 'inherit'] })
execFileSync(process.execPath, [join(root, 'node_modules/postject/dist/cli.js'), injected, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], {
  cwd: root,
  // postject's ELF reader warns about unnamed note sections of the node binary; harmless.
  stdio: ['ignore', 'ignore', 'ignore'],
})
// postject writes the 100 MB file in one call; Linux then caches it in large
// page-cache folios, and every run of that file maps ~15 MiB more resident memory
// than a copy of the same bytes does (measured with /proc/self/smaps). A user
// copies the executable from a stick anyway: dist/airsign is such a copy.
copyFileSync(injected, exe + '.tmp')
chmodSync(exe + '.tmp', 0o755)
renameSync(exe + '.tmp', exe)
rmSync(injected)
rmSync(config)
rmSync(blob)
rmSync(cache)
rmSync(join(dist, 'sea-main.cjs'))
console.error(`${join(dist, 'airsign.cjs')}  sha256 ${sha256(join(dist, 'airsign.cjs'))}`)
console.error(`${join(dist, 'airsign-review.cjs')}  sha256 ${sha256(join(dist, 'airsign-review.cjs'))}`)
console.error(`${exe}  ${(statSync(exe).size / 2 ** 20).toFixed(1)} MiB  sha256 ${sha256(exe)}`)
