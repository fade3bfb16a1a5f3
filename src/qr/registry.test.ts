// eth-sign-request decoding against the UR strings in Keystone's own test suites
// (KeystoneHQ ur-registry-eth EthSignRequest.test.ts, keystone ur-registry Rust tests),
// with the field values their tests assert and, for every field, the JS library's decode.
import { describe, expect, test } from 'vitest'
import { EthSignRequest, ETHSignature } from '@keystonehq/bc-ur-registry-eth'
import { URDecoder } from '@ngraveio/bc-ur'
import { AirsignError } from '../errors.js'
import * as cbor from './cbor.js'
import * as registry from './registry.js'
import * as ur from './ur.js'

const FIXTURES = [
  // ur-registry-eth test "should genereate eth-sign-reqeust": chain 1, type 1, origin metamask, M/44'/1'/1'/0/1, xfp 12345678
  'ur:eth-sign-request/oladtpdagdndcawmgtfrkigrpmndutdnbtkgfssbjnaohdgryagalalnascsgljpnbaelfdibemwaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaelaoxlbjyihjkjyeyaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaeaehnaehglalalaaxadaaadahtaaddyoeadlecsdwykadykadykaewkadwkaocybgeehfksatisjnihjyhsjnhsjkjetlnndant',
  // keystone ur-registry (Rust) test_decode_eth_sign_request
  'ur:eth-sign-request/onadtpdagdwnbstbpfkidafxlbprqzdiktfldlaxheaohddlaoweaalalrhkisdlaelrhkisdlcwlfgmaymwvttkvsptykhkfwswosbdlrhhtiknftkihsnbfxdalnhtwfbeknfzaelartaxaaaaaaahtaaddyoeadlocsdwykcsfnykaeykaewkaocyjokbwejzvdrtpssp',
]
// the first, upper case (as a QR scanner returns it)
FIXTURES.push(FIXTURES[0]!.toUpperCase())

const hex = (b: Uint8Array | null | undefined): string | null => (b ? Buffer.from(b).toString('hex') : null)

function decode(text: string): registry.SignRequest {
  const r = ur.createReader('eth-sign-request')
  r.add(text)
  return registry.decodeSignRequest(r.result()!.cbor)
}

describe('eth-sign-request fixtures from the Keystone test suites', () => {
  test('the values the Keystone test asserts', () => {
    const req = decode(FIXTURES[0]!)
    expect(hex(req.requestId)).toBe('9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d')
    expect(req.chainId).toBe(1n)
    expect(req.dataType).toBe(1)
    expect(req.origin).toBe('metamask')
    expect(hex(req.signData)).toBe('f849808609184e72a00082271094000000000000000000000000000000000000000080a47f7465737432000000000000000000000000000000000000000000000000000000600057808080')
    expect(req.path).toEqual([44 + 0x80000000, 1 + 0x80000000, 1 + 0x80000000, 0, 1])
    expect(req.sourceFingerprint).toBe(0x12345678)
  })

  test.each(FIXTURES)('every field equals the Keystone library decode: %s', (text) => {
    const ours = decode(text)
    const theirs = EthSignRequest.fromCBOR(URDecoder.decode(text).cbor)
    expect({
      requestId: hex(ours.requestId),
      signData: hex(ours.signData),
      dataType: ours.dataType,
      chainId: ours.chainId === null ? undefined : Number(ours.chainId),
      path: ours.path.map((i) => (i >= 0x80000000 ? `${i - 0x80000000}'` : `${i}`)).join('/'),
      xfp: ours.sourceFingerprint?.toString(16).padStart(8, '0'),
      address: hex(ours.address),
      origin: ours.origin ?? undefined,
    }).toEqual({
      requestId: hex(theirs.getRequestId()),
      signData: hex(theirs.getSignData()),
      dataType: theirs.getDataType(),
      chainId: theirs.getChainId(),
      path: theirs.getDerivationPath(),
      xfp: theirs.getSourceFingerprint()?.toString('hex'),
      address: hex(theirs.getSignRequestAddress()),
      origin: theirs.getOrigin(),
    })
  })
})

