import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
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
