/**
 * Test support: compile the end-to-end suites' Solidity contracts with the npm
 * `solc` package (the emscripten build of the compiler, in-process, offline:
 * no compiler download, no import callback that reaches outside the given
 * sources). Memoised per process, and on disk under /tmp keyed by the sha256
 * of the compiler version and the exact standard-JSON input, so a second run
 * of a suite does not pay the compile again.
 * @module
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import type { Hex } from './anvil.js'

type Solc = { compile(input: string): string; version(): string }

/** One compiled contract: its ABI (JSON) and creation bytecode (no constructor arguments). */
export type Artifact = { abi: AbiItem[]; bytecode: Hex; deployedBytecode: Hex }
export type AbiItem = { type: string; name?: string; inputs?: { name: string; type: string; indexed?: boolean }[]; [k: string]: unknown }

let compiler: Solc | undefined
const memo = new Map<string, Record<string, Artifact>>()

/** The solc version string, e.g. `0.8.37+commit.f401782d.Emscripten.clang`. */
export function solcVersion(): string {
  compiler ??= createRequire(import.meta.url)('solc') as Solc
  return compiler.version()
}

/**
 * Compile Solidity files (paths; each compiled under its base name) with the
 * optimizer on (200 runs), EVM version `cancun`.
 * @returns every contract of every file by name; throws on any compiler error
 */
export function compile(files: readonly string[]): Record<string, Artifact> {
  const sources: Record<string, { content: string }> = {}
  for (const f of files) sources[basename(f)] = { content: readFileSync(f, 'utf8') }
  const input = JSON.stringify({
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  })
  const version = solcVersion()
  const key = createHash('sha256').update(version).update('\0').update(input).digest('hex')
  const hit = memo.get(key)
  if (hit) return hit
  const cacheDir = join(tmpdir(), 'airsign-solc-cache')
  const cacheFile = join(cacheDir, `${key}.json`)
  let out: Record<string, Artifact> | undefined
  try {
    out = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, Artifact>
  } catch {
    out = undefined
  }
  if (!out) {
    const res = JSON.parse(compiler!.compile(input)) as {
      errors?: { severity: string; formattedMessage: string }[]
      contracts?: Record<string, Record<string, { abi: AbiItem[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>>
    }
    const errors = (res.errors ?? []).filter((e) => e.severity === 'error')
    if (errors.length) throw new Error(`solc ${version}:\n${errors.map((e) => e.formattedMessage).join('\n')}`)
    out = {}
    for (const file of Object.values(res.contracts ?? {}))
      for (const [name, c] of Object.entries(file)) {
        if (out[name]) throw new Error(`two contracts named ${name}`)
        out[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}`, deployedBytecode: `0x${c.evm.deployedBytecode.object}` }
      }
    mkdirSync(cacheDir, { recursive: true })
    const tmp = `${cacheFile}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(out))
    renameSync(tmp, cacheFile)
  }
  memo.set(key, out)
  return out
}