test('a fixture of that suite with an odd number of letters is refused, as the Keystone decoder refuses it', () => {
  // ur-registry-eth test "should construct an ethSignRequest object from string" (it only logs; the string is damaged)
  const damaged =
    'UR:ETH-SIGN-REQUEST/ONADTPDAGDDAKBPRKOKKYKFWGARFSFPLZMRHSNLDECAOHDDAVEHPLPAOGHBDVEAELFGMAYMWBNGHZTSNDMETGRGRRPWZVEAHRSHHRFBZNBCHPKZOLALAAALALAAXADAAAAAHTAADDYOEADLECSDWYKCSFNYKAEYKAEWKAEWKAOCYJOKBWEJZONWNHFT'
  expect(() => URDecoder.decode(damaged)).toThrow()
  expect(() => decode(damaged)).toThrow(expect.objectContaining({ code: 'QR_UR_DECODE' }))
})

describe('eth-signature', () => {
  test('parsed by the Keystone library, with and without a request id', () => {
    const sig = Uint8Array.from({ length: 66 }, (_, i) => i)
    const id = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i)
    const a = ETHSignature.fromCBOR(Buffer.from(registry.encodeSignature(sig, id)))
    expect(hex(a.getSignature())).toBe(hex(sig))
    expect(hex(a.getRequestId())).toBe(hex(id))
    const b = ETHSignature.fromCBOR(Buffer.from(registry.encodeSignature(sig, null)))
    expect(b.getRequestId()).toBeUndefined()
  })
})

describe('malformed requests', () => {
  const code = (v: cbor.Value): string => {
    try {
      registry.decodeSignRequest(cbor.encode(v))
    } catch (e) {
      return e instanceof AirsignError ? e.code : 'other'
    }
    return 'none'
  }
  const path = cbor.tagged(304, registry.encodeKeypath([0x8000002c, 0x8000003c, 0x80000000, 0, 0], 1))
  const base = (): Map<cbor.Value, cbor.Value> => new Map<cbor.Value, cbor.Value>([[2n, new Uint8Array([0xc0])], [3n, 1n], [5n, path]])
  test.each([
    ['not a map', [1n], 'QR_REQUEST_INVALID'],
    ['no sign data', new Map([[5n, path]]), 'QR_REQUEST_INVALID'],
    ['no path', new Map([[2n, new Uint8Array([1])]]), 'QR_REQUEST_INVALID'],
    ['unknown key', new Map([...base(), [9n, 1n]]), 'QR_REQUEST_INVALID'],
    ['short request id', new Map([...base(), [1n, cbor.tagged(37, new Uint8Array(15))]]), 'QR_REQUEST_INVALID'],
    ['address of 19 bytes', new Map([...base(), [6n, new Uint8Array(19)]]), 'QR_REQUEST_INVALID'],
    ['chain id 0', new Map([...base(), [4n, 0n]]), 'QR_REQUEST_INVALID'],
    ['data type 0', new Map([...base(), [3n, 0n]]), 'QR_DATA_TYPE_UNSUPPORTED'],
    ['depth disagrees', new Map([...base(), [5n, cbor.tagged(304, registry.encodeKeypath([0x8000002c], 1, 2))]]), 'QR_PATH_INVALID'],
    ['keypath with the wrong tag', new Map([...base(), [5n, cbor.tagged(303, registry.encodeKeypath([0], 1))]]), 'QR_PATH_INVALID'],
  ] as [string, cbor.Value, string][])('%s', (_name, v, expected) => {
    expect(code(v)).toBe(expected)
  })
  test('a well-formed request decodes (the cases above differ from it in one field)', () => {
    expect(code(base())).toBe('none')
  })
})

describe('QR error codes', () => {
  test('exit statuses pinned, and every code has a row in the README table', async () => {
    const { EXIT } = await import('../errors.js')
    const { readFileSync } = await import('node:fs')
    const qr = Object.fromEntries(Object.entries(EXIT).filter(([k]) => k.startsWith('QR_')))
    expect(qr).toEqual({
      QR_TOO_LARGE: 2,
      QR_UR_DECODE: 3,
      QR_UR_TYPE: 3,
      QR_UR_INCOMPLETE: 3,
      QR_REQUEST_INVALID: 3,
      QR_DATA_TYPE_UNSUPPORTED: 3,
      QR_FINGERPRINT_MISMATCH: 3,
      QR_PATH_INVALID: 3,
      QR_ADDRESS_MISMATCH: 3,
    })
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    for (const [code, status] of Object.entries(qr)) expect(readme).toContain(`| \`${code}\` | ${status} |`)
  })
})
