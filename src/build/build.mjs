// Build the one-file bundle dist/airsign.mjs from src/cli/run.ts (esbuild).
import { build } from 'esbuild'

await build({
  entryPoints: ['src/cli/run.ts'],
  outfile: 'dist/airsign.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'inline',
  logLevel: 'warning',
  // yargs (via y18n, cliui) uses require() for a few Node built-ins.
  banner: { js: "import { createRequire as __airsignRequire } from 'node:module'; const require = __airsignRequire(import.meta.url);" },
})
