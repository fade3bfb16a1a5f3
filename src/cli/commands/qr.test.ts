/**
 * Subprocess tests of `airsign qr` (the built bundle, real pipes): QR images
 * read back by an independent decoder, every QR error code end to end, and
 * the --review confirmation (in-process, with a scripted terminal).
 * Requests are built with @keystonehq/bc-ur-registry-eth, transactions with ethers.
 */
import { randomUUID } from 'node:crypto'
import { spawn } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { PNG } from 'pngjs'
import decodeQR from 'qr/decode.js'
import { HDNodeWallet, Transaction, getBytes, type TransactionLike } from 'ethers'
import { CryptoKeypath, DataType, EthSignRequest, ETHSignature, PathComponent } from '@keystonehq/bc-ur-registry-eth'
import { UR, UREncoder, URDecoder } from '@ngraveio/bc-ur'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BIN, ROOT, runCli, runMain, TEST_MNEMONIC, TEST_ADDRESS_0 } from '../../test/cli.js'
import type { Terminal } from '../../io/io.js'

const ENV = { AIRSIGN_MNEMONIC: TEST_MNEMONIC }
const XFP = HDNodeWallet.fromPhrase(TEST_MNEMONIC, undefined, 'm').fingerprint.slice(2)
const LEGACY: TransactionLike = { type: 0, chainId: 1n, nonce: 9, gasPrice: 20000000000n, gasLimit: 21000n, to: '0x3535353535353535353535353535353535353535', value: 10n ** 18n, data: '0x' }
const UNSIGNED = Buffer.from(getBytes(Transaction.from(LEGACY).unsignedSerialized))
const PATH0 = "m/44'/60'/0'/0/0"

function requestText(req: EthSignRequest, maxFragment = 400): string {
  const enc = new UREncoder(req.toUR(), maxFragment)
  return Array.from({ length: enc.fragmentsLength }, () => enc.nextPart()).join('\n') + '\n'
}
const legacyRequest = (): EthSignRequest => EthSignRequest.constructETHRequest(UNSIGNED, DataType.transaction, PATH0, XFP, randomUUID(), 1)

/** Assert a failure: exit status, empty stdout, one stderr line ending in the code. */
function failed(r: { code: number | null; stdout: string; stderr: string }, code: string, status: number): void {
  expect({ code: r.code, stdout: r.stdout, lines: r.stderr.split('\n').length, tail: /\[([A-Z_]+)\]\n$/.exec(r.stderr)?.[1] }).toEqual({ code: status, stdout: '', lines: 2, tail: code })
}

describe('qr images', () => {
  test('a PNG that airsign draws decodes back to the exact UR text (upper case)', async () => {
    // Signing is deterministic (RFC 6979): the same request gives the same answer in text and in PNG.
    const request = requestText(legacyRequest())
    const text = await runCli(['qr', 'sign'], { stdin: request, env: ENV })
    expect(text.code).toBe(0)
    const png = await runBinary(['qr', 'sign', '--qr-format', 'png'], request)
    expect(png.code).toBe(0)
    const img = PNG.sync.read(png.stdout)
    const decoded = decodeQR({ width: img.width, height: img.height, data: img.data })
    expect(decoded).toBe(text.stdout.trim().toUpperCase())
    expect(decoded).toMatch(/^UR:ETH-SIGNATURE\/[A-Z]+$/)
  })

  test('SVG and terminal output are QR drawings of the upper-case UR', async () => {
    const svg = await runCli(['qr', 'account', '--qr-format', 'svg'], { env: ENV })
    expect(svg.code).toBe(0)
    expect(svg.stdout).toMatch(/^<svg viewBox="0 0 (\d+) \1" xmlns="http:\/\/www.w3.org\/2000\/svg">.*<\/svg>\n$/s)
    const term = await runCli(['qr', 'account', '--qr'], { env: ENV })
    expect(term.code).toBe(0)
    expect(term.stderr).toBe('')
    expect(term.stdout).toMatch(/^[█▀▄ \n]+$/)
  })
})

/** Run bin/airsign and keep stdout as bytes (PNG). */
function runBinary(args: string[], stdin: string): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', LC_ALL: 'C', ...ENV }, detached: true })
    const out: Buffer[] = []
    let stderr = ''
    p.stdout.on('data', (c: Buffer) => out.push(c))
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    p.on('error', reject).on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }))
    p.stdin.end(stdin)
  })
}

