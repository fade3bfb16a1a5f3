// `sign --batch` (issue 3): throughput next to an ethers v6 loop and a raw
// @noble/curves loop, and peak memory as the input grows. Every figure a
// median of interleaved runs, every comparison a ratio from this run.
//
//   npm run bench            (or: npm run build && node src/bench/batch.mjs [--runs N])
//
// Throughput: N legacy transactions (nonce 0..N-1) signed by the key at
// m/44'/60'/0'/0/0 of the test mnemonic, whole process each (start-up
// included, the same for all three), outputs checked equal to ethers'.
// Memory: peak RSS of `sign --batch` for 1k and 8k signed lines, and of
// `sign --batch --keep-going --json` for 100k, 1M and 3M lines (each line a type-3
// transaction, refused: the read/write path of a million lines without the
// cost of a million signatures).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3
const N = 2000
const MNEMONIC = 'test test test test test test test test test test test junk'
const env = { PATH: process.env.PATH, AIRSIGN_MNEMONIC: MNEMONIC }
const tmp = mkdtempSync(join(tmpdir(), 'airsign-bench-batch-'))
const bundle = join(root, 'bin/airsign')
if (!existsSync('/usr/bin/time')) console.log('(no /usr/bin/time: peak RSS not measured)')

// Unsigned legacy transactions, one a line: rlp([nonce, 20 gwei, 21000, 0x35…35, 1 ETH, '', 1, 0, 0]).
const { createRequire } = await import('node:module')
const require = createRequire(join(root, 'package.json'))
const { Transaction, HDNodeWallet } = require('ethers')
const unsigned = (nonce) => Transaction.from({ type: 0, chainId: 1, nonce, gasPrice: 20000000000n, gasLimit: 21000n, to: '0x3535353535353535353535353535353535353535', value: 10n ** 18n }).unsignedSerialized
const lines = (n, f) => {
  let s = ''
  for (let i = 0; i < n; i++) s += f(i) + '\n'
  return s
}
const file = (name, text) => {
  const p = join(tmp, name)
  writeFileSync(p, text)
  return p
}
const txFile = (n) => file(`tx-${n}.txt`, lines(n, unsigned))
const inputs = { [N]: txFile(N), 1000: txFile(1000), 8000: txFile(8000) }
const bad = { 100000: file('bad-100k.txt', lines(100000, () => '0x03c0')), 1000000: file('bad-1m.txt', lines(1000000, () => '0x03c0')), 3000000: file('bad-3m.txt', lines(3000000, () => '0x03c0')) }

const peer = (name, body) => file(name, `import { createRequire } from 'node:module'\nconst require = createRequire(${JSON.stringify(join(root, 'package.json'))})\n${body}`)
const ethersLoop = peer('ethers-loop.mjs', `
const { HDNodeWallet } = require('ethers')
const w = HDNodeWallet.fromPhrase(process.env.AIRSIGN_MNEMONIC)
const n = Number(process.argv[2])
let out = ''
for (let i = 0; i < n; i++) out += await w.signTransaction({ type: 0, chainId: 1, nonce: i, gasPrice: 20000000000n, gasLimit: 21000n, to: '0x3535353535353535353535353535353535353535', value: 10n ** 18n }) + '\\n'
process.stdout.write(out)`)
// The floor: what signing alone costs with the same curve library (no RLP, no checks, key known).
const nobleLoop = peer('noble-loop.mjs', `
const { secp256k1 } = require('@noble/curves/secp256k1.js')
const { keccak_256 } = require('@noble/hashes/sha3.js')
const { HDNodeWallet, Transaction, getBytes } = require('ethers')
const key = getBytes(HDNodeWallet.fromPhrase(process.env.AIRSIGN_MNEMONIC).privateKey)
const n = Number(process.argv[2])
const payloads = []
for (let i = 0; i < n; i++) payloads.push(keccak_256(getBytes(Transaction.from({ type: 0, chainId: 1, nonce: i, gasPrice: 20000000000n, gasLimit: 21000n, to: '0x3535353535353535353535353535353535353535', value: 10n ** 18n }).unsignedHash)))
const t0 = performance.now()
for (const h of payloads) secp256k1.sign(h, key, { prehash: false, format: 'recovered' })
process.stdout.write(String(performance.now() - t0) + '\\n')`)

