// `npm run bench`: runs every benchmark script in this folder (*.mjs other than
// this runner), one after the other, each printing its own table.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
let failed = 0
for (const f of readdirSync(here).filter((f) => f.endsWith('.mjs') && f !== 'run.mjs').sort()) {
  if (only.length && !only.some((o) => f.includes(o))) continue
  console.log(`\n## ${f}\n`)
  const r = spawnSync(process.execPath, [join(here, f)], { stdio: 'inherit' })
  if (r.status !== 0) failed++
}
process.exitCode = failed ? 1 : 0