/** A UR of the request's CBOR under another type (what a wrong scan looks like). */
function asType(req: EthSignRequest, type: string): string {
  return UREncoder.encodeSinglePart(new UR(req.toUR().cbor, type)) + '\n'
}

describe('qr sign: every error code, end to end', () => {
  const unsigned = UNSIGNED
  const cases: [string, () => string, string, number, string[]?][] = [
    ['QR_UR_DECODE: not a UR', () => 'hello\n', 'QR_UR_DECODE', 3],
    ['QR_UR_DECODE: damaged checksum', () => requestText(legacyRequest()).replace(/[a-z]{2}\n$/, (m) => (m.startsWith('ae') ? 'ad' : 'ae') + '\n'), 'QR_UR_DECODE', 3],
    ['QR_UR_TYPE', () => asType(legacyRequest(), 'eth-signature'), 'QR_UR_TYPE', 3],
    ['QR_UR_INCOMPLETE: empty input', () => '', 'QR_UR_INCOMPLETE', 3],
    ['QR_UR_INCOMPLETE: a part missing', () => requestText(EthSignRequest.constructETHRequest(Buffer.alloc(3000, 0xc0), DataType.transaction, PATH0, XFP, randomUUID(), 1), 300).split('\n').slice(1).join('\n'), 'QR_UR_INCOMPLETE', 3],
    ['QR_REQUEST_INVALID', () => requestText(EthSignRequest.constructETHRequest(unsigned, DataType.typedTransaction, PATH0, XFP, randomUUID(), 1)), 'QR_REQUEST_INVALID', 3],
    ['QR_DATA_TYPE_UNSUPPORTED', () => requestText(EthSignRequest.constructETHRequest(unsigned, 7 as DataType, PATH0, XFP, randomUUID(), 1)), 'QR_DATA_TYPE_UNSUPPORTED', 3],
    ['QR_FINGERPRINT_MISMATCH', () => requestText(EthSignRequest.constructETHRequest(unsigned, DataType.transaction, PATH0, '01020304', randomUUID(), 1)), 'QR_FINGERPRINT_MISMATCH', 3],
    [
      'QR_PATH_INVALID',
      () =>
        requestText(
          new EthSignRequest({
            signData: unsigned,
            dataType: DataType.transaction,
            chainId: 1,
            derivationPath: new CryptoKeypath([new PathComponent({ index: 44, hardened: true }), new PathComponent({ hardened: false })], Buffer.from(XFP, 'hex')),
          }),
        ),
      'QR_PATH_INVALID',
      3,
    ],
    ['QR_ADDRESS_MISMATCH', () => requestText(EthSignRequest.constructETHRequest(unsigned, DataType.transaction, PATH0, XFP, randomUUID(), 1, '0x3535353535353535353535353535353535353535')), 'QR_ADDRESS_MISMATCH', 3],
  ]
  test.each(cases)('%s', async (_name, input, code, status) => {
    failed(await runCli(['qr', 'sign'], { stdin: input(), env: ENV }), code, status)
  })

  test('QR_TOO_LARGE: a PNG cannot hold 25 Ledger Live keys', async () => {
    failed(await runCli(['qr', 'account', '--preset', 'ledger-live', '--count', '25', '--qr-format', 'png'], { env: ENV }), 'QR_TOO_LARGE', 2)
  })

  test('usage: --count not a multiple of 5, png of a multi-part UR, stdin read twice', async () => {
    failed(await runCli(['qr', 'account', '--preset', 'ledger-live', '--count', '7'], { env: ENV }), 'USAGE', 2)
    failed(await runCli(['qr', 'account', '--qr-format', 'png', '--fragment-length', '20'], { env: ENV }), 'USAGE', 2)
    failed(await runCli(['qr', 'sign', '--mnemonic-file', '-'], { stdin: TEST_MNEMONIC }), 'USAGE', 2)
  })

  test('the request is read before the key: a bad request with no key source still reports the request', async () => {
    failed(await runCli(['qr', 'sign'], { stdin: 'hello\n' }), 'QR_UR_DECODE', 3)
  })
})

