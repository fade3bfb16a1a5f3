// airsign next to Foundry's `cast` (issue 16, item 4): the native peer most users know.
// Every figure a median of interleaved runs, every comparison a ratio measured in this run,
// every process in a clean environment (PATH and the mnemonic only), as on an air-gapped machine.
//
//   npm run bench            (run.mjs runs every script of this folder, this one included)
//   node src/bench/cast.mjs [--runs N (15)] [--loop-runs N (3)] [--lines N (2000)]
//
// Rows:
// - one-shot: `cast mktx --mnemonic … --legacy` of the README's example transaction, next to
//   `airsign sign` of the same (bundle bin/airsign, and the single executable dist/airsign when
//   it was built) and `node -e 0`; peak RSS of each (/usr/bin/time -f %M); the signed bytes
//   checked identical;
// - batch: a shell loop of `cast mktx`, one process a transaction, over the same 2000-line input
//   that batch.mjs signs (legacy, nonce 0 … 1999), next to `airsign sign --batch` of that file.
//   cast cannot read an unsigned raw transaction, so the loop reads the file line by line and
//   gives cast line n's fields (the input is the README transaction with nonce n). Both outputs
//   are checked identical, line for line. Peak RSS of the loop is that of its largest process
//   (GNU time reports the maximum over the shell and the children it waited for).
//
// Exported for a runner that imports rather than spawns: runCastBench(options) → results.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRequire } from 'node:module'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const MNEMONIC = 'test test test test test test test test test test test junk'
const TO = '0x3535353535353535353535353535353535353535'
// The README's example: nonce 9, 20 gwei, 21000 gas, 1 ETH to 0x35…35, chain 1 (EIP-155).
const LEGACY = '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080'
const README_SIGNED = '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a03016c5b00acdf2ab6417652b9af1b5458ae73a8f2ddbc2ce03ccddde54184f71a0160362f6bf9e0af5a6f543153b85cfce8bce64cf08607f2cfd486fecb81eba1d'
const castFields = (nonce) => ['--legacy', '--chain', '1', '--nonce', String(nonce), '--gas-price', '20000000000', '--gas-limit', '21000', '--value', '1000000000000000000', TO]

export const CAST = join(root, 'node_modules/@foundry-rs/cast-linux-amd64/bin/cast')
const exe = join(root, 'dist/airsign')
const bundle = join(root, 'bin/airsign')
const node = process.execPath

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/**
 * Run one process under /usr/bin/time -f %M in `env`, stdin from a file or nothing.
 * @returns wall-clock ms (spawn to exit, as a user waits), peak RSS KiB, stdout, status
 */
