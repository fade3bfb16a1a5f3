/**
 * Test support: Foundry's `cast` (the devDependency `@foundry-rs/cast-linux-amd64`)
 * as a subprocess, offline. Every call gives cast every field it would otherwise
 * ask a node for (chain, nonce, gas limit, fees), and none gives `--rpc-url`:
 * the strace test in src/e2e/cast.test.ts proves these calls open no socket.
 * The environment is PATH alone (no ETH_RPC_URL, ETH_FROM, CHAIN … from the
 * shell), and HOME a fresh empty directory, so no ~/.foundry config applies. cast
 * runs in that directory too: in a project's directory (a git root like this
 * repository) it loads Foundry's project configuration (foundry.toml, remappings
 * found by scanning node_modules: ~2000 files, 15 ms), which a project's
 * foundry.toml could even change.
 * @module
 */
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CAST } from './anvil.js'
import type { Run } from './cli.js'

/** An empty HOME for every cast process of this test process. */
export const CAST_HOME = mkdtempSync(join(tmpdir(), 'airsign-cast-home-'))

/** The environment cast runs in: nothing from the shell but PATH. */
export const castEnv = (): Record<string, string> => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: CAST_HOME, NO_COLOR: '1' })

/**
 * Run cast with these arguments (no shell), stdin closed. A process killed by a
 * signal (cast's panics abort: SIGABRT) gets the status a shell shows, 128 + signal.
 * @param prefix - run it under another program (strace …): its argv before cast's
 */
export function runCast(args: readonly string[], opts: { prefix?: readonly string[]; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const [cmd, ...rest] = [...(opts.prefix ?? []), CAST, ...args]
    const p = spawn(cmd!, rest, { stdio: ['pipe', 'pipe', 'pipe'], env: castEnv(), cwd: CAST_HOME })
    let stdout = ''
    let stderr = ''
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    p.on('error', reject).on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 + constants.signals[signal] : null), stdout, stderr }))
    p.stdin.on('error', () => {})
    p.stdin.end(opts.stdin ?? '')
  })
}

/** Run cast and return its stdout; throw with its stderr unless it exits 0. */
export async function castOut(args: readonly string[]): Promise<string> {
  const r = await runCast(args)
  if (r.code !== 0) throw new Error(`cast ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
  return r.stdout
}

/**
 * `cast decode-transaction` prints its JSON as a JSON string (the object's text,
 * quoted and escaped: "{\n  \"signer\": …}"); this reads both layers.
 */
export function parseCastDecode(stdout: string): Record<string, unknown> {
  const outer: unknown = JSON.parse(stdout)
  return (typeof outer === 'string' ? JSON.parse(outer) : outer) as Record<string, unknown>
}

/** Run `fns` with at most `width` in flight (2 cores: processes, not threads, are the cost). */
export async function pool<T>(fns: readonly (() => Promise<T>)[], width = 4): Promise<T[]> {
  const out: T[] = new Array(fns.length)
  let next = 0
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++
      if (i >= fns.length) return
      out[i] = await fns[i]!()
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, fns.length) }, worker))
  return out
}
