/**
 * Issue 5.4: property-based tests (fast-check, seeded, bounded) of every
 * parser: random and mutated input must give a correct result or an
 * AirsignError with a code of errors.ts, never another exception and never a
 * hang; where an oracle exists the result must agree with it (a reference
 * regex for hex, quantities and paths, RLP round-trips, ethers for mnemonic
 * validity and transaction fields). Issues 13 and 14 add the key sources (SLIP-39
 * shares, keystore JSON, raw keys) and the Safe inputs (transaction JSON, signature bytes).
 */
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import * as slip39 from '../keys/slip39.js'
import { WORDLIST as SLIP39_WORDS } from '../keys/slip39-wordlist.js'
import * as keystore from '../keys/keystore.js'
import * as raw from '../keys/raw.js'
import * as safeTxJson from '../safe/tx-json.js'
import * as safeSignature from '../safe/signature.js'
import { describe, expect, test } from 'vitest'
import { decodeRlp, encodeRlp, Mnemonic as EthersMnemonic, Transaction, Wallet, wordlists } from 'ethers'
import { AirsignError, EXIT } from '../errors.js'
import * as bytes from '../bytes.js'
import * as rlp from '../rlp.js'
import * as tx from '../tx.js'
import * as hd from '../hd.js'
import * as mnemonic from '../mnemonic.js'
import * as address from '../address.js'
import * as cbor from '../qr/cbor.js'
import * as bytewords from '../qr/bytewords.js'
import * as registry from '../qr/registry.js'
import { parseTxText } from '../cli/tx-input.js'
import { hashTypedData, parseTypedData } from '../typed-data.js'
import { SignTypedDataVersion, TypedDataUtils } from '@metamask/eth-sig-util'

// Seeded and bounded; AIRSIGN_FUZZ_SEED / AIRSIGN_FUZZ_RUNS explore further by hand.
const RUNS = { seed: Number(process.env.AIRSIGN_FUZZ_SEED ?? 0x5eed5), numRuns: Number(process.env.AIRSIGN_FUZZ_RUNS ?? 500) }

type Outcome<T> = { ok: true; value: T } | { ok: false; code: string }

/** Run a parser: a value, or an AirsignError whose code is in the EXIT table. Anything else fails the property. */
function outcome<T>(f: () => T): Outcome<T> {
  try {
    return { ok: true, value: f() }
  } catch (e) {
    if (!(e instanceof AirsignError)) throw new Error(`not an AirsignError: ${String(e)}`, { cause: e })
    if (!(e.code in EXIT)) throw new Error(`unknown code ${e.code}`)
    return { ok: false, code: e.code }
  }
}
async function outcomeAsync<T>(f: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await f() }
  } catch (e) {
    if (!(e instanceof AirsignError)) throw new Error(`not an AirsignError: ${String(e)}`, { cause: e })
    return { ok: false, code: e.code }
  }
}

/** A byte string with one random mutation: flip, insert, delete, truncate or append. */
function mutated(base: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc.tuple(base, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'append')).map(([b, at, v, how]) => {
    const a = Array.from(b)
    const i = a.length ? at % a.length : 0
    if (how === 'flip' && a.length) a[i] = a[i]! ^ (1 << (v % 8))
    else if (how === 'insert') a.splice(i, 0, v)
    else if (how === 'delete') a.splice(i, 1)
    else if (how === 'truncate') a.length = i
    else a.push(v)
    return Uint8Array.from(a)
  })
}

const hexText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFxX g\u0000\n'.split('')), maxLength: 40 }),
  fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('hex')),
  fc.uint8Array({ maxLength: 40 }).map((b) => '0x' + Buffer.from(b).toString('hex').toUpperCase()),
  fc.string({ maxLength: 40 }),
)

