import { describe, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import * as hd from './hd.js'
import { engine, useEngine } from './sign.js'
import { prng, seed as testSeed } from './test/prng.js'

const H = hd.HARDENED
const code = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    return (e as { code: string }).code
  }
  return 'no error'
}

describe('parsePath', () => {
  test("accepts ', h and H as the hardened mark", () => {
    const want = [44 + H, 60 + H, H, 0, 0]
    expect(hd.parsePath("m/44'/60'/0'/0/0")).toEqual(want)
    expect(hd.parsePath('m/44h/60h/0h/0/0')).toEqual(want)
    expect(hd.parsePath('m/44H/60H/0H/0/0')).toEqual(want)
    expect(hd.parsePath('m')).toEqual([])
  })
  test('indices up to 2^31-1, hardened or not', () => {
    expect(hd.parsePath("m/2147483647'/2147483647")).toEqual([2 ** 32 - 1, 2 ** 31 - 1])
    expect(code(() => hd.parsePath('m/2147483648'))).toBe('PATH_INDEX')
    expect(code(() => hd.parsePath("m/99999999999999999999'"))).toBe('PATH_INDEX')
  })
  test('depth up to 255', () => {
    expect(hd.parsePath('m' + '/1'.repeat(255)).length).toBe(255)
    expect(code(() => hd.parsePath('m' + '/1'.repeat(256)))).toBe('PATH_DEPTH')
  })
  test('syntax errors', () => {
    for (const p of ['', "44'/60'", 'M/0', 'm/', 'm//0', 'm/-1', "m/0''", 'm/0x1', 'm/1 ', ' m/1', 'm/1/', "m/'"]) {
      expect(code(() => hd.parsePath(p))).toBe('PATH_SYNTAX')
    }
  })
  test('formatPath writes the canonical form', () => {
    expect(hd.formatPath(hd.parsePath('m/44h/60h/0h/0/7'))).toBe("m/44'/60'/0'/0/7")
  })
})

describe('derivation', () => {
  // BIP-32 test vector 1 (bitcoin/bips bip-0032.mediawiki)
  const seed = Uint8Array.from(Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'))
  test('vector 1 chain m/0H/1', () => {
    const node = hd.derive(hd.fromSeed(seed), hd.parsePath("m/0'/1"))
    expect(hd.xpub(node)).toBe('xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ')
    expect(hd.xprv(node)).toBe('xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs')
  })
  test('wipe removes the private key', () => {
    const node = hd.derive(hd.fromSeed(seed), [0])
    const k = hd.privateKey(node)
    hd.wipe(node)
    expect(code(() => hd.privateKey(node))).toBe('XKEY_INVALID')
    expect(k.some((b) => b !== 0)).toBe(true) // the copy is the caller's to wipe
  })
  test('wipe zeroes the chain code in place (the private field of the pinned @scure/bip32)', () => {
    const node = hd.derive(hd.fromSeed(seed), [0])
    const inner = (node.key as unknown as { _chainCode?: Uint8Array })._chainCode
    expect(inner?.length).toBe(32)
    expect(inner!.some((b) => b !== 0)).toBe(true)
    hd.wipe(node)
    expect(Array.from(inner!)).toEqual(new Array(32).fill(0))
    expect(Array.from(node.key.chainCode!)).toEqual(new Array(32).fill(0))
  })
  test('an invalid extended key is XKEY_INVALID', () => {
    expect(code(() => hd.fromExtendedKey('xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet7'))).toBe('XKEY_INVALID')
  })
})

describe('childPublicKeys (public derivation for address ranges)', () => {
  const seed = Uint8Array.from(Buffer.from('fffcf9f6f3f0edeae7e4e1dedbd8d5d2cfccc9c6c3c0bdbab7b4b1aeaba8a5a29f9c999693908d8a8784817e7b7875726f6c696663605d5a5754514e4b484542', 'hex'))
  const parent = hd.derive(hd.fromSeed(seed), hd.parsePath("m/44'/60'/0'/0"))
  test('equals private derivation child by child, at the start and at the top of the index range', () => {
    for (const start of [0, 1000, 2 ** 31 - 40]) {
      const keys = hd.childPublicKeys(parent, start, 40)
      keys.forEach((k, i) => expect(Buffer.from(k).toString('hex')).toBe(Buffer.from(hd.publicKey(hd.derive(parent, [start + i]))).toString('hex')))
    }
  })
  test('a range past 2^31-1 is PATH_INDEX', () => {
    expect(code(() => hd.childPublicKeys(parent, 2 ** 31 - 2, 3))).toBe('PATH_INDEX')
  })
})

describe('keyAt (the one-shot derivation: node:crypto HMAC and public keys)', () => {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
  const bip32 = JSON.parse(readFileSync(new URL('../test-vectors/bip32/bip32-vectors.json', import.meta.url), 'utf8')) as {
    vectors: { seed?: string; chains?: { path: string; xprv: string }[] }[]
  }
  const chains = bip32.vectors.flatMap((v) => (v.seed && v.chains ? v.chains.map((c) => ({ seed: v.seed!, ...c })) : []))

  for (const e of ['native', 'noble'] as const) {
    test(`${e} engine: every private key of the BIP-32 vectors, and the public key scure computes`, () => {
      useEngine(e)
      try {
        expect(engine()).toBe(e) // the Node this runs on has secp256k1 in its OpenSSL
        expect(chains.length).toBeGreaterThan(15)
        for (const c of chains) {
          const got = hd.keyAt(Buffer.from(c.seed, 'hex'), hd.parsePath(c.path))
          const want = hd.fromExtendedKey(c.xprv)
          expect(hex(got.key), `${c.seed} ${c.path}`).toBe(hex(hd.privateKey(want)))
          expect(hex(got.publicKey)).toBe(hex(hd.publicKey(want)))
        }
      } finally {
        useEngine('native')
      }
    })
  }

  test('equals fromSeed + derive (@scure/bip32) for random seeds of 16 … 64 bytes and random paths', () => {
    const rnd = prng(testSeed(0x6b65794174n))
    for (let i = 0; i < 150; i++) {
      const seed = rnd.bytes(16 + rnd.int(49))
      const path = Array.from({ length: rnd.int(7) }, () => rnd.int(2 ** 32))
      const got = hd.keyAt(seed, path)
      const node = hd.derive(hd.fromSeed(seed), path)
      expect(hex(got.key), hd.formatPath(path)).toBe(hex(hd.privateKey(node)))
      expect(hex(got.publicKey)).toBe(hex(hd.publicKey(node)))
    }
  })

  test('a seed outside 16 … 64 bytes is XKEY_INVALID, as fromSeed says', () => {
    for (const n of [0, 15, 65]) {
      expect(code(() => hd.keyAt(new Uint8Array(n).fill(1), []))).toBe('XKEY_INVALID')
      expect(code(() => hd.fromSeed(new Uint8Array(n).fill(1)))).toBe('XKEY_INVALID')
    }
  })
})
