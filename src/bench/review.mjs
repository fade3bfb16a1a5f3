// Issue 12's cost, measured side by side in one run: the one-shot signing path of a plain ETH
// transfer before and after clear signing (the same commands from a build of the commit before
// the review existed, and from this checkout), the bundle and executable sizes before and after,
// and what a review costs when one is needed (an ERC-20 call: built-in descriptors only; a
// registry-bound call: the shipped snapshot is unpacked).
//
//   node src/bench/review.mjs [--runs N] [--baseline REV]     (npm run bench runs it too)
//
// The baseline is built in a temporary git worktree from REV (default f965c04, the last commit
// before issue 12) with its own .ci/build.mjs and .ci/build-binary.mjs, sharing this checkout's
// node_modules. Every process runs in a clean environment (PATH and the mnemonic only).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : dflt
}
const RUNS = Number(arg('--runs', '15'))
const BASE = arg('--baseline', 'f965c04')
const MNEMONIC = 'test test test test test test test test test test test junk'
const env = { PATH: process.env.PATH, AIRSIGN_MNEMONIC: MNEMONIC }
const ETH = '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080'
const pad = (h) => h.padStart(64, '0')
const call = (to, data) => JSON.stringify({ type: 2, chainId: 1, nonce: 1, maxPriorityFeePerGas: '1000000000', maxFeePerGas: '20000000000', gas: 90000, to, value: '0', data })
// transfer(0x1111…, 1) to USDC: the built-in ERC-20 descriptor explains it (the registry is asked first: the snapshot is unpacked)
const ERC20 = call('0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', '0xa9059cbb' + pad('11'.repeat(20)) + pad('1'))
// WETH deposit(): a registry-bound descriptor (registry/weth/calldata-weth.json)
const WETH = call('0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2', '0xd0e30db0')

const work = mkdtempSync(join(tmpdir(), 'airsign-bench-review-'))
try {
  const base = join(work, 'base')
  execFileSync('git', ['worktree', 'add', '--detach', '-q', base, BASE], { cwd: root })
  try {
    symlinkSync(join(root, 'node_modules'), join(base, 'node_modules'))
    const out = (dir) => join(dir, 'out')
    for (const dir of [base, root]) {
      const o = dir === root ? join(work, 'now') : out(base)
      execFileSync(process.execPath, ['.ci/build.mjs', '--quiet', '--outdir', o], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] })
      execFileSync(process.execPath, ['.ci/build-binary.mjs', '--outdir', o], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] })
    }
    const before = out(base)
    const now = join(work, 'now')
    const size = (f) => statSync(f).size
    console.log(`\nSizes (baseline ${BASE} vs this checkout)\n`)
    console.log('| artifact | before | after | after / before |')
    console.log('|---|---:|---:|---:|')
    for (const f of ['airsign.cjs', 'airsign']) {
      const b = size(join(before, f))
      const a = size(join(now, f))
      console.log(`| ${f === 'airsign' ? 'single executable' : 'bundle (airsign.cjs), what every command reads'} | ${b} | ${a} | ${(a / b).toFixed(3)} |`)
    }
    if (existsSync(join(now, 'airsign-review.cjs'))) console.log(`| review module (airsign-review.cjs), read only for a review | — | ${size(join(now, 'airsign-review.cjs'))} | |`)

    const node = process.execPath
    const rows = [
      ['node -e 0', node, ['-e', '0']],
      ['before: bundle, sign ETH transfer', node, [join(before, 'airsign.cjs'), 'sign', '--tx', ETH]],
      ['after: bundle, sign ETH transfer', node, [join(now, 'airsign.cjs'), 'sign', '--tx', ETH]],
      ['before: executable, sign ETH transfer', join(before, 'airsign'), ['sign', '--tx', ETH]],
      ['after: executable, sign ETH transfer', join(now, 'airsign'), ['sign', '--tx', ETH]],
      ['after: executable, sign ERC-20 transfer (review)', join(now, 'airsign'), ['sign', '--tx', ERC20]],
      ['after: executable, sign WETH deposit (registry descriptor)', join(now, 'airsign'), ['sign', '--tx', WETH]],
    ]
    const once = (cmd, args) => {
      const t0 = process.hrtime.bigint()
      const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { env, encoding: 'utf8' })
      const ms = Number(process.hrtime.bigint() - t0) / 1e6
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}: ${r.stderr}`)
      return { ms, kib: Number(r.stderr.trim().split('\n').pop()), out: r.stdout }
    }
    // Warm-up: page cache, and the check that before and after sign the same bytes.
    const w = rows.map(([, c, a]) => once(c, a).out)
    if (w[1] !== w[2] || w[3] !== w[4] || w[1] !== w[3]) throw new Error('before and after signed the ETH transfer differently')
    const samples = rows.map(() => ({ ms: [], kib: [] }))
    for (let i = 0; i < RUNS; i++) {
      rows.forEach(([, c, a], j) => {
        const r = once(c, a)
        samples[j].ms.push(r.ms)
        samples[j].kib.push(r.kib)
      })
    }
    const median = (xs) => {
      const s = [...xs].sort((a, b) => a - b)
      return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
    }
    const m = samples.map((s) => median(s.ms))
    console.log(`\nOne-shot sign before and after clear signing (median of ${RUNS} interleaved runs, clean environment, Node ${process.version})\n`)
    console.log('| command | median ms | × node -e 0 | × before (same artifact) | peak RSS MiB |')
    console.log('|---|---:|---:|---:|---:|')
    rows.forEach(([name], j) => {
      const vsBefore = name.startsWith('after: bundle, sign ETH') ? m[j] / m[1] : name.startsWith('after: executable, sign ETH') ? m[j] / m[3] : name.startsWith('after: executable') ? m[j] / m[3] : null
      console.log(`| ${name} | ${m[j].toFixed(1)} | ${(m[j] / m[0]).toFixed(2)} | ${vsBefore === null ? '' : vsBefore.toFixed(3)} | ${(median(samples[j].kib) / 1024).toFixed(1)} |`)
    })
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', base], { cwd: root })
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
if (!existsSync('/usr/bin/time')) console.error('note: /usr/bin/time is needed for peak RSS')