describe('bytes', () => {
  test('hexToBytes: bytes exactly when the reference regex accepts, else BAD_HEX; round-trips', () => {
    fc.assert(
      fc.property(hexText, (h) => {
        const r = outcome(() => bytes.hexToBytes(h, 'x'))
        const valid = /^(0[xX])?([0-9a-fA-F]{2})*$/.test(h)
        expect(r.ok).toBe(valid)
        if (r.ok) expect(bytes.bytesToHex(r.value)).toBe('0x' + h.replace(/^0[xX]/, '').toLowerCase())
        else expect(r.code).toBe('BAD_HEX')
      }),
      RUNS,
    )
  })

  test('parseQuantity: matches a reference parser on strings, numbers and other values', () => {
    const max = (1n << 256n) - 1n
    const values = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789xXabcdefg -+.e'.split('')), maxLength: 80 }),
      fc.bigInt({ min: 0n, max: 1n << 260n }).map((n) => n.toString()),
      fc.bigInt({ min: 0n, max: 1n << 260n }).map((n) => '0x' + n.toString(16)),
      fc.double(),
      fc.integer(),
      fc.constantFrom(null, undefined, true, {}, [], -1n, 1n << 256n),
    )
    fc.assert(
      fc.property(values, (v) => {
        const r = outcome(() => bytes.parseQuantity(v, 'q'))
        let want: bigint | null = null
        if (typeof v === 'string' && (/^0[xX][0-9a-fA-F]+$/.test(v) || /^[0-9]+$/.test(v))) want = BigInt(v)
        else if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) want = BigInt(v)
        else if (typeof v === 'bigint') want = v
        if (want !== null && (want < 0n || want > max)) want = null
        if (want === null) expect(r).toEqual({ ok: false, code: 'BAD_NUMBER' })
        else expect(r).toEqual({ ok: true, value: want })
      }),
      RUNS,
    )
  })
})

const item: fc.Arbitrary<rlp.Item> = fc.letrec<{ item: rlp.Item }>((tie) => ({
  item: fc.oneof({ depthSize: 'small' }, fc.uint8Array({ maxLength: 70 }), fc.array(tie('item'), { maxLength: 5 })),
})).item

describe('rlp', () => {
  test('decode(encode(x)) = x for any item', () => {
    fc.assert(
      fc.property(item, (x) => {
        expect(rlp.decode(rlp.encode(x))).toEqual(x)
      }),
      RUNS,
    )
  })

  test('random and mutated encodings: TX_DECODE, or an item whose encoding is exactly the input (canonical, no trailing bytes)', () => {
    const inputs = fc.oneof(fc.uint8Array({ maxLength: 80 }), mutated(item.map((x) => rlp.encode(x))))
    fc.assert(
      fc.property(inputs, (b) => {
        const r = outcome(() => rlp.decode(b))
        if (r.ok) expect(Buffer.from(rlp.encode(r.value)).toString('hex')).toBe(Buffer.from(b).toString('hex'))
        else expect(r.code).toBe('TX_DECODE')
      }),
      RUNS,
    )
  })
})

// Unsigned legacy transactions as ethers writes them (the oracle): random fields.
const legacy = fc.record({
  // ethers keeps a nonce as a JavaScript number: up to 2^53-1 here (the mutations reach beyond)
  nonce: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
  gasPrice: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
  gasLimit: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  to: fc.option(fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => '0x' + Buffer.from(b).toString('hex'))),
  value: fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
  data: fc.uint8Array({ maxLength: 40 }).map((b) => '0x' + Buffer.from(b).toString('hex')),
  chainId: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
})
const unsignedBytes = legacy.map((f) => Uint8Array.from(Buffer.from(Transaction.from({ type: 0, ...f }).unsignedSerialized.slice(2), 'hex')))

