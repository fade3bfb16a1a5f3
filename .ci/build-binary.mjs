// Build dist/airsign: a Node single executable application (SEA) that needs no
// Node.js and no node_modules on the target machine.
//   1. bundle the snapshot script (dist/airsign.cjs from src/cli/snapshot-entry.ts);
//   2. `node --experimental-sea-config` runs it and stores the resulting V8 heap
//      (every command loaded, the base-point table built) as a startup snapshot
//      in the preparation blob;
//   3. copy this machine's node binary and inject the blob with postject.
// Prints the sha256 of the bundle and of the executable.
import { execFileSync } from 'node:child_process'
import { copyFileSync, chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// --outdir DIR: build into DIR instead of dist/ (used by the artifact tests).
const o = process.argv.indexOf('--outdir')
const dist = o > 0 ? process.argv[o + 1] : join(root, 'dist')
const sha256 = (f) => createHash('sha256').update(readFileSync(f)).digest('hex')
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })

run(process.execPath, [join(root, '.ci/build.mjs'), '--cjs', '--quiet', '--outdir', dist])
const config = join(dist, 'sea-config.json')
const blob = join(dist, 'sea-prep.blob')
// --reproducible: no snapshot; the executable then runs the script at every start
// (slower), but two builds of one commit are byte-identical (see README).
const reproducible = process.argv.includes('--reproducible')
// Paths relative to dist/: the blob records the main script's path, and an
// absolute one would make builds in different directories differ.
writeFileSync(config, JSON.stringify({ main: 'airsign.cjs', output: 'sea-prep.blob', disableExperimentalSEAWarning: true, useSnapshot: !reproducible }))
// The snapshot builder warns that node:module and node:tty are "not yet fully
// verified" in snapshots: airsign only imports them there; it calls
// createRequire and opens the terminal at run time, after deserialization.
// --random-seed=1 fixes the hash seed and other randomness in the heap image: two
// builds then differ in a few hundred snapshot bytes instead of millions.
execFileSync(process.execPath, ['--no-warnings', '--random-seed=1', '--experimental-sea-config', config], { cwd: dist, stdio: ['ignore', 'ignore', 'inherit'] })
const exe = join(dist, 'airsign')
rmSync(exe, { force: true })
copyFileSync(process.execPath, exe)
chmodSync(exe, 0o755)
execFileSync(process.execPath, [join(root, 'node_modules/postject/dist/cli.js'), exe, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], {
  cwd: root,
  // postject's ELF reader warns about unnamed note sections of the node binary; harmless.
  stdio: ['ignore', 'ignore', 'ignore'],
})
rmSync(config)
rmSync(blob)
console.error(`${join(dist, 'airsign.cjs')}  sha256 ${sha256(join(dist, 'airsign.cjs'))}`)
console.error(`${exe}  ${(statSync(exe).size / 2 ** 20).toFixed(1)} MiB  sha256 ${sha256(exe)}`)
