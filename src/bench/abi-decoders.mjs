// ABI decoders compared, to decide between a well-kept library and airsign's own src/abi:
//   (a) strictness: how many of a fixed set of non-canonical inputs each refuses;
//   (b) size: esbuild-minified (and gzipped) bundle of a tiny entry that imports only the decoder;
//   (c) start-up: a fresh `node` (env -i PATH=$PATH) that loads that bundle and decodes one call,
//       median of N interleaved runs, as a ratio to `node -e 0` measured in the same run.
//
//   node src/bench/abi-decoders.mjs [--runs N]
//
// viem and ethers come from this project's devDependencies. micro-eth-signer is no dependency:
// install it in a scratch directory (ABI_MEASURE_DIR, default /tmp/abi-measure); without it its
// row is skipped. Nothing is written to disk: bundles stay in memory and reach each `node` on stdin.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 21
const MEASURE = process.env.ABI_MEASURE_DIR ?? '/tmp/abi-measure'
const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version

// Each entry exports decode(types, hex): the decoded values, or a throw when the decoder refuses.
// ethers defers some errors to the moment a value is read: toArray(true) reads every value.
const CANDIDATES = [
  {
    name: 'airsign src/abi',
    dir: root,
    entry: `import { decode as d } from ${JSON.stringify(join(root, 'src/abi/decode.ts'))}
import { parseType } from ${JSON.stringify(join(root, 'src/abi/types.ts'))}
export function decode(types, hex) {
  const data = Uint8Array.from(hex.slice(2).match(/../g) ?? [], (b) => parseInt(b, 16))
  const r = d(types.map((t) => ({ name: '', type: parseType(t) })), data)
  if (r.values === null) throw new Error(r.issues[0].reason)
  return r.values
}`,
  },
  {
    name: 'viem',
    pkg: 'viem',
    dir: root,
    entry: `import { decodeAbiParameters } from 'viem'
export function decode(types, hex) { return decodeAbiParameters(types.map((type) => ({ type })), hex) }`,
  },
  {
    name: 'ethers',
    pkg: 'ethers',
    dir: root,
    entry: `import { AbiCoder } from 'ethers'
export function decode(types, hex) { return AbiCoder.defaultAbiCoder().decode(types, hex).toArray(true) }`,
  },
  {
    name: 'micro-eth-signer',
    pkg: 'micro-eth-signer',
    dir: MEASURE,
    entry: `import { createContract } from 'micro-eth-signer/abi.js'
export function decode(types, hex) {
  const c = createContract([{ type: 'function', name: 'f', inputs: [], outputs: types.map((type) => ({ type })) }])
  return c.f.decodeOutput(Uint8Array.from(hex.slice(2).match(/../g) ?? [], (b) => parseInt(b, 16)))
}`,
  },
]

const w = (x) => BigInt.asUintN(256, BigInt(x)).toString(16).padStart(64, '0')
const pad = (hex) => hex.padEnd(Math.ceil(hex.length / 64) * 64, '0')
const bomb = (levels) => {
  let hex = w(32)
  for (let i = 1; i < levels; i++) hex += w(2) + w(64) + w(64)
  return hex + w(1) + w(42)
}

// The fixed set: each input is not the canonical encoding of any value of its types.
const INPUTS = [
  ['address, upper 12 bytes ff', ['address'], 'ff'.repeat(12) + '11'.repeat(20)],
  ['uint8, word 0x0101', ['uint8'], w(0x101)],
  ['uint8, bit 255 set', ['uint8'], w(1n << 255n | 1n)],
  ['int8, word 0x80 (no sign extension)', ['int8'], w(0x80)],
  ['int16, word -2^16', ['int16'], w(-(1n << 16n))],
  ['bool, word 2', ['bool'], w(2)],
  ['bytes4, dirty low bytes', ['bytes4'], '12345678' + '00'.repeat(27) + '01'],
  ['bytes, dirty padding', ['bytes'], w(32) + w(1) + 'ab' + '00'.repeat(30) + '01'],
  ['bytes, padding cut off', ['bytes'], w(32) + w(1) + 'ab'],
  ['uint256 + 6 trailing bytes', ['uint256'], w(5) + 'aabbccddeeff'],
  ['uint256 + one zero word', ['uint256'], w(5) + w(0)],
  ['string, invalid UTF-8 ff fe', ['string'], w(32) + w(2) + pad('fffe')],
  ['two strings, one offset (aliased)', ['string', 'string'], w(64) + w(64) + w(3) + pad('616263')],
  ['string offset skips a word (gap)', ['string'], w(64) + w(0) + w(1) + pad('61')],
  ['string offset 0, into the head', ['uint256', 'string'], w(32) + w(0)],
  ['offset word, bit 64 set', ['string'], w((1n << 64n) | 32n) + w(0)],
  ['length word, bit 255 set', ['bytes'], w(32) + w((1n << 255n) | 1n) + pad('aa')],
  ['uint256[] length 2^32, no data', ['uint256[]'], w(32) + w(1n << 32n)],
  ['uint256[][] inner offset 0 (self)', ['uint256[][]'], w(32) + w(1) + w(0)],
  ['2 KB alias bomb, 2^20 arrays', ['uint256' + '[]'.repeat(21)], bomb(21)],
]
// A canonical control: every decoder must accept it (else its count of refusals means nothing).
const CANONICAL = [['uint8', 'string', 'address[]'], w(7) + w(96) + w(160) + w(3) + pad('616263') + w(1) + w(0x11)]
// The call decoded at start-up: approve(address,uint256) arguments.
const CALL = [['address', 'uint256'], '0x' + w(0x1111) + w((1n << 256n) - 1n)]

