/**
 * Test helpers: run the built `bin/airsign` as a subprocess with real pipes,
 * and run `main()` in-process with a fake Io.
 * @module
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { PassThrough, Readable } from 'node:stream'
import { main } from '../cli/main.js'
import type { Io, Terminal } from '../io/io.js'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const BIN = fileURLToPath(new URL('../../bin/airsign', import.meta.url))

/** The well-known test mnemonic (Hardhat/Foundry/Anvil). Its account 0 is 0xf39F…2266. */
export const TEST_MNEMONIC = 'test test test test test test test test test test test junk'
export const TEST_ADDRESS_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

export type Run = { code: number | null; stdout: string; stderr: string }

/**
 * Run bin/airsign. The child is detached (no controlling terminal), its stdin
 * is a pipe that gets `opts.stdin` and is closed.
 */
export function runCli(
  args: string[],
  opts: { stdin?: string | Uint8Array; env?: Record<string, string>; cwd?: string; extraFds?: (string | Uint8Array)[] } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const extra = opts.extraFds ?? []
    const p = spawn(process.execPath, [BIN, ...args], {
      stdio: ['pipe', 'pipe', 'pipe', ...extra.map(() => 'pipe' as const)],
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LC_ALL: 'C', ...opts.env },
      cwd: opts.cwd ?? ROOT,
      detached: true,
    })
    let stdout = ''
    let stderr = ''
    p.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    p.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    p.on('error', reject).on('close', (code) => resolve({ code, stdout, stderr }))
    extra.forEach((data, i) => {
      const s = p.stdio[3 + i] as NodeJS.WritableStream
      s.on('error', () => {})
      s.end(data)
    })
    p.stdin!.on('error', () => {})
    p.stdin!.end(opts.stdin ?? '')
  })
}

/** Run main() in-process; the terminal is absent unless given. */
export async function runMain(
  args: string[],
  opts: { stdin?: string; env?: Record<string, string>; terminal?: Terminal | null; stderrIsTTY?: boolean } = {},
): Promise<Run> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
  stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
  const io: Io = {
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    stdout,
    stderr,
    env: opts.env ?? {},
    stderrIsTTY: opts.stderrIsTTY ?? false,
    openTerminal: () => opts.terminal ?? null,
  }
  const code = await main(args, io)
  await new Promise((r) => setImmediate(r))
  return { code, stdout: out, stderr: err }
}

/** The stderr lines `sign` prints for review warnings (the format README documents). */
export function warningLines(ws: readonly { severity: string; code: string; path: string; message: string }[], prefix = ''): string {
  return ws.map((w) => `airsign: ${prefix}${w.severity} ${w.code}${w.path ? ` at ${w.path}` : ''}: ${w.message}\n`).join('')
}

/** The stderr lines of review warnings with --json. */
export function warningJsonLines(ws: readonly { severity: string; code: string; path: string; message: string }[]): string {
  return ws.map((w) => JSON.stringify({ warning: { code: w.code, severity: w.severity, message: w.message, path: w.path } }) + '\n').join('')
}

/**
 * Run a shell command line on a real pseudo-terminal (util-linux script), and type `answer` and
 * Enter once the review asks "sign this? [y/N]". The command redirects what it signs to a file.
 */
export function answerReview(cmd: string, answer: string, env: Record<string, string>): Promise<{ term: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', TERM: 'dumb', ...env } })
    let term = ''
    let sent = false
    p.stdout.setEncoding('utf8').on('data', (d: string) => {
      term += d
      if (!sent && term.includes('sign this? [y/N] ')) {
        sent = true
        p.stdin.write(answer + '\r')
      }
    })
    p.on('error', reject).on('close', (code) => resolve({ term, code }))
  })
}

/**
 * Run a shell command line on a real pseudo-terminal (util-linux script), typing each answer (and
 * Enter) once its hidden prompt is shown: typed-ahead input would be echoed by the line discipline.
 */
export function typeAtPrompts(cmd: string, answers: readonly string[], env: Record<string, string> = {}): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', TERM: 'dumb', ...env } })
    let out = ''
    let sent = 0
    p.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const prompts = out.split('(input hidden').length - 1
      while (sent < prompts && sent < answers.length) p.stdin.write(answers[sent++] + '\r')
    })
    p.on('error', reject).on('close', (code) => resolve({ out, code }))
  })
}
