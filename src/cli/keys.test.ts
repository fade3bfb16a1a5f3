/**
 * Key sources beside the BIP-39 mnemonic, through the built command: SLIP-39
 * shares (file, environment, the terminal prompt), keystores (password from a
 * file, the environment, the prompt) and raw private keys; which source wins,
 * what each refuses, and that no share word, password or key reaches any
 * output. The oracles are Trezor's vectors and ethers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { encryptKeystoreJsonSync, HDNodeWallet, Transaction, Wallet } from 'ethers'
import { BIN, ROOT, runCli, typeAtPrompts, type Run } from '../test/cli.js'
import { EXIT } from '../errors.js'

const dir = mkdtempSync(join(tmpdir(), 'airsign-keys-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const put = (name: string, text: string): string => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

type Slip39Vector = [string, string[], string, string]
const SLIP39 = JSON.parse(readFileSync(join(ROOT, 'test-vectors/slip39/slip39-vectors.json'), 'utf8')) as Slip39Vector[]
const vector = (n: number): Slip39Vector => SLIP39[n - 1]!
/** The first account of a master secret, by ethers (the secret is the BIP-32 seed). */
const account0 = (secretHex: string) => HDNodeWallet.fromSeed('0x' + secretHex).derivePath("m/44'/60'/0'/0/0")
const TREZOR = { AIRSIGN_PASSPHRASE: 'TREZOR' }

const EIP155_UNSIGNED = '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080'
/** The EIP-155 example's key and signed transaction. */
const KEY = '0x' + '46'.repeat(32)
const SIGNED = '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83'
const WALLET = new Wallet(KEY)
const PASSWORD = 'Correct-Horse-77'
const KEYSTORE = put('keystore.json', encryptKeystoreJsonSync({ address: WALLET.address, privateKey: KEY }, PASSWORD, { scrypt: { N: 1024 } }))
const PASSWORD_FILE = put('password.txt', PASSWORD + '\n')
const KEY_FILE = put('key.txt', KEY + '\n')

/** Every secret of this file: no output may hold one. */
const SECRETS = [PASSWORD, KEY.slice(2), ...SLIP39.flatMap((v) => v[1]), ...SLIP39.map((v) => v[2]).filter(Boolean)]
function clean(r: Run): void {
  const out = r.stdout + r.stderr
  for (const s of SECRETS) expect(out.toLowerCase().includes(s.toLowerCase()), 'a secret in the output').toBe(false)
}
function failed(r: Run, code: keyof typeof EXIT, message: string): void {
  expect(r).toEqual({ code: EXIT[code], stdout: '', stderr: `airsign: ${message} [${code}]\n` })
  clean(r)
}