describe('qr sign --review', () => {
  function scripted(answer: string | null): Terminal & { shown: string } {
    const t = {
      shown: '',
      readHidden: async () => null,
      readLine: async (prompt: string) => {
        t.shown += prompt
        return answer
      },
      write: (text: string) => {
        t.shown += text
      },
      close: () => {},
    }
    return t
  }

  test('shows the transaction and signs on "y"', async () => {
    const request = requestText(legacyRequest())
    const term = scripted('y')
    const r = await runMain(['qr', 'sign', '--review'], { stdin: request, env: ENV, terminal: term })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(term.shown).toContain(`key ${PATH0} (${TEST_ADDRESS_0})`)
    expect(term.shown).toContain('to 0x3535353535353535353535353535353535353535, value 1 ETH (1000000000000000000 wei)')
    expect(term.shown).toContain('legacy transaction (type 0) on Ethereum (chain id 1), nonce 9')
    expect(term.shown).toContain('gas limit 21000, gas price 20 gwei')
    expect(term.shown).toContain('sign this? [y/N] ')
    const d = new URDecoder()
    d.receivePart(r.stdout.trim())
    expect(ETHSignature.fromCBOR(d.resultUR().cbor).getSignature().length).toBe(65)
  })

  test('declined or interrupted: REVIEW_DECLINED (exit 5), nothing on stdout', async () => {
    for (const answer of ['n', '', null]) {
      const r = await runMain(['qr', 'sign', '--review'], { stdin: requestText(legacyRequest()), env: ENV, terminal: scripted(answer) })
      failed(r, 'REVIEW_DECLINED', 5)
    }
  })

  test('without a terminal: usage error', async () => {
    failed(await runMain(['qr', 'sign', '--review'], { stdin: requestText(legacyRequest()), env: ENV, terminal: null }), 'USAGE', 2)
  })

  test('typed data: the review names the primary type and the domain; an invalid document is refused before signing', async () => {
    const mail = JSON.parse(readFileSync(join(ROOT, 'test-vectors/eip712/eip712-mail-example.json'), 'utf8')).typedData
    const req = (doc: unknown): EthSignRequest => EthSignRequest.constructETHRequest(Buffer.from(JSON.stringify(doc)), DataType.typedData, PATH0, XFP, randomUUID(), 1)
    const term = scripted('y')
    const r = await runMain(['qr', 'sign', '--review'], { stdin: requestText(req(mail)), env: ENV, terminal: term })
    expect(r.code).toBe(0)
    expect(term.shown).toContain('  EIP-712 typed data, primary type Mail\r\n')
    expect(term.shown).toContain('    domain: name "Ether Mail", version "1", Ethereum (chain id 1), contract 0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC\r\n')
    const bad = { ...mail, message: { ...mail.message, extra: 1 } }
    const refused = await runMain(['qr', 'sign', '--review'], { stdin: requestText(req(bad)), env: ENV, terminal: scripted('y') })
    failed(refused, 'TYPED_DATA_FIELD', 3)
  })
})

describe('qr output of several parts', () => {
  test('--qr animates fountain parts on the terminal until Enter; stdout stays empty', async () => {
    let release: (v: string) => void = () => {}
    let shown = ''
    const term: Terminal = {
      readHidden: async () => null,
      readLine: () => new Promise<string | null>((resolve) => (release = resolve)),
      write: (text) => {
        shown += text
      },
      close: () => {},
    }
    const run = runMain(['qr', 'account', '--preset', 'ledger-live', '--qr'], { env: ENV, terminal: term })
    // Wait for three frames (250 ms apart), then press Enter.
    for (let i = 0; i < 400 && (shown.match(/make the whole/g) ?? []).length < 3; i++) await new Promise((r) => setTimeout(r, 25))
    release('')
    const r = await run
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' })
    const captions = [...shown.matchAll(/part (\d+) \((\d+) make the whole\)/g)].map((m) => Number(m[1]))
    expect(captions.slice(0, 3)).toEqual([1, 2, 3])
    expect(shown).toContain('\x1b[') // later frames move the cursor back up
  })

  test('--qr without a terminal prints every pure part once', async () => {
    const text = await runMain(['qr', 'account', '--preset', 'ledger-live', '--fragment-length', '200'], { env: ENV })
    const parts = text.stdout.trim().split('\n')
    expect(parts.length).toBeGreaterThan(1)
    const r = await runMain(['qr', 'account', '--preset', 'ledger-live', '--qr'], { env: ENV, terminal: null })
    expect(r.code).toBe(0)
    // Each drawing begins with the light quiet zone: count the drawings.
    const drawings = r.stdout.split('\n\n').filter((d) => d.trim() !== '')
    expect(drawings.length).toBe(parts.length)
  })
})
