// Keystores (Web3 Secret Storage v3) and raw private key files: what is read, and every refusal
// with its code and exact message (none quoting a password, key or the text of a raw key).
import { describe, expect, test } from 'vitest'
import { AirsignError } from '../errors.js'
import { bytesToHex } from '../bytes.js'
import { CURVE_N } from '../sign.js'
import { parsePrivateKeyHex } from './raw.js'

const KEY = '4646464646464646464646464646464646464646464646464646464646464646'
const SHAPE = 'private key: expected 64 hex digits (32 bytes), with or without 0x'
const RANGE = 'private key: not a secp256k1 private key (it must be in 1 … n-1: not 0, not the curve order or above)'

function refusal(text: string): { code: string; message: string; hints: readonly string[] } {
  try {
    parsePrivateKeyHex(text)
  } catch (e) {
    expect(e).toBeInstanceOf(AirsignError)
    const a = e as AirsignError
    return { code: a.code, message: a.message, hints: a.hints }
  }
  throw new Error('accepted')
}

describe('parsePrivateKeyHex', () => {
  test.each([
    ['bare', KEY],
    ['0x', `0x${KEY}`],
    ['0X', `0X${KEY}`],
    ['upper case', KEY.toUpperCase().replace(/^/, '0x')],
    ['trailing newline', `${KEY}\n`],
    ['CRLF and spaces', `  0x${KEY}\r\n`],
    ['tabs and blank lines', `\n\t${KEY}\t\n\n`],
  ])('accepts %s', (_, text) => {
    expect(bytesToHex(parsePrivateKeyHex(text))).toBe(`0x${KEY}`)
  })

  test('accepts 1 and n-1, the ends of the range', () => {
    expect(bytesToHex(parsePrivateKeyHex('00'.repeat(31) + '01'))).toBe(`0x${'00'.repeat(31)}01`)
    const nMinus1 = (CURVE_N - 1n).toString(16)
    expect(bytesToHex(parsePrivateKeyHex(nMinus1))).toBe(`0x${nMinus1}`)
  })

  test.each([
    ['empty', ''],
    ['white space only', ' \n'],
    ['63 digits', KEY.slice(1)],
    ['65 digits', `${KEY}4`],
    ['a non-hex digit', `${KEY.slice(0, 63)}g`],
    ['white space inside', `${KEY.slice(0, 32)} ${KEY.slice(32)}`],
    ['0x only', '0x'],
    ['two 0x', `0x0x${KEY.slice(2)}`],
    ['a sign', `-${KEY.slice(1)}`],
    ['two keys on two lines', `${KEY}\n${KEY}`],
    ['a quoted string', `"${KEY}"`],
  ])('refuses %s with PRIVATE_KEY_INVALID, not quoting it', (_, text) => {
    const r = refusal(text)
    expect(r).toEqual({ code: 'PRIVATE_KEY_INVALID', message: SHAPE, hints: [] })
  })

  test.each([
    ['0', '00'.repeat(32)],
    ['n', CURVE_N.toString(16)],
    ['n+1', (CURVE_N + 1n).toString(16)],
    ['2^256-1', 'ff'.repeat(32)],
  ])('refuses %s (out of range) with PRIVATE_KEY_INVALID', (_, text) => {
    expect(refusal(text)).toEqual({ code: 'PRIVATE_KEY_INVALID', message: RANGE, hints: [] })
  })

  test('a keystore JSON given as a raw key gets a hint, and nothing of it is quoted', () => {
    const r = refusal(`{"version":3,"crypto":{"ciphertext":"${KEY}"}}`)
    expect(r.code).toBe('PRIVATE_KEY_INVALID')
    expect(r.message).toBe(SHAPE)
    expect(r.hints).toEqual(['this looks like JSON: a keystore file is read as a keystore, not as a raw key'])
    expect(JSON.stringify(r)).not.toContain(KEY.slice(0, 8))
  })
})