function run(cmd, args, stdinPath) {
  const fd = stdinPath ? openSync(stdinPath, 'r') : 'ignore'
  const t0 = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { env, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (typeof fd === 'number') closeSync(fd)
  const kib = Number(r.stderr.trim().split('\n').pop())
  return { ms, kib, out: r.stdout, status: r.status }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

// Throughput, interleaved.
const t = { airsign: [], ethers: [], noble: [] }
let checked = false
for (let i = 0; i < RUNS; i++) {
  const a = run(process.execPath, [bundle, 'sign', '--batch'], inputs[N])
  const e = run(process.execPath, [ethersLoop, String(N)])
  if (!checked) {
    if (a.status !== 0 || a.out !== e.out) throw new Error('airsign --batch and ethers disagree')
    checked = true
  }
  t.airsign.push(a.ms)
  t.ethers.push(e.ms)
  t.noble.push(Number(run(process.execPath, [nobleLoop, String(N)]).out))
}
const rate = (ms) => N / (ms / 1000)
const [ra, re, rn] = [rate(median(t.airsign)), rate(median(t.ethers)), rate(median(t.noble))]
console.log(`\nsign --batch throughput, ${N} legacy transactions (median of ${RUNS} interleaved runs; Node ${process.version})\n`)
console.log('| signer | signatures/s | × ethers | × raw noble |')
console.log('|---|---:|---:|---:|')
console.log(`| airsign sign --batch (whole process, parse + sign + self-check + re-parse) | ${ra.toFixed(0)} | ${(ra / re).toFixed(2)} | ${(ra / rn).toFixed(2)} |`)
console.log(`| ethers v6 HDNodeWallet.signTransaction loop (whole process) | ${re.toFixed(0)} | 1.00 | ${(re / rn).toFixed(2)} |`)
console.log(`| @noble/curves secp256k1.sign alone (signing time only, hashes precomputed) | ${rn.toFixed(0)} | ${(rn / re).toFixed(2)} | 1.00 |`)

// Memory as the input grows.
const mem = (path, args, runs = RUNS) => median(Array.from({ length: runs }, () => run(process.execPath, [bundle, 'sign', '--batch', ...args], path).kib)) / 1024
const m1k = mem(inputs[1000], [])
const m8k = mem(inputs[8000], [])
const b100k = mem(bad[100000], ['--keep-going', '--json'])
const b1m = mem(bad[1000000], ['--keep-going', '--json'])
const b3m = mem(bad[3000000], ['--keep-going', '--json'], 1) // ~20 s a run: once
console.log('\nsign --batch peak RSS as the input grows (median)\n')
console.log('| input | peak RSS MiB | × the small input |')
console.log('|---|---:|---:|')
console.log(`| 1 000 signed lines | ${m1k.toFixed(1)} | 1.00 |`)
console.log(`| 8 000 signed lines | ${m8k.toFixed(1)} | ${(m8k / m1k).toFixed(2)} |`)
console.log(`| 100 000 refused lines (--keep-going --json) | ${b100k.toFixed(1)} | 1.00 |`)
console.log(`| 1 000 000 refused lines (--keep-going --json) | ${b1m.toFixed(1)} | ${(b1m / b100k).toFixed(2)} |`)
console.log(`| 3 000 000 refused lines (--keep-going --json), one run | ${b3m.toFixed(1)} | ${(b3m / b100k).toFixed(2)} (× 1M: ${(b3m / b1m).toFixed(2)}) |`)
console.log('\n(The live JS heap stays at a few MiB however long the input, see node --trace-gc; RSS rises until V8\'s young generation reaches its maximum size, then stays.)')
rmSync(tmp, { recursive: true, force: true })
