// Benchmark support (not a benchmark: run.mjs runs only the *.mjs files of src/bench/ itself).
// Pack a CommonJS script as a single executable the way .ci/build-binary.mjs packs airsign: one
// esbuild bundle (a single executable's require() reaches built-in modules only), Node's own SEA
// code cache, the stripped node binary, postject; then copied, as dist/airsign is.
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * @param root - the repository (for node_modules: esbuild, postject)
 * @param script - the CommonJS entry to pack
 * @param dir - a temporary directory to build in
 * @param name - the executable's file name
 * @returns the executable's path
 */
export async function packExecutable(root, script, dir, name) {
  const { build } = await import(join(root, 'node_modules/esbuild/lib/main.js'))
  const main = join(dir, `${name}.bundle.cjs`)
  await build({ entryPoints: [script], bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, outfile: main, logLevel: 'warning' })
  const config = join(dir, `${name}.sea.json`)
  const blob = join(dir, `${name}.blob`)
  writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: true }))
  execFileSync(process.execPath, ['--no-warnings', '--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] })
  const injected = join(dir, `${name}.injected`)
  copyFileSync(process.execPath, injected)
  chmodSync(injected, 0o755)
  execFileSync('strip', ['--strip-all', injected], { stdio: ['ignore', 'ignore', 'inherit'] })
  execFileSync(process.execPath, [join(root, 'node_modules/postject/dist/cli.js'), injected, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: 'ignore' })
  const exe = join(dir, name)
  copyFileSync(injected, exe)
  chmodSync(exe, 0o755)
  rmSync(injected)
  return exe
}