describe('tx', () => {
  test('decodeUnsigned agrees with ethers on every field of a random transaction', () => {
    fc.assert(
      fc.property(legacy, (f) => {
        const raw = Transaction.from({ type: 0, ...f }).unsignedSerialized
        const t = tx.decodeUnsigned(Uint8Array.from(Buffer.from(raw.slice(2), 'hex')))
        expect({ ...t, to: t.to && bytes.bytesToHex(t.to), data: bytes.bytesToHex(t.data) }).toEqual({
          type: 0,
          chainId: f.chainId,
          nonce: BigInt(f.nonce),
          gasPrice: f.gasPrice,
          gas: f.gasLimit,
          to: f.to,
          value: f.value,
          data: f.data,
        })
        expect(bytes.bytesToHex(tx.signingPayload(t))).toBe(raw)
      }),
      RUNS,
    )
  })

  test('random and mutated raw transactions: a transaction that re-encodes to the input, or an AirsignError', () => {
    const inputs = fc.oneof(fc.uint8Array({ maxLength: 120 }), mutated(unsignedBytes), mutated(mutated(unsignedBytes)))
    fc.assert(
      fc.property(inputs, (b) => {
        const r = outcome(() => tx.decodeUnsigned(b))
        if (r.ok && r.value.chainId !== null) expect(bytes.bytesToHex(tx.signingPayload(r.value))).toBe(bytes.bytesToHex(b))
      }),
      RUNS,
    )
  })

  test('fromJson: random JSON values and mutated valid objects give a transaction or an AirsignError', () => {
    const valid = legacy.map((f) => ({ ...f, gasLimit: undefined, gas: f.gasLimit.toString(), nonce: `0x${f.nonce.toString(16)}`, value: f.value.toString(), gasPrice: f.gasPrice.toString(), chainId: Number(f.chainId % 1000n) + 1 }))
    const mutations = fc.tuple(valid, fc.constantFrom('nonce', 'gas', 'to', 'value', 'data', 'chainId', 'type', 'v', 'extra', 'gasPrice'), fc.jsonValue()).map(([o, k, v]) => ({ ...o, [k]: v }))
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.object(), valid, mutations), (o) => {
        outcome(() => tx.fromJson(JSON.parse(JSON.stringify(o ?? null))))
      }),
      RUNS,
    )
  })

  test('the CLI transaction text parser: any text gives a transaction or an AirsignError', () => {
    const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex')
    const texts = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      mutated(unsignedBytes).map((b) => '0x' + hexOf(b)),
      fc.tuple(unsignedBytes, fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })).map(([b, pre, post]) => pre + '0x' + hexOf(b) + post),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.tuple(fc.jsonValue().map((v) => JSON.stringify(v)), fc.nat()).map(([s, n]) => s.slice(0, n % (s.length + 1))),
    )
    fc.assert(
      fc.property(texts, (s) => {
        outcome(() => parseTxText(s))
      }),
      RUNS,
    )
  })
})

describe('typed transactions and typed data (issues 3 and 4)', () => {
  const addr = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => address.toChecksum(b))
  const u = (max: bigint): fc.Arbitrary<bigint> => fc.bigInt({ min: 0n, max })
  const fees = fc.tuple(u((1n << 256n) - 1n), u((1n << 256n) - 1n)).map(([a, b]): [bigint, bigint] => (a < b ? [a, b] : [b, a]))
  const accessList = fc.array(fc.record({ address: addr, storageKeys: fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }).map(bytes.bytesToHex), { maxLength: 3 }) }), { maxLength: 3 })
  const typed = fc.record({
    type: fc.constantFrom(1, 2),
    chainId: u(2n ** 53n - 1n).map((c) => c + 1n),
    nonce: fc.nat(),
    gasLimit: u((1n << 64n) - 1n),
    fees,
    to: fc.option(addr, { nil: null }),
    value: u((1n << 256n) - 1n),
    data: fc.uint8Array({ maxLength: 40 }).map(bytes.bytesToHex),
    accessList,
  }).map(({ fees: [tip, cap], ...f }) => (f.type === 1 ? { ...f, gasPrice: cap } : { ...f, maxPriorityFeePerGas: tip, maxFeePerGas: cap }))
  const typedBytes = typed.map((f) => Uint8Array.from(Buffer.from(Transaction.from(f).unsignedSerialized.slice(2), 'hex')))

  test('decodeUnsigned agrees with ethers on random EIP-2930 and EIP-1559 transactions (the unsigned form re-encodes exactly)', () => {
    fc.assert(
      fc.property(typed, (f) => {
        const raw = Transaction.from(f).unsignedSerialized
        const t = tx.decodeUnsigned(bytes.hexToBytes(raw, 'tx'))
        expect([t.type, t.chainId, t.nonce, t.gas, t.value]).toEqual([f.type, f.chainId, BigInt(f.nonce), f.gasLimit, f.value])
        expect(bytes.bytesToHex(tx.signingPayload(t))).toBe(raw)
      }),
      RUNS,
    )
  })

  test('random and mutated typed transactions: one that re-encodes to the input, or an AirsignError', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(typedBytes), mutated(mutated(typedBytes)), fc.uint8Array({ maxLength: 80 }).map((b) => Uint8Array.of(1 + (b[0] ?? 0) % 4, ...b))), (b) => {
        const r = outcome(() => tx.decodeUnsigned(b))
        if (r.ok) expect(bytes.bytesToHex(tx.signingPayload(r.value))).toBe(bytes.bytesToHex(b))
      }),
      RUNS,
    )
  })

  test('typed data: random and mutated documents give hashes equal to eth-sig-util V4, or an AirsignError', () => {
    const types = fc.constantFrom('uint8', 'int16', 'uint256', 'bool', 'address', 'string', 'bytes', 'bytes4', 'Person', 'Person[]', 'uint8[2]', 'Nope')
    const value = fc.oneof(fc.jsonValue(), addr, fc.boolean(), fc.integer(), fc.constant('0x01020304'), fc.record({ name: fc.string(), wallet: addr }))
    const doc = fc.record({ t: types, v: value, name: fc.string({ maxLength: 8 }), chainId: fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), drop: fc.boolean() }).map(({ t, v, name, chainId, drop }) => ({
      types: {
        ...(drop ? {} : { EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'chainId', type: 'uint256' }] }),
        Person: [{ name: 'name', type: 'string' }, { name: 'wallet', type: 'address' }],
        Doc: [{ name: 'v', type: t }],
      },
      primaryType: 'Doc',
      domain: { name, chainId },
      message: { v },
    }))
    fc.assert(
      fc.property(fc.oneof(doc, fc.jsonValue()), (d) => {
        const json = JSON.parse(JSON.stringify(d ?? null))
        const r = outcome(() => hashTypedData(parseTypedData(json)))
        if (r.ok) expect(bytes.bytesToHex(r.value.digest)).toBe(bytes.bytesToHex(TypedDataUtils.eip712Hash(json, SignTypedDataVersion.V4)))
      }),
      RUNS,
    )
  })
})

