import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, utf8ToBytes } from './bytes.js'
import { encodeType, hashTypedData, parseTypedData, typeHash } from './typed-data.js'
import { asPrivateKey, signDigest, asDigest } from './sign.js'
import { toBytes65 } from './message.js'
import { ROOT } from './test/cli.js'

const MAIL = JSON.parse(readFileSync(join(ROOT, 'test-vectors/eip712/eip712-mail-example.json'), 'utf8'))
const E = MAIL.expected

function refused(doc: unknown): { code: string; message: string } {
  try {
    parseTypedData(doc)
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message }
  }
  throw new Error('accepted')
}
const mail = (edit: (d: any) => void): unknown => {
  const d = structuredClone(MAIL.typedData)
  edit(d)
  return d
}

describe('EIP-712 Mail example (values transcribed from the EIP)', () => {
  test('encodeType, typeHash, domain separator, struct hash, digest and the signature with the example key', () => {
    const doc = parseTypedData(MAIL.typedData)
    expect(encodeType('Mail', doc.types)).toBe(E.encodeTypeMail)
    expect(bytesToHex(typeHash('Mail', doc.types))).toBe(E.typeHashMail)
    const h = hashTypedData(doc)
    expect([bytesToHex(h.domainSeparator), bytesToHex(h.structHash!), bytesToHex(h.digest)]).toEqual([E.domainSeparator, E.structHashMail, E.signHash])
    const sig = signDigest(asDigest(h.digest), asPrivateKey(keccak_256(utf8ToBytes('cow'))))
    expect(bytesToHex(toBytes65(sig))).toBe(E.signature)
  })

  test('primaryType EIP712Domain signs the domain alone', () => {
    const h = hashTypedData(parseTypedData(mail((d) => { d.primaryType = 'EIP712Domain'; delete d.message })))
    expect(h.structHash).toBeNull()
    expect(bytesToHex(h.digest)).toBe(bytesToHex(keccak_256(new Uint8Array([0x19, 0x01, ...h.domainSeparator]))))
  })
})

describe('invalid documents: one error naming the field', () => {
  test.each([
    ['not an object', [], 'TYPED_DATA_JSON', 'typed data must be a JSON object with types, primaryType, domain and message'],
    ['unknown top-level key', mail((d) => (d.extra = 1)), 'TYPED_DATA_JSON', 'unknown top-level key "extra" (expected types, primaryType, domain, message)'],
    ['unknown type', mail((d) => (d.types.Mail[2].type = 'Letter')), 'TYPED_DATA_TYPE', 'types.Mail[2] (contents): unknown type "Letter"'],
    ['bare uint', mail((d) => (d.types.Mail[2].type = 'uint')), 'TYPED_DATA_TYPE', 'types.Mail[2] (contents): unknown type "uint" (write uint256 or int256)'],
    ['uint7', mail((d) => (d.types.Mail[2].type = 'uint7')), 'TYPED_DATA_TYPE', 'types.Mail[2] (contents): unknown type "uint7"'],
    ['primaryType missing from types', mail((d) => (d.primaryType = 'Letter')), 'TYPED_DATA_TYPE', 'primaryType "Letter" is not in types'],
    ['recursive type', mail((d) => d.types.Person.push({ name: 'friend', type: 'Person' })), 'TYPED_DATA_TYPE', 'recursive type: Person → Person contains itself with no array in between, so no finite value exists'],
    ['EIP712Domain missing', mail((d) => delete d.types.EIP712Domain), 'TYPED_DATA_TYPE', 'types.EIP712Domain is missing: MetaMask would sign an empty domain, ethers the fields of domain; declare the domain fields'],
    ['domain field of another type', mail((d) => (d.types.EIP712Domain[2].type = 'uint64')), 'TYPED_DATA_TYPE', 'types.EIP712Domain[2]: chainId must have type uint256, not uint64'],
    ['domain fields out of order', mail((d) => d.types.EIP712Domain.reverse()), 'TYPED_DATA_TYPE', "types.EIP712Domain[1]: chainId is out of the EIP's order (name, version, chainId, verifyingContract, salt)"],
    ['missing field', mail((d) => delete d.message.to.wallet), 'TYPED_DATA_FIELD', 'message.to.wallet: missing (type address)'],
    ['extra field', mail((d) => (d.message.to.age = 3)), 'TYPED_DATA_FIELD', 'message.to.age: not a member of Person: it would not be signed'],
    ['extra domain field', mail((d) => (d.domain.salt = '0x' + '00'.repeat(32))), 'TYPED_DATA_FIELD', 'domain.salt: not a member of EIP712Domain: it would not be signed'],
    ['bad address checksum', mail((d) => (d.message.to.wallet = '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbb')), 'TYPED_DATA_FIELD', 'message.to.wallet: EIP-55 checksum does not match (mistyped address?)'],
    ['chainId not an integer', mail((d) => (d.domain.chainId = '1.5')), 'TYPED_DATA_FIELD', 'domain.chainId: expected an integer (a number, a decimal string or 0x hex)'],
    ['string that is a number', mail((d) => (d.message.contents = 5)), 'TYPED_DATA_FIELD', 'message.contents: expected a string'],
  ])('%s', (_name, doc, code, message) => {
    expect(refused(doc)).toEqual({ code, message })
  })

  test('integer ranges, bytesN lengths, bool, bytes, fixed arrays, depth', () => {
    const doc = (type: string, value: unknown): unknown => ({ types: { EIP712Domain: [], T: [{ name: 'v', type }] }, primaryType: 'T', domain: {}, message: { v: value } })
    expect(refused(doc('int8', 128)).message).toBe('message.v: out of range for int8 (-128 … 127)')
    expect(refused(doc('uint256', '-1')).message).toBe('message.v: out of range for uint256 (0 … 115792089237316195423570985008687907853269984665640564039457584007913129639935)')
    expect(refused(doc('uint64', 2 ** 60)).message).toBe('message.v: a JSON number above 2^53-1 (or with a fraction) is not exact; write it as a string')
    expect(refused(doc('bytes4', '0x010203')).message).toBe('message.v: expected 4 bytes, got 3')
    expect(refused(doc('bytes', 'hello')).message).toBe('message.v: expected 0x followed by an even number of hex digits')
    expect(refused(doc('bool', 'false')).message).toBe('message.v: expected true or false')
    expect(refused(doc('uint8[2]', [1])).message).toBe('message.v: expected 2 elements, got 1')
    expect(refused(doc('uint8[]', 1)).message).toBe('message.v: expected an array (type uint8[])')
    let deep: unknown = 1
    for (let i = 0; i < 70; i++) deep = [deep]
    expect(refused(doc('uint8' + '[]'.repeat(71), deep)).message).toMatch(/nested deeper than 64 levels$/)
    expect(hashTypedData(parseTypedData(doc('int8', -128))).digest.length).toBe(32)
  })

  test('recursion through an array (a tree) is allowed', () => {
    const tree = { types: { EIP712Domain: [], Node: [{ name: 'value', type: 'uint8' }, { name: 'children', type: 'Node[]' }] }, primaryType: 'Node', domain: {}, message: { value: 1, children: [{ value: 2, children: [] }] } }
    expect(encodeType('Node', parseTypedData(tree).types)).toBe('Node(uint8 value,Node[] children)')
  })
})
