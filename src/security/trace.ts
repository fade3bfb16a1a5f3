/**
 * Test support: run a program under `strace -f` and check its system calls for
 * anything that talks to a network, writes the file system, or starts another
 * program. Used by strace.test.ts on the built bin/airsign, and on deliberately
 * bad scripts to prove that the checker can fail.
 *
 * Test-only code (spawns processes, writes the trace to a temp file): never
 * part of the bundle (bundle-audit.test.ts proves it).
 * @module
 */
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Whether strace can run here (CI installs it: .ci/run). */
export function straceAvailable(): boolean {
  const r = spawnSync('strace', ['-f', '-qq', '-o', '/dev/null', 'true'], { stdio: 'ignore' })
  return r.status === 0
}

/**
 * What strace records. %network and %file are the classes of system calls that
 * take a socket or a file name; the rest are calls on descriptors that change
 * a file (ftruncate, fallocate), make one (memfd_create), or bypass strace
 * altogether (io_uring: libuv can submit file operations through a ring, which
 * strace would not see as openat; the checker refuses a ring so that the trace
 * is known to be complete).
 */
export const TRACE_SET = '%network,%file,ftruncate,fallocate,memfd_create,io_uring_setup,io_uring_enter,io_uring_register'

export type Traced = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; trace: string }

/**
 * Run `argv` under `strace -f`, the trace written to a temp file (strace
 * writes it, not the traced program). The child is detached (a new session: no
 * controlling terminal). Its stdin, stdout, stderr and extra descriptors are
 * regular files that the test writes and reads (the shell's `airsign <in >out`),
 * not Node's stdio "pipes": libuv makes those with socketpair(), and Node then
 * inspects them with getsockname/getsockopt, which would blur the rule "no
 * network system call at all". The temp directory is removed afterwards.
 */
export function traced(
  argv: string[],
  opts: { stdin?: string | Uint8Array; env?: Record<string, string>; cwd?: string; extraFds?: (string | Uint8Array)[]; timeoutMs?: number } = {},
): Promise<Traced> {
  const dir = mkdtempSync(join(tmpdir(), 'airsign-strace-'))
  const out = join(dir, 'trace')
  const file = (name: string, data: string | Uint8Array): number => {
    writeFileSync(join(dir, name), data)
    return openSync(join(dir, name), 'r')
  }
  const fds = [file('stdin', opts.stdin ?? ''), openSync(join(dir, 'stdout'), 'w'), openSync(join(dir, 'stderr'), 'w'), ...(opts.extraFds ?? []).map((d, i) => file(`fd${3 + i}`, d))]
  const cleanup = (): void => {
    for (const fd of fds) closeSync(fd)
    rmSync(dir, { recursive: true, force: true })
  }
  return new Promise((resolve, reject) => {
    // -s 4096: whole path names; -qq: no attach/exit chatter; -e signal=none: no signal lines.
    const p = spawn('strace', ['-f', '-qq', '-s', '4096', '-e', 'signal=none', '-e', `trace=${TRACE_SET}`, '-o', out, ...argv], {
      stdio: fds,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LC_ALL: 'C', ...opts.env },
      cwd: opts.cwd,
      detached: true,
    })
    const timer = setTimeout(() => p.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
    p.on('error', (e) => {
      clearTimeout(timer)
      cleanup()
      reject(e)
    })
    p.on('close', (code, signal) => {
      clearTimeout(timer)
      try {
        const read = (name: string): string => readFileSync(join(dir, name), 'utf8')
        resolve({ code, signal, stdout: read('stdout'), stderr: read('stderr'), trace: read('trace') })
      } catch (e) {
        reject(e)
      } finally {
        cleanup()
      }
    })
  })
}

/**
 * Devices a read-write open of which is no file write:
 * - /dev/tty: airsign's hidden prompt opens the controlling terminal read-write
 *   (it writes the prompt there and reads the answer; src/io/tty.ts). Without a
 *   terminal the open fails with ENXIO, which the trace still shows.
 * - /dev/pts/N: the same terminal under its pseudo-terminal name.
 * - /dev/null: Node opens it read-write in place of a missing stdin/stdout/stderr
 *   descriptor at start-up; writes to it go nowhere.
 */
