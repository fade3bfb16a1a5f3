// Build the bundle once before the suite: subprocess tests run the built bin/airsign.
import { execFileSync } from 'node:child_process'
import { ROOT } from './cli.js'

export default function setup(): void {
  execFileSync(process.execPath, ['.ci/build.mjs', '--quiet'], { cwd: ROOT, stdio: 'inherit' })
}
