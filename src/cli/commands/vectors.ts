/**
 * `airsign vectors [FILE…]`: run the built-in known-answer tests, or a user's
 * vector files. Ends with `N passed, M failed`; exit 1 on any failure.
 * @module
 */
import type { Argv } from 'yargs'
import { AirsignError } from '../../errors.js'
import type { Io } from '../../io/io.js'
import { CAP, decodeUtf8, readPath } from '../../io/read.js'

type Args = { files?: string[]; json?: boolean; verbose?: boolean }

export function builder(y: Argv): Argv<Args> {
  return y
    .positional('files', { type: 'string', array: true, describe: 'vector files (the formats of test-vectors/README.md: BIP-39, BIP-32, EIP-155, EIP-712, EIP-191, Safe, airsign)' })
    .option('verbose', { type: 'boolean', describe: 'list every case on stderr' }) as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  const vectors = await import('../../vectors.js')
  const suites: { name: string; data: unknown }[] = []
  if (args.files && args.files.length > 0) {
    for (const f of args.files) {
      const text = decodeUtf8(await readPath(f, CAP.input, 'vector file'), 'vector file')
      let data: unknown
      try {
        data = JSON.parse(text)
      } catch {
        throw new AirsignError('VECTOR_FILE', `${f}: not valid JSON`)
      }
      suites.push({ name: f, data })
    }
  } else {
    suites.push(...vectors.builtIn())
  }
  let passed = 0
  let failed = 0
  for (const s of suites) {
    for (const r of await vectors.run(s.name, s.data)) {
      if (r.ok) passed++
      else failed++
      if (!r.ok || args.verbose) io.stderr.write(`${r.ok ? 'ok' : 'FAIL'} ${r.name}${r.ok ? '' : `: ${r.detail}`}\n`)
    }
  }
  io.stdout.write(args.json ? JSON.stringify({ passed, failed }) + '\n' : `${passed} passed, ${failed} failed\n`)
  return failed > 0 ? 1 : 0
}