describe('blob transactions and their network wrapper (issue 14)', () => {
  const addr = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => address.toChecksum(b))
  const u = (max: bigint): fc.Arbitrary<bigint> => fc.bigInt({ min: 0n, max })
  const hash = fc.uint8Array({ minLength: 31, maxLength: 31 }).map((b) => bytes.bytesToHex(Uint8Array.of(1, ...b)))
  const blob = fc.record({
    chainId: u(2n ** 53n - 1n).map((c) => c + 1n),
    nonce: fc.nat(),
    gasLimit: u((1n << 64n) - 1n),
    fees: fc.tuple(u((1n << 256n) - 1n), u((1n << 256n) - 1n)).map(([a, b]) => (a < b ? [a, b] : [b, a])),
    to: addr,
    value: u((1n << 256n) - 1n),
    data: fc.uint8Array({ maxLength: 40 }).map(bytes.bytesToHex),
    maxFeePerBlobGas: u((1n << 256n) - 1n),
    blobVersionedHashes: fc.array(hash, { minLength: 1, maxLength: 4 }),
  }).map(({ fees: [tip, cap], ...f }) => ({ type: 3, ...f, maxPriorityFeePerGas: tip!, maxFeePerGas: cap! }))
  const blobBytes = blob.map((f) => bytes.hexToBytes(Transaction.from(f).unsignedSerialized, 'tx'))
  const KEY = new Wallet('0x' + '11'.repeat(32))
  const signedBlobBytes = blob.map((f) => {
    const t = Transaction.from(f)
    t.signature = KEY.signingKey.sign(t.unsignedHash)
    return bytes.hexToBytes(t.serialized, 'tx')
  })

  /** What inspect does with raw bytes: unwrap, decode (unsigned, else signed), check the wrapper against the transaction. */
  const inspect = (b: Uint8Array): tx.UnsignedTx => {
    const w = tx.decodeWrapper(b)
    const inner = w ? w.tx : b
    let t: tx.UnsignedTx
    try {
      t = tx.decodeUnsigned(inner)
    } catch (e) {
      if (!(e instanceof AirsignError && e.code === 'TX_SIGNED')) throw e
      t = tx.decodeSigned(inner).tx
    }
    if (w) tx.checkWrapper(w, t.type === 3 ? t.blobVersionedHashes : [])
    return t
  }

  // A wrapper of one blob (131072 bytes) around a transaction whose one versioned hash is its commitment's.
  const wrapped = (version: 0 | 1, signed: boolean): Uint8Array => {
    const commitment = Uint8Array.from({ length: 48 }, (_, i) => i + version)
    const f = { type: 3, chainId: 1, nonce: 0, maxFeePerGas: 2, maxPriorityFeePerGas: 1, gasLimit: 21000, to: '0x' + '35'.repeat(20), maxFeePerBlobGas: 1, blobVersionedHashes: [bytes.bytesToHex(tx.versionedHash(commitment))] }
    const t = Transaction.from(f)
    if (signed) t.signature = KEY.signingKey.sign(t.unsignedHash)
    const body = decodeRlp('0x' + (signed ? t.serialized : t.unsignedSerialized).slice(4)) // the fields after the type byte
    const blobHex = '0x' + 'ab'.repeat(131072)
    const proofs = version === 1 ? Array.from({ length: 128 }, (_, i) => '0x' + (i % 256).toString(16).padStart(2, '0').repeat(48)) : ['0x' + 'cd'.repeat(48)]
    const items = version === 1 ? [body, '0x01', [blobHex], [bytes.bytesToHex(commitment)], proofs] : [body, [blobHex], [bytes.bytesToHex(commitment)], proofs]
    return bytes.hexToBytes('0x03' + encodeRlp(items as never).slice(2), 'wrapper')
  }
  const WRAPPERS = [wrapped(0, false), wrapped(1, false), wrapped(0, true), wrapped(1, true)]

  /** One mutation where the structure is (the first and last bytes), not in the middle of the blob. */
  const structural = (base: Uint8Array): fc.Arbitrary<Uint8Array> =>
    fc.tuple(fc.nat(), fc.boolean(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'set')).map(([at, tail, v, how]) => {
      const i = tail ? base.length - 1 - (at % 7000) : at % 220
      if (how === 'truncate') return base.subarray(0, i)
      if (how === 'insert') return Uint8Array.from([...base.subarray(0, i), v, ...base.subarray(i)])
      if (how === 'delete') return Uint8Array.from([...base.subarray(0, i), ...base.subarray(i + 1)])
      const b = Uint8Array.from(base)
      b[i] = how === 'flip' ? b[i]! ^ (1 << (v % 8)) : v
      return b
    })

  test('random bytes after 0x03 and mutated unsigned blob transactions: one that re-encodes to the input, or a TX_* error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 120 }).map((b) => Uint8Array.of(3, ...b)), mutated(blobBytes), mutated(mutated(blobBytes))), (b) => {
        const r = outcome(() => tx.decodeUnsigned(b))
        if (r.ok) expect(bytes.bytesToHex(tx.signingPayload(r.value))).toBe(bytes.bytesToHex(b))
        else expect(r.code).toMatch(/^TX_/)
      }),
      RUNS,
    )
  })

  test('decodeUnsigned agrees with ethers on random blob transactions', () => {
    fc.assert(
      fc.property(blob, (f) => {
        const raw = Transaction.from(f).unsignedSerialized
        const t = tx.decodeUnsigned(bytes.hexToBytes(raw, 'tx'))
        expect(t.type === 3 && [t.chainId, t.nonce, t.gas, t.maxFeePerBlobGas, t.blobVersionedHashes.map(bytes.bytesToHex)]).toEqual([f.chainId, BigInt(f.nonce), f.gasLimit, f.maxFeePerBlobGas, f.blobVersionedHashes])
        expect(bytes.bytesToHex(tx.signingPayload(t))).toBe(raw)
      }),
      RUNS,
    )
  })

  test('mutated signed blob transactions: decoded (and re-encoded) or a TX_* / BAD_SIGNATURE error', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(signedBlobBytes), mutated(mutated(signedBlobBytes))), (b) => {
        const r = outcome(() => inspect(b))
        if (!r.ok) expect(r.code).toMatch(/^(TX_|BAD_SIGNATURE$)/)
      }),
      RUNS,
    )
  })

  test('mutated network wrappers (both versions) around an unsigned transaction: read, or a TX_* error', () => {
    for (const w of WRAPPERS.slice(0, 2)) expect(inspect(w).type).toBe(3)
    fc.assert(
      fc.property(fc.oneof(structural(WRAPPERS[0]!), structural(WRAPPERS[1]!), mutated(fc.constant(WRAPPERS[0]!.subarray(0, 300)))), (b) => {
        const r = outcome(() => inspect(b))
        if (!r.ok) expect(r.code).toMatch(/^TX_/)
      }),
      { ...RUNS, numRuns: Math.min(RUNS.numRuns, 300) },
    )
  })

  test('mutated network wrappers around a signed transaction: read, or a TX_* / BAD_SIGNATURE error', () => {
    for (const w of WRAPPERS.slice(2)) expect(inspect(w).type).toBe(3)
    fc.assert(
      fc.property(fc.oneof(structural(WRAPPERS[2]!), structural(WRAPPERS[3]!)), (b) => {
        const r = outcome(() => inspect(b))
        if (!r.ok) expect(r.code).toMatch(/^(TX_|BAD_SIGNATURE$)/)
      }),
      { ...RUNS, numRuns: Math.min(RUNS.numRuns, 300) },
    )
  })

  test('wrapper-shaped RLP of random small items: a TX_* error, never anything else', () => {
    const small = fc.uint8Array({ maxLength: 60 })
    const list = fc.array(small, { maxLength: 4 })
    const shape = fc.oneof(
      fc.tuple(fc.array(small, { maxLength: 11 }), list, list, list),
      fc.tuple(fc.array(small, { maxLength: 11 }), fc.oneof(small, fc.constant(Uint8Array.of(1))), list, list, list),
    )
    fc.assert(
      fc.property(shape, (items) => {
        const r = outcome(() => inspect(Uint8Array.of(3, ...rlp.encode(items as rlp.Item))))
        expect(r.ok ? 'ok' : r.code).toMatch(/^TX_/)
      }),
      RUNS,
    )
  })
})