function run(env, cmd, args, stdinPath, cwd) {
  const haveTime = existsSync('/usr/bin/time')
  const fd = stdinPath ? openSync(stdinPath, 'r') : 'ignore'
  const full = haveTime ? ['/usr/bin/time', ['-f', '%M', cmd, ...args]] : [cmd, args]
  const t0 = process.hrtime.bigint()
  const r = spawnSync(full[0], full[1], { env, cwd, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (typeof fd === 'number') closeSync(fd)
  const kib = haveTime ? Number(r.stderr.trim().split('\n').pop()) : NaN
  return { ms, kib, out: r.stdout, status: r.status, err: r.stderr }
}

/**
 * The cast benchmark.
 * @param {{ runs?: number, loopRuns?: number, lines?: number, log?: (s: string) => void }} opts
 * @returns {Promise<{ oneShot: Record<string, { ms: number, mib: number }>, batch: Record<string, { ms: number, mib: number, perTx: number }> } | null>} null when cast is not installed
 */
export async function runCastBench(opts = {}) {
  const RUNS = opts.runs ?? 15
  const LOOP_RUNS = opts.loopRuns ?? 3
  const N = opts.lines ?? 2000
  const log = opts.log ?? ((s) => console.log(s))
  if (!existsSync(CAST)) {
    log('cast is not installed (devDependency @foundry-rs/cast-linux-amd64): no cast rows')
    return null
  }
  if (!existsSync(join(root, 'dist/airsign.cjs'))) throw new Error('dist/airsign.cjs missing: npm run build first')
  const tmp = mkdtempSync(join(tmpdir(), 'airsign-bench-cast-'))
  // A clean environment, as on an air-gapped machine: PATH and the mnemonic (airsign reads
  // AIRSIGN_MNEMONIC; cast takes the phrase as --mnemonic, it has no variable for one). HOME is an
  // empty directory, so that no ~/.foundry configuration applies.
  const env = { PATH: process.env.PATH, HOME: tmp, AIRSIGN_MNEMONIC: MNEMONIC }
  // Every process runs in an empty directory (tmp). In a directory of a project (a git root, such
  // as this repository) cast loads Foundry's project configuration: it looks for foundry.toml and
  // scans node_modules for remappings (~2000 files opened here), which is start-up the signing
  // does not need; one extra row measures that, run from the repository's root.
  const cwd = tmp
  try {
    // ---------------------------------------------------------------- one-shot
    const variants = [
      ['node -e 0', node, ['-e', '0']],
      ['cast mktx --mnemonic … --legacy (Rust, native)', CAST, ['mktx', '--mnemonic', MNEMONIC, ...castFields(9)]],
      ['the same cast mktx, run in this repository (Foundry project lookup)', CAST, ['mktx', '--mnemonic', MNEMONIC, ...castFields(9)], root],
      ['airsign sign, bundle (node bin/airsign)', node, [bundle, 'sign', '--tx', LEGACY]],
      ...(existsSync(exe) ? [['airsign sign, single executable (dist/airsign)', exe, ['sign', '--tx', LEGACY]]] : []),
    ]
    if (!existsSync(exe)) log('(dist/airsign missing: npm run build:binary for the executable row)')
    for (const [name, cmd, args, dir] of variants) {
      const r = run(env, cmd, args, undefined, dir ?? cwd) // warm-up (page cache), and the output check
      if (r.status !== 0) throw new Error(`${name} failed: ${r.err}`)
      if (name !== 'node -e 0' && r.out !== README_SIGNED + '\n') throw new Error(`${name} signed something else: ${r.out}`)
    }
    const samples = new Map(variants.map(([n]) => [n, { ms: [], kib: [] }]))
    for (let i = 0; i < RUNS; i++) {
      for (const [name, cmd, args, dir] of variants) {
        const r = run(env, cmd, args, undefined, dir ?? cwd)
        samples.get(name).ms.push(r.ms)
        samples.get(name).kib.push(r.kib)
      }
    }
    const oneShot = Object.fromEntries([...samples].map(([n, s]) => [n, { ms: median(s.ms), mib: median(s.kib) / 1024 }]))
    const base = oneShot['node -e 0'].ms
    const castMs = oneShot[variants[1][0]].ms
    log(`\nOne-shot sign of the README's legacy transaction from the mnemonic, clean environment (median of ${RUNS} interleaved runs; Node ${process.version}; cast ${castVersion()}; the same signed bytes checked)\n`)
    log('| command | median ms | × node -e 0 | × cast | peak RSS MiB |')
    log('|---|---:|---:|---:|---:|')
    for (const [name, { ms, mib }] of Object.entries(oneShot)) log(`| ${name} | ${ms.toFixed(1)} | ${(ms / base).toFixed(2)} | ${(ms / castMs).toFixed(2)} | ${mib.toFixed(1)} |`)
    log(`\n- cast derives the key and signs in ${(castMs / base).toFixed(2)}× the time Node needs to start and do nothing: a TypeScript program cannot start faster than Node, so it takes at least ${(base / castMs).toFixed(2)}× as long as cast.`)
    for (const [name, { ms }] of Object.entries(oneShot)) if (name.startsWith('airsign')) log(`- ${name}: ${(ms / castMs).toFixed(2)}× cast, ${(ms / base).toFixed(2)}× node -e 0 (${(ms - base).toFixed(1)} ms above Node's start)`)
    const inRepo = oneShot[variants[2][0]].ms
    log(`- cast in a project directory (a git root with node_modules, like this repository): ${inRepo.toFixed(1)} ms, ${(inRepo / castMs).toFixed(2)}× cast in an empty one: Foundry's project lookup, not signing`)

    // ---------------------------------------------------------------- batch
    const require = createRequire(join(root, 'package.json'))
    const { Transaction } = require('ethers')
    let text = ''
    for (let i = 0; i < N; i++) text += Transaction.from({ type: 0, chainId: 1, nonce: i, gasPrice: 20000000000n, gasLimit: 21000n, to: TO, value: 10n ** 18n }).unsignedSerialized + '\n'
    const input = join(tmp, `tx-${N}.txt`)
    writeFileSync(input, text)
    // The loop: one cast process a line, line n being the transaction with nonce n.
    const loop = join(tmp, 'cast-loop.sh')
    writeFileSync(loop, `n=0\nwhile IFS= read -r tx; do\n  "$CAST" mktx --mnemonic "$AIRSIGN_MNEMONIC" ${castFields('$n').map((a) => (a === '$n' ? '"$n"' : a)).join(' ')} || exit 1\n  n=$((n + 1))\ndone\n`)
    const loopEnv = { ...env, CAST }
    const batchVariants = [
      [`airsign sign --batch, bundle`, node, [bundle, 'sign', '--batch'], env],
      ...(existsSync(exe) ? [[`airsign sign --batch, single executable`, exe, ['sign', '--batch'], env]] : []),
      [`shell loop of cast mktx (${N} processes)`, '/bin/sh', [loop], loopEnv],
    ]
    const bSamples = new Map(batchVariants.map(([n]) => [n, { ms: [], kib: [] }]))
    let reference = null
    for (let i = 0; i < LOOP_RUNS; i++) {
      for (const [name, cmd, args, e] of batchVariants) {
        const r = run(e, cmd, args, input, cwd)
        if (r.status !== 0) throw new Error(`${name} failed: ${r.err}`)
        if (reference === null) reference = r.out
        else if (r.out !== reference) throw new Error(`${name} output differs from the first row's`)
        bSamples.get(name).ms.push(r.ms)
        bSamples.get(name).kib.push(r.kib)
      }
    }
    if (reference.split('\n').length !== N + 1 || !reference.startsWith('0xf86c808504a817c800')) throw new Error('the batch output is not N signed legacy transactions')
    const batch = Object.fromEntries([...bSamples].map(([n, s]) => [n, { ms: median(s.ms), mib: median(s.kib) / 1024, perTx: median(s.ms) / N }]))
    const loopMs = batch[batchVariants.at(-1)[0]].ms
    log(`\n${N} legacy transactions (nonce 0 … ${N - 1}), whole process${LOOP_RUNS > 1 ? `, median of ${LOOP_RUNS} interleaved runs` : ', one run'} (outputs checked identical, line for line)\n`)
    log('| signer | total ms | ms a transaction | transactions/s | × the cast loop | peak RSS MiB |')
    log('|---|---:|---:|---:|---:|---:|')
    for (const [name, { ms, mib, perTx }] of Object.entries(batch)) log(`| ${name} | ${ms.toFixed(0)} | ${perTx.toFixed(2)} | ${(N / (ms / 1000)).toFixed(0)} | ${(loopMs / ms).toFixed(2)} | ${mib.toFixed(1)} |`)
    log(`\n- (× the cast loop: how many times faster than the loop; a cast process costs ${(loopMs / N).toFixed(1)} ms in the loop, against ${castMs.toFixed(1)} ms one-shot above)`)
    return { oneShot, batch }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

function castVersion() {
  const r = spawnSync(CAST, ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH } })
  return (/Version: (\S+)/.exec(r.stdout) ?? [, '?'])[1]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name) => {
    const i = process.argv.indexOf(name)
    return i > 0 ? Number(process.argv[i + 1]) : undefined
  }
  const opts = {}
  for (const [flag, key] of [['--runs', 'runs'], ['--loop-runs', 'loopRuns'], ['--lines', 'lines']]) if (arg(flag) !== undefined) opts[key] = arg(flag)
  await runCastBench(opts)
}
