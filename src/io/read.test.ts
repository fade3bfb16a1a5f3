import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { readLines } from './read.js'

async function lines(chunks: string[], cap = 100): Promise<[number, string][]> {
  const out: [number, string][] = []
  for await (const { line, bytes } of readLines(Readable.from(chunks.map((c) => Buffer.from(c))), cap, 'input')) out.push([line, Buffer.from(bytes).toString()])
  return out
}

describe('readLines', () => {
  test('lines across chunk boundaries, CRLF, empty lines, a last line without newline', async () => {
    expect(await lines(['ab', 'c\r\nd', 'e\n', '\nf'])).toEqual([[1, 'abc'], [2, 'de'], [3, ''], [4, 'f']])
    expect(await lines(['x\n'])).toEqual([[1, 'x']])
    expect(await lines([])).toEqual([])
  })

  test('a line above the cap is INPUT_TOO_LARGE naming the line, also when it never ends', async () => {
    await expect(lines(['ok\n', 'y'.repeat(60), 'y'.repeat(60), '\n'])).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE', message: 'input: line 2 is larger than 100 bytes' })
    await expect(lines(['ok\n' + 'z'.repeat(101) + '\n'])).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE', message: 'input: line 2 is larger than 100 bytes' })
    expect(await lines(['a'.repeat(100) + '\n'])).toEqual([[1, 'a'.repeat(100)]])
  })
})