async function bundle(c) {
  const r = await build({
    stdin: { contents: c.entry, resolveDir: c.dir, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
  })
  return r.outputFiles[0].text
}

/** Load a CommonJS bundle in this process (for the strictness probes). */
function load(code, dir) {
  const module = { exports: {} }
  new Function('module', 'exports', 'require', code)(module, module.exports, createRequire(join(dir, 'package.json')))
  return module.exports
}

const env = { PATH: process.env.PATH ?? '' }
function timeOne(args, input) {
  const t = process.hrtime.bigint()
  const p = spawnSync(process.execPath, args, { input, env, encoding: 'utf8' })
  const ms = Number(process.hrtime.bigint() - t) / 1e6
  if (p.status !== 0) throw new Error(`${args.join(' ')} failed: ${p.stderr}`)
  return { ms, out: p.stdout }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]

const rows = []
for (const c of CANDIDATES) {
  if (c.pkg && !existsSync(join(c.dir, 'node_modules', c.pkg, 'package.json'))) {
    console.log(`${c.name}: not installed in ${c.dir}; skipped. To measure it:\n  mkdir -p ${c.dir} && npm install --prefix ${c.dir} --no-audit --no-fund ${c.pkg}@0.20.1\n`)
    continue
  }
  const code = await bundle(c)
  const lib = load(code, c.dir)
  const refused = INPUTS.map(([, types, hex]) => {
    try {
      lib.decode(types, '0x' + hex)
      return false
    } catch {
      return true
    }
  })
  let canonicalOk = true
  try {
    lib.decode(CANONICAL[0], '0x' + CANONICAL[1])
  } catch {
    canonicalOk = false
  }
  const label = c.pkg ? `${c.name} ${version(join(c.dir, 'node_modules', c.pkg))}` : c.name
  rows.push({ label, code, refused, canonicalOk, size: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length, times: [] })
}

// Start-up: node reads the bundle from stdin, decodes the call and prints one value; interleaved runs.
// The bundle is wrapped the way require() wraps a file, so its top-level names stay its own.
const startScript = (code) =>
  `const m = { exports: {} };\n(function (module, exports) {\n${code}\n})(m, m.exports);\nprocess.stdout.write(String(m.exports.decode(${JSON.stringify(CALL[0])}, ${JSON.stringify(CALL[1])})[1]) + '\\n')`
const floor = []
const floorStdin = []
for (let i = 0; i < RUNS; i++) {
  floor.push(timeOne(['-e', '0']).ms)
  floorStdin.push(timeOne(['-'], '0').ms)
  for (const r of rows) {
    const { ms, out } = timeOne(['-'], startScript(r.code))
    if (out.trim() !== String((1n << 256n) - 1n)) throw new Error(`${r.label} decoded ${out}`)
    r.times.push(ms)
  }
}
const base = median(floor)

const col = (s, n) => String(s).padEnd(n)
const num = (s, n) => String(s).padStart(n)
console.log(`Node ${process.version}, ${RUNS} runs each, env -i PATH=$PATH; node -e 0: ${base.toFixed(1)} ms (empty script on stdin: ${median(floorStdin).toFixed(1)} ms)\n`)
console.log(`${col('decoder', 26)}${num('refuses', 9)}${num('canonical', 11)}${num('min bytes', 11)}${num('gzip', 9)}${num('start ms', 10)}${num('× node -e 0', 13)}`)
for (const r of rows) {
  const m = median(r.times)
  console.log(
    `${col(r.label, 26)}${num(`${r.refused.filter(Boolean).length}/${INPUTS.length}`, 9)}${num(r.canonicalOk ? 'ok' : 'REFUSED', 11)}${num(r.size, 11)}${num(r.gzip, 9)}${num(m.toFixed(1), 10)}${num((m / base).toFixed(2), 13)}`,
  )
}
console.log(`\n${col('input', 40)}${rows.map((r) => num(r.label.split(' ')[0], 18)).join('')}`)
INPUTS.forEach(([name], i) => console.log(`${col(name, 40)}${rows.map((r) => num(r.refused[i] ? 'refuses' : 'accepts', 18)).join('')}`))
