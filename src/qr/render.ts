/**
 * Drawing QR codes: the only importer of paulmillr's `qr` package. The text
 * is a UR in upper case, so that it fits the QR alphanumeric mode (5.5 bits a
 * character instead of 8), with error correction level L as wallets use.
 *
 * Outputs: terminal text (half-block characters, light modules drawn, for
 * dark terminals), SVG text, and PNG bytes (1-bit grayscale, written here from
 * the module matrix; the package draws GIF, not PNG).
 * @module
 */
import { deflateSync } from 'node:zlib'
import encodeQR from 'qr'
import { AirsignError } from '../errors.js'
import { crc32 } from './bytewords.js'

/** Quiet zone in modules (ISO/IEC 18004 asks for 4). */
const BORDER = 4

function matrix(text: string): boolean[][] {
  try {
    return encodeQR(text, 'raw', { ecc: 'low', border: BORDER })
  } catch (e) {
    throw new AirsignError('QR_TOO_LARGE', `${text.length} characters do not fit one QR code`, {
      cause: e,
      hints: ['split the UR into parts with --fragment-length (text or --qr animation)'],
    })
  }
}

/**
 * A QR code as terminal text, two module rows a line.
 * @throws AirsignError QR_TOO_LARGE
 */
export function terminal(text: string): string {
  try {
    return encodeQR(text, 'ascii', { ecc: 'low', border: BORDER })
  } catch (e) {
    matrix(text) // the same error as the other outputs
    throw e
  }
}

/**
 * A QR code as an SVG document (one path, viewBox in modules).
 * @throws AirsignError QR_TOO_LARGE
 */
export function svg(text: string): string {
  matrix(text)
  return encodeQR(text, 'svg', { ecc: 'low', border: BORDER }) + '\n'
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  // length(4) || type(4) || data || CRC-32 over type and data (PNG §5.3)
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

/**
 * A QR code as a PNG image: 1-bit grayscale, `scale` pixels a module.
 * @param text - the content
 * @param scale - pixels per module (1 … 32)
 * @throws AirsignError QR_TOO_LARGE
 */
export function png(text: string, scale = 8): Uint8Array {
  const m = matrix(text)
  const w = m.length * scale
  const rowBytes = Math.ceil(w / 8)
  const raw = new Uint8Array((rowBytes + 1) * w)
  for (let y = 0; y < w; y++) {
    const row = m[Math.floor(y / scale)]!
    const o = y * (rowBytes + 1) // filter byte 0 (None), then the row
    for (let x = 0; x < w; x++) {
      // 1-bit grayscale: 1 is white; a dark module is 0.
      if (!row[Math.floor(x / scale)]) raw[o + 1 + (x >> 3)]! |= 0x80 >> (x & 7)
    }
  }
  const ihdr = new Uint8Array(13)
  const v = new DataView(ihdr.buffer)
  v.setUint32(0, w)
  v.setUint32(4, w)
  ihdr.set([1, 0, 0, 0, 0], 8) // bit depth 1, grayscale, deflate, adaptive filtering, no interlace
  const parts = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', ihdr),
    chunk('IDAT', new Uint8Array(deflateSync(raw))),
    chunk('IEND', new Uint8Array(0)),
  ]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}
