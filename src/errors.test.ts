import { describe, expect, test } from 'vitest'
import { AirsignError, EXIT, toAirsignError } from './errors.js'

describe('errors', () => {
  test('every code maps to a documented exit status', () => {
    for (const status of Object.values(EXIT)) expect([1, 2, 3, 4, 5, 70]).toContain(status)
  })

  test('the exit statuses of the issue-2 codes are pinned (changing one is a breaking change)', () => {
    expect({
      VERIFY_MISMATCH: EXIT.VERIFY_MISMATCH,
      VECTORS_FAILED: EXIT.VECTORS_FAILED,
      USAGE: EXIT.USAGE,
      NO_SECRET_SOURCE: EXIT.NO_SECRET_SOURCE,
      BAD_HEX: EXIT.BAD_HEX,
      CHAIN_ID_MISMATCH: EXIT.CHAIN_ID_MISMATCH,
      CHAIN_ID_MISSING: EXIT.CHAIN_ID_MISSING,
      MNEMONIC_WORD_COUNT: EXIT.MNEMONIC_WORD_COUNT,
      MNEMONIC_UNKNOWN_WORD: EXIT.MNEMONIC_UNKNOWN_WORD,
      MNEMONIC_CHECKSUM: EXIT.MNEMONIC_CHECKSUM,
      PATH_SYNTAX: EXIT.PATH_SYNTAX,
      TX_DECODE: EXIT.TX_DECODE,
      TX_SIGNED: EXIT.TX_SIGNED,
      READ_FAILED: EXIT.READ_FAILED,
      CANCELLED: EXIT.CANCELLED,
      WRITE_FAILED: EXIT.WRITE_FAILED,
      INTERNAL: EXIT.INTERNAL,
    }).toEqual({
      VERIFY_MISMATCH: 1,
      VECTORS_FAILED: 1,
      USAGE: 2,
      NO_SECRET_SOURCE: 2,
      BAD_HEX: 3,
      CHAIN_ID_MISMATCH: 3,
      CHAIN_ID_MISSING: 3,
      MNEMONIC_WORD_COUNT: 3,
      MNEMONIC_UNKNOWN_WORD: 3,
      MNEMONIC_CHECKSUM: 3,
      PATH_SYNTAX: 3,
      TX_DECODE: 3,
      TX_SIGNED: 3,
      READ_FAILED: 4,
      CANCELLED: 4,
      WRITE_FAILED: 4,
      INTERNAL: 70,
    })
  })

  test('AirsignError carries code, hints and exit status', () => {
    const e = new AirsignError('PATH_SYNTAX', 'bad', { hints: ['h'] })
    expect([e.code, e.message, e.hints, e.exitCode, e.name]).toEqual(['PATH_SYNTAX', 'bad', ['h'], 3, 'AirsignError'])
  })

  test('a foreign error becomes INTERNAL without copying its message (it may quote input)', () => {
    const e = toAirsignError(new Error('Unknown word: abandon'))
    expect(e.code).toBe('INTERNAL')
    expect(e.exitCode).toBe(70)
    expect(e.message).not.toContain('abandon')
    const own = new AirsignError('TX_DECODE', 'x')
    expect(toAirsignError(own)).toBe(own)
  })
})