const WRITE_OPEN_EXEMPT = [/^\/dev\/tty$/, /^\/dev\/pts\/[0-9]+$/, /^\/dev\/null$/]

const WRITE_FLAGS = /\bO_(WRONLY|RDWR|CREAT|TRUNC|APPEND|TMPFILE)\b/

/** System calls that change the file system whatever their arguments. */
const FS_CHANGE = new Set([
  'creat', 'rename', 'renameat', 'renameat2', 'unlink', 'unlinkat', 'rmdir', 'mkdir', 'mkdirat', 'mknod', 'mknodat',
  'truncate', 'ftruncate', 'fallocate', 'symlink', 'symlinkat', 'link', 'linkat',
  // metadata writes: a program that writes no file has no reason to change one's mode, owner or times
  'chmod', 'fchmod', 'fchmodat', 'fchmodat2', 'chown', 'fchown', 'lchown', 'fchownat', 'utime', 'utimes', 'utimensat', 'futimesat',
  'setxattr', 'lsetxattr', 'fsetxattr', 'removexattr', 'lremovexattr', 'fremovexattr',
  'memfd_create', 'io_uring_setup', 'io_uring_enter', 'io_uring_register',
])

/**
 * System calls of the %network class (strace 6.1), every one refused: airsign
 * has no use for a socket of any kind (not even a local socketpair).
 */
const NETWORK = new Set([
  'socket', 'socketpair', 'connect', 'bind', 'listen', 'accept', 'accept4', 'sendto', 'sendmsg', 'sendmmsg',
  'recvfrom', 'recvmsg', 'recvmmsg', 'getsockname', 'getpeername', 'getsockopt', 'setsockopt', 'shutdown',
])

export type Violation = { line: string; why: string }

/**
 * Check an `strace -f` trace. Refused: any network system call; any open,
 * openat or openat2 with a write, create, truncate or append flag (whether it
 * succeeded or not: the attempt is the bug), except the exempt terminal
 * devices; any call that creates, removes, renames, links, truncates or
 * re-labels a file; starting a program (an execve after the first); an
 * io_uring (a blind spot of strace).
 * @param trace - the text strace wrote with -f
 * @returns the offending lines, empty when the program stayed offline and wrote nothing
 */
export function checkTrace(trace: string): Violation[] {
  const out: Violation[] = []
  let execs = 0
  for (const line of trace.split('\n')) {
    // "PID name(args…) = result", or "PID <... name resumed> …" for a call interrupted by another thread's.
    const m = /^(?:\[pid\s+)?\d+\]?\s+(?:<\.\.\. ([a-z0-9_]+) resumed>|([a-z0-9_]+)\()/.exec(line)
    if (!m) continue
    if (m[1]) continue // the arguments were on the "unfinished" line, already checked
    const name = m[2]!
    if (NETWORK.has(name)) out.push({ line, why: `network system call ${name}` })
    else if (FS_CHANGE.has(name)) out.push({ line, why: `${name} changes the file system (or hides from strace)` })
    else if (name === 'open' || name === 'openat' || name === 'openat2') {
      const path = /"((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? ''
      if (WRITE_FLAGS.test(line) && !WRITE_OPEN_EXEMPT.some((re) => re.test(path))) out.push({ line, why: `${name} for writing: ${path}` })
    } else if (name === 'execve' || name === 'execveat') {
      if (++execs > 1) out.push({ line, why: 'starts another program' })
    }
  }
  return out
}

/**
 * Evidence that a trace is real: the program was started and file system
 * calls were recorded (an empty trace would pass checkTrace vacuously).
 * @param file - a file the program is known to open (e.g. the bundle)
 */
export function traceSawOpen(trace: string, file: string): boolean {
  return trace.split('\n').some((l) => /\bopenat?2?\(/.test(l) && l.includes(`"${file}"`))
}