describe('paths', () => {
  /**
   * The reference: "m", then levels of digits with an optional ' h H, each index below 2^31,
   * checked level by level (the first bad level decides the code); then at most 255 levels.
   */
  function reference(s: string): number[] | string {
    const [head, ...levels] = s.split('/')
    if (head !== 'm') return 'PATH_SYNTAX'
    const out: number[] = []
    for (const l of levels) {
      if (!/^[0-9]+['hH]?$/.test(l)) return 'PATH_SYNTAX'
      const n = BigInt(l.replace(/['hH]$/, ''))
      if (n >= 0x80000000n) return 'PATH_INDEX'
      out.push(Number(n) + (/['hH]$/.test(l) ? 0x80000000 : 0))
    }
    if (out.length > 255) return 'PATH_DEPTH'
    return out
  }
  test("parsePath agrees with the reference on random text from the path alphabet", () => {
    const level = fc.tuple(fc.oneof(fc.nat({ max: 99 }).map(String), fc.bigInt({ min: 0n, max: 1n << 40n }).map(String), fc.constantFrom('2147483647', '2147483648', '007', '')), fc.constantFrom('', "'", 'h', 'H', "''", 'x', ' '))
    const paths = fc.oneof(
      fc.tuple(fc.constantFrom('m', 'M', '', 'm/'), fc.array(level, { maxLength: 8 })).map(([m, ls]) => [m, ...ls.map(([n, h]) => n + h)].join('/')),
      fc.string({ unit: fc.constantFrom(..."m/0123456789'hH x-".split('')), maxLength: 30 }),
      fc.nat({ max: 300 }).map((n) => 'm' + '/1'.repeat(n)),
    )
    fc.assert(
      fc.property(paths, (s) => {
        const r = outcome(() => hd.parsePath(s))
        const want = reference(s)
        if (typeof want === 'string') expect(r).toEqual({ ok: false, code: want })
        else expect(r).toEqual({ ok: true, value: want })
      }),
      RUNS,
    )
  })
})

describe('mnemonics', () => {
  const english = wordlists.en!
  const words = Array.from({ length: 2048 }, (_, i) => english.getWord(i))
  const phrases = fc.oneof(
    // valid phrases of every length (ethers makes them from entropy)
    fc.constantFrom(16, 20, 24, 28, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })).map((e) => EthersMnemonic.fromEntropy(e).phrase),
    // random list words: mostly a bad checksum, sometimes a bad count
    fc.array(fc.constantFrom(...words), { minLength: 0, maxLength: 25 }).map((w) => w.join(' ')),
  )
  const mutatedPhrase = fc.tuple(phrases, fc.nat(), fc.constantFrom('swap', 'drop', 'upper', 'letter', 'dup')).map(([p, at, how]) => {
    const w = p.split(' ')
    const i = w.length ? at % w.length : 0
    if (how === 'swap' && w.length > 1) [w[0], w[i]] = [w[i]!, w[0]!]
    else if (how === 'drop') w.splice(i, 1)
    else if (how === 'upper' && w.length) w[i] = w[i]!.toUpperCase()
    else if (how === 'letter' && w.length) w[i] = w[i]! + 'a'
    else if (how === 'dup' && w.length) w.splice(i, 0, w[i]!)
    return w.join(' ')
  })
  // ethers accepts words in any letter case; airsign takes them only as the list writes them (README,
  // "Mnemonics"): PBKDF2 hashes the text as given, so "ABANDON …" would give another seed than "abandon …".
  test('parse (English) says valid exactly when ethers does (for lower-case text); never anything but a MNEMONIC_* error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(phrases, mutatedPhrase), async (p) => {
        const r = await outcomeAsync(() => mnemonic.parse(p, 'english'))
        expect(r.ok).toBe(EthersMnemonic.isValidMnemonic(p, english) && p === p.toLowerCase())
        if (!r.ok) expect(r.code).toMatch(/^MNEMONIC_(WORD_COUNT|UNKNOWN_WORD|CHECKSUM)$/)
        else expect(r.value.phrase).toBe(p)
      }),
      { ...RUNS, numRuns: 300 },
    )
  })

  test('parse (any language) on random Unicode text: a mnemonic or a MNEMONIC_* error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.string({ maxLength: 300 })), async (s) => {
        const r = await outcomeAsync(() => mnemonic.parse(s))
        if (!r.ok) expect(r.code).toMatch(/^MNEMONIC_/)
      }),
      { ...RUNS, numRuns: 300 },
    )
  })
})