describe('SLIP-39 shares', () => {
  const one = put('one.txt', vector(1)[1].join('\n') + '\n')
  // vector 18: 2 of 4 groups, group 2 (1 of 1) and group 4 (2 of 2): three shares.
  const multi = put('multi.txt', vector(18)[1].join('\n') + '\n')
  test('a single-share backup: the address of its master secret with the passphrase, as Trezor derives it', async () => {
    expect(await runCli(['address', '--slip39-file', one], { env: TREZOR })).toEqual({ code: 0, stdout: account0(vector(1)[2]).address + '\n', stderr: '' })
  })
  test('a multi-group set, from the file, the environment and stdin; the seed is the master secret', async () => {
    const want = { code: 0, stdout: account0(vector(18)[2]).address + '\n', stderr: '' }
    expect(await runCli(['address', '--slip39-file', multi], { env: TREZOR })).toEqual(want)
    expect(await runCli(['address'], { env: { ...TREZOR, AIRSIGN_SLIP39: vector(18)[1].join('\n') } })).toEqual(want)
    expect(await runCli(['address', '--slip39-file', '-'], { env: TREZOR, stdin: vector(18)[1].join('\r\n') + '\r\n\r\n' })).toEqual(want)
    expect(await runCli(['seed', '--slip39-file', multi], { env: TREZOR })).toEqual({ code: 0, stdout: '0x' + vector(18)[2] + '\n', stderr: '' })
  })
  test('sign: the key at the path of the recovered seed signs what ethers signs', async () => {
    const w = account0(vector(18)[2])
    const r = await runCli(['sign', '--slip39-file', multi, '--tx', EIP155_UNSIGNED], { env: TREZOR })
    const t = Transaction.from(EIP155_UNSIGNED)
    t.signature = w.signingKey.sign(t.unsignedHash)
    expect(r).toEqual({ code: 0, stdout: t.serialized + '\n', stderr: '' })
  })
  test('mnemonic check describes the set without a word or the secret', async () => {
    const r = await runCli(['mnemonic', 'check', '--slip39-file', multi])
    expect(r).toEqual({ code: 0, stdout: 'valid: SLIP-39, 3 shares (group 2: 1 of 1, group 4: 2 of 2; 2 of 4 groups needed), a 128-bit master secret\n', stderr: '' })
    clean(r)
  })
  test('each refusal, by share position, never a word', async () => {
    const file = (n: number) => put(`v${n}.txt`, vector(n)[1].join('\n'))
    failed(await runCli(['address', '--slip39-file', file(2)], { env: TREZOR }), 'SLIP39_CHECKSUM', 'share 1: checksum does not match; a word is mistyped or two words are swapped')
    failed(await runCli(['address', '--slip39-file', file(3)], { env: TREZOR }), 'SLIP39_SHARE', 'share 1: its padding bits are not zero')
    failed(await runCli(['address', '--slip39-file', file(5)], { env: TREZOR }), 'SLIP39_INSUFFICIENT', 'too few shares (group 1: have 1, need 2)')
    failed(await runCli(['address', '--slip39-file', file(6)], { env: TREZOR }), 'SLIP39_SHARE_SET', 'share 2 does not belong with share 1: the identifier differs; the shares of one set begin with the same two words')
    const typo = vector(1)[1][0]!.split(' ')
    typo[6] = 'lengthy'
    const r = await runCli(['address', '--slip39-file', put('typo.txt', typo.join(' '))], { env: TREZOR })
    failed(r, 'SLIP39_WORD', 'share 1, word 7 is not in the SLIP-39 wordlist; write each word in full, as the list spells it')
    expect(r.stderr).not.toContain('lengthy')
    failed(await runCli(['mnemonic', 'check', '--slip39-file', file(5)]), 'SLIP39_INSUFFICIENT', 'these shares do not recover the master secret yet: 1 share (group 1: 1 of 2; 1 of 1 group needed)')
  })
  test('a share given as a mnemonic says what it is; --lang has no meaning for shares', async () => {
    const r = await runCli(['address', '--mnemonic-file', one])
    expect([r.code, r.stdout]).toEqual([3, ''])
    expect(r.stderr).toMatch(/\[MNEMONIC_WORD_COUNT\]\n$/)
    expect(r.stderr).toContain('; this looks like a SLIP-39 share (a Trezor Shamir backup): give it with --slip39-file or AIRSIGN_SLIP39 [')
    failed(await runCli(['address', '--slip39-file', one, '--lang', 'english'], { env: TREZOR }), 'USAGE', '--lang names a BIP-39 wordlist; SLIP-39 has one list')
  })
  test('the shares at the mnemonic prompt of a real terminal: the first says it is a share, the prompt asks for the rest', async () => {
    const shares = vector(18)[1]
    const { out, code } = await typeAtPrompts(`${process.execPath} ${BIN} address`, [shares[0]!, shares[1]!, shares[2]!], TREZOR)
    expect(code).toBe(0)
    expect(out).toContain('Mnemonic (input hidden): ')
    expect(out).toContain('SLIP-39 share 2 (input hidden, empty line: no more): ')
    expect(out).toContain('SLIP-39 share 3 (input hidden, empty line: no more): ')
    expect(out).not.toContain('SLIP-39 share 4')
    expect(out).toContain(account0(vector(18)[2]).address)
    for (const s of shares) for (const w of s.split(' ')) expect(out).not.toMatch(new RegExp(`\\b${w}\\b`))
  })
})

