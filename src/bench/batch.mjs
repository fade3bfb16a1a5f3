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
const env = { PATH: process.env.PATH, AIRSIGN_MNEMONIC: MNEMONIC, BENCH_KEY: '' }
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

// airsign's own engines alone: a whole process that signs the same N digests (precomputed, one a
// line) with the key given in hex, with no parsing, no RLP, no self-check: src/secp-wasm.ts (the
// batch engine) or src/secp-native.ts (OpenSSL, the one-shot engine), bundled by esbuild as airsign is.
const key = HDNodeWallet.fromPhrase(MNEMONIC).privateKey.slice(2)
const { keccak_256 } = require('@noble/hashes/sha3.js')
const digestsFile = file('digests.txt', lines(N, (i) => Buffer.from(keccak_256(Buffer.from(unsigned(i).slice(2), 'hex'))).toString('hex')))
const engineEntry = file('engine-loop.ts', `
import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import * as wasm from ${JSON.stringify(join(root, 'src/secp-wasm.ts'))}
import * as native from ${JSON.stringify(join(root, 'src/secp-native.ts'))}
const key = Buffer.from(process.env.BENCH_KEY, 'hex')
const digests = readFileSync(process.argv[3], 'utf8').trim().split('\\n').map((h) => Buffer.from(h, 'hex'))
let sign
if (process.argv[2].startsWith('wasm')) {
  wasm.load(readFileSync(${JSON.stringify(join(root, 'dist/airsign-secp256k1.wasm'))}), (b) => createHash('sha256').update(b).digest('hex'))
  const e = wasm.engine()
  if (process.argv[2] === 'wasm-checked') {
    // The engine with the batch's self-check of each signature (keyMatches once, checks each).
    if (!e.keyMatches(key, e.publicKey(key))) throw new Error('key')
    sign = (d) => {
      const s = e.sign(d, key)
      if (!e.checks(d, s, key)) throw new Error('check')
      return s
    }
  } else sign = (d) => e.sign(d, key)
} else {
  const e = native.engine()
  sign = (d) => native.sign(e, d, key)
}
let out = ''
for (const d of digests) {
  const s = sign(d)
  out += s.r.toString(16).padStart(64, '0') + s.s.toString(16).padStart(64, '0') + s.yParity + '\\n'
}
process.stdout.write(out)
`)
const engineLoop = join(tmp, 'engine-loop.cjs')
{
  const { build } = await import(join(root, 'node_modules/esbuild/lib/main.js'))
  await build({ entryPoints: [engineEntry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, outfile: engineLoop, logLevel: 'warning' })
}
const exe = join(root, 'dist/airsign')

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

// Throughput, interleaved. Every row a whole process (start-up included) but the noble one.
env.BENCH_KEY = key
const rows = [
  ['airsign sign --batch, bundle (parse + sign + self-check of each line)', () => run(process.execPath, [bundle, 'sign', '--batch'], inputs[N])],
  ...(existsSync(exe) ? [['airsign sign --batch, executable', () => run(exe, ['sign', '--batch'], inputs[N])]] : []),
  ['ethers v6 HDNodeWallet.signTransaction loop', () => run(process.execPath, [ethersLoop, String(N)])],
  ["airsign's batch engine with its self-check, no parsing (the floor of any batch that checks each signature)", () => run(process.execPath, [engineLoop, 'wasm-checked', digestsFile])],
  ["airsign's batch engine alone (libsecp256k1 WebAssembly: the digests, no parsing, no check)", () => run(process.execPath, [engineLoop, 'wasm', digestsFile])],
  ["airsign's one-shot engine alone (OpenSSL via node:crypto: the digests, no parsing, no check)", () => run(process.execPath, [engineLoop, 'native', digestsFile])],
]
const t = rows.map(() => [])
const kib = rows.map(() => [])
let nobleMs = []
for (let i = 0; i < RUNS; i++) {
  const outs = rows.map(([, f], j) => {
    const r = f()
    if (r.status !== 0) throw new Error(`${rows[j][0]} failed`)
    t[j].push(r.ms)
    kib[j].push(r.kib)
    return r.out
  })
  if (i === 0) {
    // Same signed transactions from airsign and ethers; the same signatures from both engines.
    for (let j = 1; j < rows.length - 3; j++) if (outs[j] !== outs[0]) throw new Error(`${rows[j][0]} and airsign --batch disagree`)
    if (outs[rows.length - 1] !== outs[rows.length - 2] || outs[rows.length - 3] !== outs[rows.length - 2]) throw new Error('the engines disagree')
  }
  nobleMs.push(Number(run(process.execPath, [nobleLoop, String(N)]).out))
}
const rate = (ms) => N / (ms / 1000)
const rates = t.map((ms) => rate(median(ms)))
const rEthers = rates[rows.findIndex(([n]) => n.startsWith('ethers'))]
const rChecked = rates[rows.length - 3]
const rWasm = rates[rows.length - 2]
const rNative = rates[rows.length - 1]
const rn = rate(median(nobleMs))
console.log(`\nsign --batch throughput, ${N} legacy transactions (median of ${RUNS} interleaved runs; Node ${process.version})\n`)
console.log("| signer (whole process) | signatures/s | × ethers | airsign's time × batch engine alone | × OpenSSL engine alone | peak RSS MiB |")
console.log('|---|---:|---:|---:|---:|---:|')
rows.forEach(([name], j) => {
  const own = name.startsWith('airsign') && j !== rows.length - 2 ? [(rWasm / rates[j]).toFixed(2), (rNative / rates[j]).toFixed(2)] : ['', '']
  console.log(`| ${name} | ${rates[j].toFixed(0)} | ${(rates[j] / rEthers).toFixed(2)} | ${own[0]} | ${own[1]} | ${(median(kib[j]) / 1024).toFixed(1)} |`)
})
console.log(`| @noble/curves secp256k1.sign alone (signing time only, in-process, hashes precomputed) | ${rn.toFixed(0)} | ${(rn / rEthers).toFixed(2)} | | | |`)
const batchRate = rates[existsSync(exe) ? 1 : 0]
console.log(`\n- batch ${existsSync(exe) ? '(executable)' : '(bundle)'}: ${(batchRate / rEthers).toFixed(2)}× the ethers loop (target ≥ 1.2: ${batchRate / rEthers >= 1.2 ? 'met' : 'NOT met'}); its time ${(rWasm / batchRate).toFixed(2)}× the batch engine alone (target ≤ 1.25: ${rWasm / batchRate <= 1.25 ? 'met' : 'NOT met'}), ${(rNative / batchRate).toFixed(2)}× the OpenSSL engine alone`)
console.log(`- the engine with its per-signature self-check and nothing else takes ${(rWasm / rChecked).toFixed(2)}× the engine alone: no batch that checks each signature with it can be faster`)

// Memory as the input grows.
const mem = (path, args, runs = RUNS) => median(Array.from({ length: runs }, () => run(process.execPath, [bundle, 'sign', '--batch', ...args], path).kib)) / 1024
const m1k = mem(inputs[1000], [])
const m8k = mem(inputs[8000], [])
const m8kExe = existsSync(exe) ? median(Array.from({ length: RUNS }, () => run(exe, ['sign', '--batch'], inputs[8000]).kib)) / 1024 : NaN
const b100k = mem(bad[100000], ['--keep-going', '--json'])
const b1m = mem(bad[1000000], ['--keep-going', '--json'])
const b3m = mem(bad[3000000], ['--keep-going', '--json'], 1) // ~20 s a run: once
console.log('\nsign --batch peak RSS as the input grows (median)\n')
console.log('| input | peak RSS MiB | × the small input |')
console.log('|---|---:|---:|')
console.log(`| 1 000 signed lines | ${m1k.toFixed(1)} | 1.00 |`)
console.log(`| 8 000 signed lines | ${m8k.toFixed(1)} | ${(m8k / m1k).toFixed(2)} |`)
console.log(`| 8 000 signed lines, executable | ${m8kExe.toFixed(1)} | ${(m8kExe / m1k).toFixed(2)} |`)
console.log(`| 100 000 refused lines (--keep-going --json) | ${b100k.toFixed(1)} | 1.00 |`)
console.log(`| 1 000 000 refused lines (--keep-going --json) | ${b1m.toFixed(1)} | ${(b1m / b100k).toFixed(2)} |`)
console.log(`| 3 000 000 refused lines (--keep-going --json), one run | ${b3m.toFixed(1)} | ${(b3m / b100k).toFixed(2)} (× 1M: ${(b3m / b1m).toFixed(2)}) |`)
console.log('\n(The live JS heap stays at a few MiB however long the input, see node --trace-gc; RSS rises until V8\'s young generation reaches its maximum size, then stays.)')
rmSync(tmp, { recursive: true, force: true })