describe('other parsers of user input', () => {
  test('address.parse: an address or BAD_ADDRESS', () => {
    const texts = fc.oneof(fc.string({ maxLength: 50 }), fc.uint8Array({ minLength: 20, maxLength: 20 }).chain((b) => fc.constantFrom('0x', '0X', '').map((p) => p + Buffer.from(b).toString('hex'))))
    fc.assert(fc.property(texts, (s) => {
      const r = outcome(() => address.parse(s, 'to'))
      if (!r.ok) expect(r.code).toBe('BAD_ADDRESS')
      else expect(r.value.length).toBe(20)
    }), RUNS)
  })

  test('hd.fromExtendedKey: random and mutated xprv/xpub text give a key or XKEY_INVALID', () => {
    const x = 'xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi'
    const texts = fc.oneof(fc.string({ maxLength: 120 }), fc.tuple(fc.nat({ max: 110 }), fc.constantFrom(...'123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0OIl'.split(''))).map(([i, c]) => x.slice(0, i) + c + x.slice(i + 1)))
    fc.assert(fc.property(texts, (s) => {
      const r = outcome(() => hd.fromExtendedKey(s))
      if (!r.ok) expect(r.code).toBe('XKEY_INVALID')
    }), RUNS)
  })

  test('QR: bytewords, CBOR and eth-sign-request decoding of random and mutated bytes never throw anything but an AirsignError', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'abdehjklmnoprstuvwxyz'.split('')), maxLength: 80 }), (s) => {
      outcome(() => bytewords.decodeMinimal(s))
    }), RUNS)
    const cborItem = fc.jsonValue().map((v) => cbor.encode(toCbor(v)))
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), mutated(cborItem)), (b) => {
      outcome(() => cbor.decode(b))
      outcome(() => registry.decodeSignRequest(b))
    }), RUNS)
  })
})