describe('keystores and raw private keys', () => {
  test('a keystore signs what its key signs; the password from a file, a descriptor, the environment', async () => {
    const want = { code: 0, stdout: SIGNED + '\n', stderr: '' }
    expect(await runCli(['sign', '--keystore', KEYSTORE, '--password-file', PASSWORD_FILE, '--tx', EIP155_UNSIGNED])).toEqual(want)
    expect(await runCli(['sign', '--keystore', KEYSTORE, '--password-file', '/dev/fd/3', '--tx', EIP155_UNSIGNED], { extraFds: [PASSWORD + '\r\n'] })).toEqual(want)
    expect(await runCli(['sign', '--keystore', KEYSTORE, '--tx', EIP155_UNSIGNED], { env: { AIRSIGN_KEYSTORE_PASSWORD: PASSWORD } })).toEqual(want)
  })
  test('a raw private key file; address of either is its one address', async () => {
    expect(await runCli(['sign', '--private-key-file', KEY_FILE, '--tx', EIP155_UNSIGNED])).toEqual({ code: 0, stdout: SIGNED + '\n', stderr: '' })
    expect(await runCli(['address', '--private-key-file', KEY_FILE, '--json'])).toEqual({ code: 0, stdout: JSON.stringify({ path: null, address: WALLET.address }) + '\n', stderr: '' })
    expect(await runCli(['address', '--keystore', KEYSTORE, '--password-file', PASSWORD_FILE])).toEqual({ code: 0, stdout: WALLET.address + '\n', stderr: '' })
  })
  test('every signing command takes them (message, typed data, hash, authorization, safe)', async () => {
    const k = ['--private-key-file', KEY_FILE]
    const msg = await runCli(['sign-message', '--message', 'hello', ...k])
    expect(msg).toEqual({ code: 0, stdout: WALLET.signMessageSync('hello') + '\n', stderr: '' })
    const hash = await runCli(['sign-hash', '--blind', '--hash', '0x' + '11'.repeat(32), ...k])
    expect([hash.code, hash.stdout]).toEqual([0, WALLET.signingKey.sign('0x' + '11'.repeat(32)).serialized + '\n'])
    const mail = JSON.parse(readFileSync(join(ROOT, 'test-vectors/eip712/eip712-mail-example.json'), 'utf8')) as { typedData: { types: Record<string, { name: string; type: string }[]>; domain: Record<string, unknown>; message: Record<string, unknown> } }
    const typed = await runCli(['sign-typed-data', '--keystore', KEYSTORE, '--password-file', PASSWORD_FILE], { stdin: JSON.stringify(mail.typedData) })
    const { EIP712Domain: _, ...types } = mail.typedData.types
    expect([typed.code, typed.stdout]).toEqual([0, (await WALLET.signTypedData(mail.typedData.domain, types, mail.typedData.message)) + '\n'])
    const auth = await runCli(['sign-authorization', '--chain-id', '1', '--address', '0xe6Cae83BdE06E4c305530e199D7217f42808555B', '--nonce', '0', '--accept', 'AUTHORIZATION_UNKNOWN_DELEGATE', ...k])
    expect(auth.code).toBe(0)
    const safe = await runCli(['safe', 'sign', '--to', '0x' + '22'.repeat(20), '--nonce', '1', '--safe', '0x' + '33'.repeat(20), '--chain-id', '1', '--safe-version', '1.3.0', ...k, '--json'])
    expect([safe.code, JSON.parse(safe.stdout).signer]).toEqual([0, WALLET.address])
  })
  test('the refusals: wrong password, bad files, a path, a passphrase, a command that needs a seed, two sources', async () => {
    failed(await runCli(['address', '--keystore', KEYSTORE, '--password-file', put('wrong.txt', 'Correct-Horse-78\n')]), 'KEYSTORE_PASSWORD', 'keystore: wrong password (or a damaged file): the MAC does not match')
    failed(await runCli(['address', '--keystore', put('bad.json', '{"version":3')], { env: { AIRSIGN_KEYSTORE_PASSWORD: PASSWORD } }), 'KEYSTORE_JSON', 'the keystore is not valid JSON')
    const huge = JSON.parse(readFileSync(KEYSTORE, 'utf8'))
    huge.Crypto.kdfparams.n = 2 ** 22
    huge.Crypto.kdfparams.r = 8
    const r = await runCli(['address', '--keystore', put('huge.json', JSON.stringify(huge)), '--password-file', PASSWORD_FILE])
    expect([r.code, r.stdout]).toEqual([3, ''])
    expect(r.stderr).toMatch(/above airsign's bound 1 GiB.*\[KEYSTORE_KDF\]\n$/)
    failed(await runCli(['address', '--private-key-file', put('short.txt', '0x1234\n')]), 'PRIVATE_KEY_INVALID', 'private key: expected 64 hex digits (32 bytes), with or without 0x')
    failed(await runCli(['address', '--private-key-file', put('zero.txt', '0'.repeat(64))]), 'PRIVATE_KEY_INVALID', 'private key: not a secp256k1 private key (it must be in 1 … n-1: not 0, not the curve order or above)')
    failed(await runCli(['sign', '--private-key-file', KEY_FILE, '--tx', EIP155_UNSIGNED, '--path', "m/44'/60'/0'/0/1"]), 'USAGE', '--path: --private-key-file holds one key, not a tree of keys')
    failed(await runCli(['sign', '--keystore', KEYSTORE, '--password-file', PASSWORD_FILE, '--tx', EIP155_UNSIGNED, '--passphrase-file', PASSWORD_FILE]), 'USAGE', '--passphrase-file goes with a mnemonic or SLIP-39 shares, not --keystore')
    failed(await runCli(['derive', '--private-key-file', KEY_FILE]), 'USAGE', 'this command needs a seed (a mnemonic or SLIP-39 shares): a private key holds one key')
    failed(await runCli(['qr', 'account', '--keystore', KEYSTORE]), 'USAGE', 'this command needs a seed (a mnemonic or SLIP-39 shares): a keystore holds one key')
    failed(await runCli(['address', '--keystore', KEYSTORE, '--private-key-file', KEY_FILE]), 'USAGE', 'give one key source: --keystore and --private-key-file both name one')
    failed(await runCli(['address'], { env: { AIRSIGN_MNEMONIC: 'x', AIRSIGN_SLIP39: 'y' } }), 'USAGE', 'AIRSIGN_MNEMONIC and AIRSIGN_SLIP39 are both set: unset the one you do not mean')
    failed(await runCli(['address', '--password-file', PASSWORD_FILE], { env: { AIRSIGN_MNEMONIC: 'x' } }), 'USAGE', '--password-file is the password of a --keystore')
    failed(await runCli(['address', '--keystore', KEYSTORE]), 'NO_SECRET_SOURCE', 'no keystore password given and no terminal to ask on; give --password-file PATH (or - for stdin, /dev/fd/N) or set AIRSIGN_KEYSTORE_PASSWORD')
  })
  test('a key file beats the environment, and says what it ignores', async () => {
    const r = await runCli(['address', '--private-key-file', KEY_FILE], { env: { AIRSIGN_MNEMONIC: 'test test test test test test test test test test test junk', AIRSIGN_PASSPHRASE: 'x' } })
    expect(r).toEqual({ code: 0, stdout: WALLET.address + '\n', stderr: 'airsign: warning: AIRSIGN_MNEMONIC is ignored: --private-key-file is the key\nairsign: warning: AIRSIGN_PASSPHRASE is ignored: --private-key-file has no BIP-39 passphrase\n' })
  })
  test('the keystore password at the prompt of a real terminal, not echoed', async () => {
    const { out, code } = await typeAtPrompts(`${process.execPath} ${BIN} address --keystore ${KEYSTORE}`, [PASSWORD])
    expect(code).toBe(0)
    expect(out).toContain('Keystore password (input hidden): ')
    expect(out).toContain(WALLET.address)
    expect(out).not.toContain(PASSWORD)
  })
})
