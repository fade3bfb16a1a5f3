// UR, bytewords, fountain codes and CBOR against the reference JS implementation
// (@ngraveio/bc-ur, what MetaMask and Keystone use) and node:zlib's CRC-32.
import { crc32 as zlibCrc32 } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { UR, UREncoder, URDecoder } from '@ngraveio/bc-ur'
import { AirsignError } from '../errors.js'
import * as bytewords from './bytewords.js'
import * as cbor from './cbor.js'
import * as ur from './ur.js'

// A seeded generator so that failures reproduce (mulberry32).
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
function randomBytes(n: number, rnd: () => number): Uint8Array {
  return Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256))
}
function codeOf(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    return e instanceof AirsignError ? e.code : `not an AirsignError: ${String(e)}`
  }
  return 'no error'
}

describe('crc32', () => {
  test('equals zlib', () => {
    const rnd = prng(1)
    for (const n of [0, 1, 5, 100, 4097]) {
      const b = randomBytes(n, rnd)
      expect(bytewords.crc32(b)).toBe(zlibCrc32(b))
    }
  })
})

describe('single-part UR', () => {
  test('text equals the reference encoder; the reference decoder reads ours back', () => {
    const rnd = prng(2)
    for (const n of [1, 2, 30, 200, 1000]) {
      const payload = cbor.encode(randomBytes(n, rnd))
      const ours = ur.encode({ type: 'bytes', cbor: payload })
      expect(ours).toEqual([UREncoder.encodeSinglePart(new UR(Buffer.from(payload), 'bytes'))])
      expect(new Uint8Array(URDecoder.decode(ours[0]!).cbor)).toEqual(payload)
    }
  })
  test('upper case reads the same; damage is refused', () => {
    const payload = cbor.encode('hello')
    const [text] = ur.encode({ type: 'bytes', cbor: payload })
    const r = ur.createReader('bytes')
    r.add(text!.toUpperCase())
    expect(r.result()).toEqual({ type: 'bytes', cbor: payload })
    // one letter changed: either not a byteword or a checksum failure
    const damaged = text!.slice(0, -3) + (text!.at(-3) === 'a' ? 'e' : 'a') + text!.slice(-2)
    expect(codeOf(() => ur.createReader().add(damaged))).toBe('QR_UR_DECODE')
    expect(codeOf(() => ur.createReader().add('ur:bytes/zz'))).toBe('QR_UR_DECODE')
    expect(codeOf(() => ur.createReader().add('hello'))).toBe('QR_UR_DECODE')
    expect(codeOf(() => ur.createReader('eth-sign-request').add(text!))).toBe('QR_UR_TYPE')
  })
})

describe('multi-part UR (fountain codes)', () => {
  test('the parts, pure and mixed, equal the reference encoder part by part', () => {
    const rnd = prng(3)
    for (const [n, max] of [
      [1000, 100],
      [5000, 200],
      [257, 10],
      [33, 30],
    ] as const) {
      const payload = cbor.encode(randomBytes(n, rnd))
      const enc = new UREncoder(new UR(Buffer.from(payload), 'bytes'), max, 0, 10)
      const count = enc.fragmentsLength * 3
      const reference = Array.from({ length: count }, () => enc.nextPart())
      expect(ur.encode({ type: 'bytes', cbor: payload }, max, count)).toEqual(reference)
    }
  })

  test('mixed parts only, shuffled and duplicated, decode; the reference reads our parts', () => {
    const rnd = prng(4)
    const payload = cbor.encode(randomBytes(3000, rnd))
    const enc = new UREncoder(new UR(Buffer.from(payload), 'bytes'), 100, 0, 10)
    const seqLen = enc.fragmentsLength
    const all = Array.from({ length: seqLen * 4 }, () => enc.nextPart())
    // Drop the pure parts: only XOR mixes remain, so decoding needs the peeling.
    const mixed = all.slice(seqLen)
    const feed = [...mixed, ...mixed.slice(0, 20)].sort(() => rnd() - 0.5)
    const r = ur.createReader('bytes')
    for (const line of feed) {
      r.add(line)
      if (r.result()) break
    }
    expect(r.result()?.cbor).toEqual(payload)

    const decoder = new URDecoder()
    for (const line of ur.encode({ type: 'bytes', cbor: payload }, 100).reverse()) decoder.receivePart(line)
    expect(decoder.isSuccess()).toBe(true)
    expect(new Uint8Array(decoder.resultUR().cbor)).toEqual(payload)
  })

  test('a set that lacks a fragment stays incomplete; parts of two messages are refused', () => {
    const a = ur.encode({ type: 'bytes', cbor: cbor.encode(randomBytes(500, prng(5))) }, 50)
    const b = ur.encode({ type: 'bytes', cbor: cbor.encode(randomBytes(500, prng(6))) }, 50)
    const r = ur.createReader()
    for (const line of a.slice(1)) r.add(line)
    expect(r.result()).toBeNull()
    expect(r.progress()).toEqual({ parts: a.length - 1, known: a.length - 1, total: a.length })
    expect(codeOf(() => r.add(b[0]!))).toBe('QR_UR_DECODE')
    // a crafted part claiming 2^32-1 fragments is refused before any work is done
    const huge = cbor.encode([1000000n, 0xffffffffn, 0xffffffffn, 1n, new Uint8Array([1])])
    expect(codeOf(() => ur.createReader().add(`ur:bytes/1000000-4294967295/${bytewords.encodeMinimal(huge)}`))).toBe('QR_UR_DECODE')
    // a header that disagrees with the part's own numbers
    expect(codeOf(() => ur.createReader().add(a[0]!.replace(/\/1-/, '/2-')))).toBe('QR_UR_DECODE')
  })
})

describe('cbor', () => {
  test('round trip of the types the registry uses', () => {
    const v: cbor.Value = new Map<cbor.Value, cbor.Value>([
      [1n, cbor.tagged(37, new Uint8Array(16).fill(7))],
      [2n, new Uint8Array([1, 2, 3])],
      [3n, 1n],
      [4n, 0xffffffffffn],
      [5n, cbor.tagged(304, new Map<cbor.Value, cbor.Value>([[1n, [44n, true, 60n, true, 0n, false]], [2n, 0x12345678n]]))],
      [7n, 'metamask ✓'],
      [8n, -5n],
      [9n, null],
    ])
    expect(cbor.decode(cbor.encode(v))).toEqual(v)
  })
  test('bytes match the reference CBOR encoder for plain values', async () => {
    const { cborEncode } = (await import('@ngraveio/bc-ur/dist/cbor.js')) as { cborEncode: (x: unknown) => Buffer }
    for (const [ours, theirs] of [
      [[1n, 2n, 70000n, 0xffffffffn, new Uint8Array([9, 9])], [1, 2, 70000, 0xffffffff, Buffer.from([9, 9])]],
      ['text', 'text'],
    ] as [cbor.Value, unknown][]) {
      expect(cbor.encode(ours)).toEqual(new Uint8Array(cborEncode(theirs)))
    }
  })
  test('malformed input is refused', () => {
    for (const hex of ['', '5f', '9f01ff', 'a20101', 'a2010101', '0101', 'fb3ff0000000000000', '43010203ff', '62c328', 'a201010102']) {
      const b = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16))
      expect(codeOf(() => cbor.decode(b)), hex).toBe('QR_UR_DECODE')
    }
  })
})