/** JSON value → the CBOR subset's values (maps, arrays, text, integers, booleans). */
function toCbor(v: unknown): cbor.Value {
  if (Array.isArray(v)) return v.map(toCbor)
  if (v && typeof v === 'object') return new Map<cbor.Value, cbor.Value>(Object.entries(v).map(([k, x]) => [k, toCbor(x)]))
  if (typeof v === 'number') return BigInt(Number.isSafeInteger(v) && v >= 0 ? v : 0)
  if (typeof v === 'string' || typeof v === 'boolean') return v
  return null
}

test('RLP canonical-form rejections agree with the spec examples', () => {
  // ethers writes exactly the bytes given: a leading zero survives into the encoding.
  expect(outcome(() => tx.decodeUnsigned(Uint8Array.from(Buffer.from(encodeRlp(['0x0009', '0x01', '0x01', '0x', '0x', '0x', '0x01', '0x', '0x']).slice(2), 'hex'))))).toEqual({ ok: false, code: 'TX_FIELD' })
  for (const h of ['8100', '8101', '817f', 'b80100', 'b90001' + '00', 'c1', 'f800']) expect(outcome(() => rlp.decode(Uint8Array.from(Buffer.from(h, 'hex'))))).toEqual({ ok: false, code: 'TX_DECODE' })
})

