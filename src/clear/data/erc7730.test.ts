import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { brotliDecompressSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { AirsignError } from '../../errors.js'
import { manifest, shippedBytes, shippedFiles, splitSnapshot } from './erc7730.js'

const DIR = new URL('./erc7730/', import.meta.url)
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

describe('the shipped ERC-7730 snapshot', () => {
  const m = manifest()

  test('the manifest names the source, its commit and licence', () => {
    expect(m.source).toEqual({
      repository: 'ethereum/clear-signing-erc7730-registry',
      url: 'https://github.com/ethereum/clear-signing-erc7730-registry',
      commit: '3b66ba289cd3988ea791346629445f9ab6ae86f3',
      licence: 'CC0-1.0',
      licenceFile: { path: 'LICENSE.md', sha256: sha256(readFileSync(new URL('LICENSE.md', DIR))) },
    })
    expect(readFileSync(new URL('LICENSE.md', DIR), 'utf8')).toContain('CC0 1.0 Universal')
  })

  test('lists exactly the files shipped: 365 descriptors under ercs/ and registry/<entity>/', () => {
    const onDisk = (readdirSync(DIR, { recursive: true }) as string[])
      .map((f) => f.split('\\').join('/'))
      .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
      .sort()
    expect(m.files.map((f) => f.path)).toEqual(onDisk)
    expect(onDisk).toHaveLength(365)
    expect(onDisk.filter((f) => f.startsWith('ercs/'))).toHaveLength(6)
    expect(onDisk.every((f) => /^(ercs\/[^/]+|registry\/[^/]+\/(calldata|eip712|common)-[^/]+)\.json$/.test(f) || /^registry\/[^/]+\/[^/]+\.json$/.test(f))).toBe(true)
    expect(onDisk.some((f) => /\/(tests|testsv2|sigs)\//.test(f))).toBe(false)
  })

  test('every sha256 and size of the manifest is recomputed from the shipped bytes', () => {
    for (const f of m.files) {
      const b = readFileSync(new URL(f.path, DIR))
      expect([f.path, b.length, sha256(b)]).toEqual([f.path, f.size, f.sha256])
    }
  })

  test('the loader gives the same bytes and parses all 365', () => {
    const bytes = shippedBytes()
    expect(bytes.size).toBe(365)
    for (const f of m.files) expect(sha256(bytes.get(f.path)!)).toBe(f.sha256)
    const files = shippedFiles()
    expect(files.size).toBe(365)
    expect((files.get('ercs/calldata-erc20-tokens.json') as { $schema: string }).$schema).toBe('../specs/erc7730-v2.schema.json')
  })

  test('one changed byte, or a missing one, is refused with DESCRIPTOR_SNAPSHOT naming the file', () => {
    const blob = Buffer.concat(m.files.map((f) => readFileSync(new URL(f.path, DIR))))
    const at = m.files[0]!.size + 10
    const bad = Uint8Array.from(blob)
    bad[at] = bad[at]! ^ 1
    const err = (() => {
      try {
        splitSnapshot(m, bad)
      } catch (e) {
        return e as AirsignError
      }
      return null
    })()
    expect(err?.code).toBe('DESCRIPTOR_SNAPSHOT')
    expect(err?.message).toContain(m.files[1]!.path)
    expect(() => splitSnapshot(m, blob.subarray(1))).toThrow(/bytes, the manifest lists/)
    expect(splitSnapshot(m, blob).size).toBe(365)
  })
})

describe('the snapshot in the built review module (dist/airsign-review.cjs, built by the global setup with the bundle)', () => {
  const BUNDLE_PATH = fileURLToPath(new URL('../../../dist/airsign.cjs', import.meta.url))
  const bundle = readFileSync(fileURLToPath(new URL('../../../dist/airsign-review.cjs', import.meta.url)), 'utf8')
  const m = manifest()

  test('the bundle itself carries no part of it (a plain transfer reads only the bundle)', () => {
    const main = readFileSync(BUNDLE_PATH, 'utf8')
    expect([...main.matchAll(/"([A-Za-z0-9+/]{20000,}={0,2})"/g)]).toHaveLength(0)
    expect(main).not.toContain('snapshotBlob')
  })

  test('carries the files brotli-compressed as one base64 literal, and it unpacks to exactly the shipped bytes', () => {
    const literals = [...bundle.matchAll(/"([A-Za-z0-9+/]{20000,}={0,2})"/g)].map((x) => x[1]!)
    expect(literals).toHaveLength(1)
    const raw = brotliDecompressSync(Buffer.from(literals[0]!, 'base64'))
    const nl = raw.indexOf(10)
    const n = Number(raw.subarray(0, nl).toString('latin1'))
    const packedManifest = JSON.parse(raw.subarray(nl + 1, nl + 1 + n).toString('utf8'))
    expect(packedManifest).toEqual(JSON.parse(readFileSync(new URL('manifest.json', DIR), 'utf8')))
    const blob = raw.subarray(nl + 1 + n)
    expect(blob.equals(Buffer.concat(m.files.map((f) => readFileSync(new URL(f.path, DIR)))))).toBe(true)
    // Compressed: far below the ~1.3 MB of the files (and of their minified JSON).
    expect(literals[0]!.length).toBeLessThan(130_000)
    // The JSON of the descriptors is not in the bundle as text or code.
    expect(bundle).not.toContain('Uniswap Labs')
  })

  test("decompresses only when asked; then the bundle's own loader checks all 365 sha256", () => {
    // Load the bundle as .ci/code-cache.cjs does (argv --version), sign a plain ETH transfer,
    // then ask the internal export for the snapshot.
    const script = `
      process.argv = [process.argv[0], 'airsign', '--version']
      process.env.AIRSIGN_MNEMONIC = 'test test test test test test test test test test test junk'
      const b = require(${JSON.stringify(BUNDLE_PATH)})
      const review = b.reviewInternal
      ;(async () => {
        const status = await b.run(['sign', '--tx', '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080'])
        // the review module (and the snapshot in it) is loaded only now: the plain transfer did not
        const s = review().erc7730SnapshotInternal
        const before = s.snapshotLoads()
        const afterSign = s.snapshotLoads()
        const bytes = s.shippedBytes()
        const files = s.shippedFiles()
        s.shippedFiles()
        const sums = {}
        for (const [p, v] of bytes) sums[p] = require('node:crypto').createHash('sha256').update(v).digest('hex')
        process.stderr.write('\\n' + JSON.stringify({ before, status, afterSign, after: s.snapshotLoads(), parsed: files.size, owner: files.get('registry/uniswap/calldata-UniswapV3Router02.json').metadata.owner, sums }) + '\\n')
      })()`
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stderr.trim().split('\n').pop()!)
    expect({ ...out, sums: undefined }).toEqual({ before: 0, status: 0, afterSign: 0, after: 1, parsed: 365, owner: 'Uniswap Labs', sums: undefined })
    expect(out.sums).toEqual(Object.fromEntries(m.files.map((f) => [f.path, f.sha256])))
  })
})
