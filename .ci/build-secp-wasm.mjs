// Rebuild the batch engine's WebAssembly module, src/secp-wasm/airsign-secp256k1.wasm, from
// libsecp256k1's source. The module is committed (npm ci needs no compiler); this script is how it
// was made and how anyone checks it:
//
//   apt-get source --download-only libsecp256k1=0.5.0-2      (Debian trixie; or any copy of the file)
//   node .ci/build-secp-wasm.mjs libsecp256k1_0.5.0.orig.tar.xz            writes the module
//   node .ci/build-secp-wasm.mjs libsecp256k1_0.5.0.orig.tar.xz --check    compares with the committed one
//
// Needs clang and wasm-ld (Debian: clang lld). With Debian bookworm's clang 14.0.6 the output is
// byte-identical to the committed module, whose sha256 src/secp-wasm.ts pins (WASM_SHA256); another
// clang computes the same functions but may emit other bytes, and then the pin refuses them.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dir = join(root, 'src/secp-wasm')
const OUT = join(dir, 'airsign-secp256k1.wasm')
/** libsecp256k1 v0.5.0, the release tarball as Debian ships it (libsecp256k1_0.5.0-2.dsc, Checksums-Sha256). */
const SOURCE_SHA256 = '13b70138be52d7a23bdf0ea39ed79799a30eb855f2ed82c028357f6432cd536b'
const SOURCE_DIR = 'libsecp256k1-0.5.0'

const [tarball] = process.argv.slice(2).filter((a) => !a.startsWith('--'))
if (!tarball) {
  console.error('usage: node .ci/build-secp-wasm.mjs libsecp256k1_0.5.0.orig.tar.xz [--check]')
  process.exit(2)
}
const sha = (b) => createHash('sha256').update(b).digest('hex')
if (sha(readFileSync(tarball)) !== SOURCE_SHA256) throw new Error(`${tarball} is not libsecp256k1 0.5.0 (sha256 ${SOURCE_SHA256})`)
const clang = process.env.CLANG ?? 'clang'
const version = execFileSync(clang, ['--version'], { encoding: 'utf8' }).split('\n')[0]
if (!version.includes('14.0.6')) console.error(`note: ${version}; the committed module was built with Debian clang 14.0.6`)

const tmp = mkdtempSync(join(tmpdir(), 'airsign-secp-wasm-'))
try {
  execFileSync('tar', ['-xf', tarball, '-C', tmp])
  const src = join(tmp, SOURCE_DIR)
  const out = join(tmp, 'airsign-secp256k1.wasm')
  // The configuration, as libsecp256k1's own build names it:
  // - USE_FORCE_WIDEMUL_INT64: the 10x26 field and 8x32 scalar (64-bit products, native in wasm32;
  //   the 5x52 field would need 128-bit products, which wasm32 only emulates by calls);
  // - the comb table for the base point (signing, public keys) left at its default, 22 KB
  //   (COMB_BLOCKS 11, COMB_TEETH 6; the 86 KB one is no faster here);
  // - -msimd128: WebAssembly SIMD, which clang uses for the constant-time table scans and the field
  //   arithmetic: ~25% faster signing and checks (a CPU without it: the batch keeps OpenSSL);
  // - ECMULT_WINDOW_SIZE=2: the smallest verification table (airsign calls no verification here:
  //   its check goes through the comb; the linker drops the rest);
  // - ENABLE_MODULE_RECOVERY: the recovery id of a signature;
  // - USE_EXTERNAL_DEFAULT_CALLBACKS: the error callbacks are this file's (they trap), so nothing
  //   prints and no libc is needed.
  execFileSync(clang, [
    '--target=wasm32-unknown-unknown', '-O3', '-msimd128', '-nostdlib', '-ffreestanding', '-fno-builtin', '-fvisibility=hidden',
    '-isystem', join(dir, 'shim'), '-I', join(src, 'src'), '-I', join(src, 'include'),
    '-DUSE_FORCE_WIDEMUL_INT64', '-DECMULT_WINDOW_SIZE=2', '-DENABLE_MODULE_RECOVERY', '-DUSE_EXTERNAL_DEFAULT_CALLBACKS',
    // No entry point; a 64 KiB stack below the data, so that an overflow traps instead of writing over it.
    '-Wl,--no-entry', '-Wl,--stack-first', '-Wl,-z,stack-size=65536', '-Wl,--strip-all',
    '-o', out, join(dir, 'airsign-secp256k1.c'),
  ], { stdio: ['ignore', 'inherit', 'inherit'], cwd: tmp })
  const built = readFileSync(out)
  if (process.argv.includes('--check')) {
    const committed = readFileSync(OUT)
    console.log(`built ${sha(built)}\ncommitted ${sha(committed)}`)
    if (!built.equals(committed)) process.exit(1)
  } else {
    writeFileSync(OUT, built)
    console.log(`${OUT}  ${built.length} bytes  sha256 ${sha(built)}`)
  }
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