describe('key sources and Safe inputs (issues 13 and 14)', () => {
  const SLIP39 = (JSON.parse(readFileSync(new URL('../../test-vectors/slip39/slip39-vectors.json', import.meta.url), 'utf8')) as [string, string[], string, string][]).filter((v) => v[2] !== '')
  const WORDLIST = SLIP39_WORDS
  test('SLIP-39: random word sequences and mutated valid sets give the master secret or a SLIP39_* (or passphrase) error', () => {
    const word = fc.oneof(fc.constantFrom(...WORDLIST), fc.string({ maxLength: 9 }))
    const randomSet = fc.array(fc.array(word, { minLength: 18, maxLength: 35 }).map((w) => w.join(' ')), { minLength: 1, maxLength: 4 })
    const mutated = fc.tuple(fc.constantFrom(...SLIP39), fc.nat(), fc.nat(), fc.constantFrom(...WORDLIST)).map(([v, i, j, w]) => {
      const shares = v[1].map((s) => s.split(' '))
      const s = shares[i % shares.length]!
      s[j % s.length] = w
      return shares.map((x) => x.join(' '))
    })
    fc.assert(
      fc.property(fc.oneof(randomSet, mutated), fc.constantFrom('', 'TREZOR'), (shares, pass) => {
        const r = outcome(() => slip39.recoverMasterSecret(shares, pass))
        if (!r.ok) expect(r.code).toMatch(/^SLIP39_/)
        else expect(r.value.length).toBeGreaterThanOrEqual(16)
      }),
      { ...RUNS, numRuns: 300 },
    )
  })
  test('keystore JSON: random values and mutated files are refused with a KEYSTORE_* code before any key derivation, or parse', () => {
    const base = { version: 3, crypto: { cipher: 'aes-128-ctr', cipherparams: { iv: '00'.repeat(16) }, ciphertext: '11'.repeat(32), kdf: 'scrypt', kdfparams: { n: 1024, r: 8, p: 1, dklen: 32, salt: '22'.repeat(32) }, mac: '33'.repeat(32) } }
    const mutate = fc.tuple(fc.constantFrom('version', 'cipher', 'iv', 'ciphertext', 'kdf', 'n', 'r', 'p', 'dklen', 'salt', 'mac'), fc.jsonValue()).map(([k, v]) => {
      const o = structuredClone(base) as Record<string, any>
      if (k === 'version') o.version = v
      else if (k === 'cipher' || k === 'ciphertext' || k === 'kdf' || k === 'mac') o.crypto[k] = v
      else if (k === 'iv') o.crypto.cipherparams.iv = v
      else o.crypto.kdfparams[k] = v
      return o
    })
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutate), (json) => {
        const r = outcome(() => keystore.parseKeystore(json))
        if (!r.ok) expect(r.code).toMatch(/^KEYSTORE_/)
      }),
      { ...RUNS, numRuns: 500 },
    )
  })
  test('raw private key text: a key exactly when it is 64 hex digits (0x optional, white space around) in 1 … n-1, else PRIVATE_KEY_INVALID', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\s*(0x)?[0-9a-fA-F]{62,66}\s*$/)), (text) => {
        const r = outcome(() => raw.parsePrivateKeyHex(text))
        const m = /^\s*(?:0x)?([0-9a-fA-F]{64})\s*$/.exec(text)
        const n = m ? BigInt('0x' + m[1]) : null
        const valid = n !== null && n > 0n && n < 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
        expect(r.ok ? 'key' : r.code).toBe(valid ? 'key' : 'PRIVATE_KEY_INVALID')
      }),
      RUNS,
    )
  })
  test('Safe transaction JSON: random values and mutated Transaction Service results give a SafeTx or a SAFE_TX_* (or USAGE) error', () => {
    const base = { safe: '0x' + '11'.repeat(20), to: '0x' + '22'.repeat(20), value: '0', data: null, operation: 0, safeTxGas: 0, baseGas: '0', gasPrice: '0', gasToken: '0x' + '00'.repeat(20), refundReceiver: '0x' + '00'.repeat(20), nonce: 3, confirmations: [] }
    const fields = Object.keys(base)
    const mutate = fc.tuple(fc.constantFrom(...fields), fc.jsonValue()).map(([k, v]) => ({ ...base, [k]: v }))
    const list = fc.array(fc.oneof(mutate, fc.constant(base)), { maxLength: 3 }).map((results) => ({ count: results.length, results }))
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutate, list), (json) => {
        const r = outcome(() => safeTxJson.parseSafeTxJson(json))
        if (!r.ok) expect(r.code).toMatch(/^(SAFE_TX_|USAGE$)/)
      }),
      RUNS,
    )
  })
  test('Safe signatures bytes: random and truncated blobs are read as the Safe reads them, or refused with SAFE_SIGNATURES', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }), (blob, count) => {
        const r = outcome(() => safeSignature.parseSignatures(blob, new Uint8Array(32).fill(7), count))
        if (!r.ok) expect(r.code).toBe('SAFE_SIGNATURES')
        else for (const s of r.value) expect(['eoa', 'eth_sign', 'approved', 'contract', 'invalid']).toContain(s.kind)
      }),
      RUNS,
    )
  })
})
