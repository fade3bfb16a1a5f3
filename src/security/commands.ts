/**
 * Test support: the commands of the built airsign, discovered from `--help`,
 * and an explicit table of argument sets for each command's success paths.
 * strace.test.ts and leak.test.ts both run this table, so a command added to
 * the table is checked for both. A command that `--help` lists but the table
 * does not know is still run (with a generic argument set) by strace.test.ts.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { encryptKeystoreJsonSync, getBytes, HDNodeWallet, Mnemonic, Transaction, Wallet } from 'ethers'
import { DataType, EthSignRequest } from '@keystonehq/bc-ur-registry-eth'
import { UREncoder } from '@ngraveio/bc-ur'
import { KEYSTORE_PASSWORD, PASSPHRASE, PHRASE, RAW_KEY, SHARES, SLIP39_PASSPHRASE } from './fixtures.js'
import { ROOT, runCli } from '../test/cli.js'

/** The EIP-155 example transaction (unsigned, chain id 1). */
export const EIP155_TX = '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080'

/** An EIP-1559 transaction signed by the Hardhat/Foundry test key (not the suite's secret). */
export const SIGNED_1559 = '0x02f86b0180843b9aca0085174876e8008252089435353535353535353535353535353535353535350180c001a026f323f209ca1450c667f1d49035ec11a73a235c63b91859cc88cfa9548ef728a018007c43591757b7f2e5a77eaf71ea6a0fce249de3ece7fcca2601b035a30995'

/** Both secrets in the environment. */
export const ENV = { AIRSIGN_MNEMONIC: PHRASE, AIRSIGN_PASSPHRASE: PASSPHRASE }

export type Case = {
  /** the command as `--help` names it, with the action for commands that take one ("mnemonic new") */
  command: string
  /** label of the case */
  name: string
  args: string[]
  stdin?: string
  env?: Record<string, string>
  fds?: string[]
  /** expected exit status (default 0) */
  exit?: number
  /** secrets (names from fixtures.secrets()) that the output may hold because they were asked for */
  allow?: (secret: string) => boolean
  /** stdout is a newly generated mnemonic (its words are not ours, but they are words) */
  newMnemonic?: boolean
}

/** An eth-sign-request (ERC-4527) for the known secret, legacy transaction at the default path. */
export function qrRequest(): string {
  const xfp = HDNodeWallet.fromSeed(Mnemonic.fromPhrase(PHRASE, PASSPHRASE).computeSeed()).fingerprint.slice(2)
  const unsigned = Buffer.from(getBytes(Transaction.from(EIP155_TX).unsignedSerialized))
  const req = EthSignRequest.constructETHRequest(unsigned, DataType.transaction, "m/44'/60'/0'/0/0", xfp, randomUUID(), 1)
  return new UREncoder(req.toUR(), 400).nextPart() + '\n'
}

/** The EIP-712 "Mail" document of the EIP (test-vectors/eip712). */
export function mailTypedData(): string {
  const v = JSON.parse(readFileSync(join(ROOT, 'test-vectors/eip712/eip712-mail-example.json'), 'utf8')) as { typedData: unknown }
  return JSON.stringify(v.typedData)
}

/** An ERC-20 transfer(0x1111…, 1) to USDC: calldata the review decodes with airsign's built-in ERC-20 descriptor. */
export const CALL_TX = JSON.stringify({ type: 2, chainId: 1, nonce: 0, maxFeePerGas: '2', maxPriorityFeePerGas: '1', gas: 60000, to: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', data: '0xa9059cbb' + '0'.repeat(24) + '11'.repeat(20) + '0'.repeat(63) + '1' })
/** A Uniswap exactInputSingle (a mainnet transaction of the registry's tests): registry/uniswap/calldata-UniswapV3Router02.json binds it. */
export const UNISWAP_TX =
  '0x02f9010c010d83989680843b9aca008304e2009468b3465833fb72a70ecdf485e0e4c7bd8665fc4580b8e404e45aaf000000000000000000000000c02aaa39b223fe8d0a0e5c4f27ead9083c756cc2000000000000000000000000dac17f958d2ee523a2206206994597c13d831ec70000000000000000000000000000000000000000000000000000000000000bb8000000000000000000000000eced4025456b6c2987fac2e4c829889e681986a70000000000000000000000000000000000000000000000000016fdae8fefba690000000000000000000000000000000000000000000000000000000000d41da00000000000000000000000000000000000000000000000000000000000000000c0'

/** A Safe 1.3.0 transaction on chain 1 (a USDC transfer from the Safe): what `airsign safe …` reads, as the Transaction Service returns it. */
export const SAFE_TX = JSON.stringify({
  safe: '0x1c694Fc3006D81ff4a56F97E1b99529066a23725',
  to: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
  value: '0',
  data: '0xa9059cbb00000000000000000000000092d0ebaf7eb707f0650f9471e61348f4656c29bc00000000000000000000000000000000000000000000000000000005d21dba00',
  operation: 0,
  safeTxGas: '0',
  baseGas: '0',
  gasPrice: '0',
  gasToken: '0x0000000000000000000000000000000000000000',
  refundReceiver: '0x0000000000000000000000000000000000000000',
  nonce: '63',
  safeTxHash: '0xad06b099fca34e51e4886643d95d9a19ace2cd024065efb66662a876e8c40343',
})
const SAFE_CTX = ['--safe-version', '1.3.0', '--chain-id', '1']
/** Its safeTxHash signed (EIP-712) by the Hardhat/Foundry test key 0xf39F…2266 (not the suite's secret). */
const SAFE_SIG = '0x34724f144767636b63cb47dcc7fc13df61b29b8e0554ba4e38978c71351513506a454052773401112f3ca28fe66036d8fb00fe661757752bd3a6f4aed16862c31b'

/**
 * The success paths, with the secret from each kind of source (environment,
 * file, descriptor, stdin, argv). `dir` is a temp directory of the test: the
 * mnemonic and passphrase files are written there (by the test, never by airsign).
 */
export function successCases(dir: string): Case[] {
  const mf = join(dir, 'mnemonic.txt')
  const pf = join(dir, 'passphrase.txt')
  writeFileSync(mf, PHRASE + '\n')
  writeFileSync(pf, PASSPHRASE + '\n')
  const FILE = ['--mnemonic-file', mf, '--passphrase-file', pf]
  const FD = { args: ['--mnemonic-file', '/dev/fd/3', '--passphrase-file', '/dev/fd/4'], fds: [PHRASE + '\n', PASSPHRASE + '\n'] }
  // Key sources beside the mnemonic (issue 14).
  const sharesFile = join(dir, 'shares.txt')
  writeFileSync(sharesFile, SHARES.join('\n') + '\n')
  const keystore = join(dir, 'keystore.json')
  writeFileSync(keystore, encryptKeystoreJsonSync({ address: new Wallet('0x' + RAW_KEY).address, privateKey: '0x' + RAW_KEY }, KEYSTORE_PASSWORD, { scrypt: { N: 1024 } }))
  const passwordFile = join(dir, 'password.txt')
  writeFileSync(passwordFile, KEYSTORE_PASSWORD + '\n')
  return [
    { command: 'sign', name: 'sign --tx, key from env', args: ['sign', '--tx', EIP155_TX], env: ENV },
    { command: 'sign', name: 'sign, tx on stdin, key from files, --json', args: ['sign', '--json', ...FILE], stdin: EIP155_TX + '\n' },
    { command: 'sign', name: 'sign, key on fds, JSON tx', args: ['sign', '--tx', JSON.stringify({ chainId: 1, nonce: 9, gasPrice: '20000000000', gas: 21000, to: '0x3535353535353535353535353535353535353535', value: '1000000000000000000' }), ...FD.args], fds: FD.fds },
    { command: 'sign', name: 'sign, mnemonic on stdin, --index 3', args: ['sign', '--tx', EIP155_TX, '--mnemonic-file', '-', '--index', '3'], stdin: PHRASE + '\n', env: { AIRSIGN_PASSPHRASE: PASSPHRASE } },
    { command: 'sign', name: 'sign, secrets on argv (warns)', args: ['sign', '--tx', EIP155_TX, '--mnemonic', PHRASE, '--passphrase', PASSPHRASE] },
    // Six lines: from the fourth on the WebAssembly engine signs (its file, or the executable's asset, is read).
    { command: 'sign', name: 'sign --batch, six lines (the batch engine)', args: ['sign', '--batch'], env: ENV, stdin: Array.from({ length: 6 }, (_, i) => JSON.stringify({ chainId: 1, nonce: i, gasPrice: '20000000000', gas: 21000, to: '0x3535353535353535353535353535353535353535', value: String(i) })).join('\n') + '\n' },
    { command: 'address', name: 'address, key from env', args: ['address'], env: ENV },
    { command: 'address', name: 'address --count 40 --json, key from file', args: ['address', '--count', '40', '--json', ...FILE] },
    { command: 'address', name: 'address --index 3, key on fds', args: ['address', '--index', '3', ...FD.args], fds: FD.fds },
    { command: 'derive', name: 'derive (public), key from env', args: ['derive', '--json'], env: ENV },
    {
      command: 'derive',
      name: 'derive --private --index 3 (asked for)',
      args: ['derive', '--private', '--json', '--index', '3'],
      env: ENV,
      allow: (s) => s === "private key m/44'/60'/0'/0/3 (with passphrase)" || s === "xprv m/44'/60'/0'/0/3 (with passphrase)",
    },
    { command: 'seed', name: 'seed (asked for), key on fds', args: ['seed', ...FD.args], fds: FD.fds, allow: (s) => s === 'seed (with passphrase)' },
    { command: 'mnemonic new', name: 'mnemonic new --words 12', args: ['mnemonic', 'new', '--words', '12'], env: ENV, newMnemonic: true },
    { command: 'mnemonic new', name: 'mnemonic new --entropy - (stdin)', args: ['mnemonic', 'new', '--entropy', '-', '--json'], stdin: '00'.repeat(32) + '\n', newMnemonic: true },
    { command: 'mnemonic check', name: 'mnemonic check, from env', args: ['mnemonic', 'check'], env: ENV },
    { command: 'mnemonic check', name: 'mnemonic check, from fd', args: ['mnemonic', 'check', '--json', '--mnemonic-file', '/dev/fd/3'], fds: [PHRASE + '\n'] },
    { command: 'qr account', name: 'qr account, key from env', args: ['qr', 'account'], env: ENV },
    { command: 'qr account', name: 'qr account --qr-format svg (stdout), key from files', args: ['qr', 'account', '--qr-format', 'svg', ...FILE] },
    { command: 'qr sign', name: 'qr sign, request on stdin', args: ['qr', 'sign', '--json'], env: ENV, stdin: qrRequest() },
    { command: 'vectors', name: 'vectors (built-in)', args: ['vectors'] },
    { command: 'vectors', name: 'vectors FILE', args: ['vectors', join(ROOT, 'test-vectors/eip155/eip155-example.json')] },
    { command: '--help', name: '--help', args: ['--help'] },
    { command: 'completion', name: 'completion bash', args: ['completion', 'bash'] },
    { command: 'completion', name: 'completion fish', args: ['completion', 'fish'] },
    { command: '--version', name: '--version', args: ['--version'] },
    // Commands of issues 3 and 4: run once they exist (skipped with a message before).
    { command: 'inspect', name: 'inspect --tx', args: ['inspect', '--tx', EIP155_TX] },
    { command: 'inspect', name: 'inspect --summary, signed EIP-1559 on stdin', args: ['inspect', '--summary'], stdin: SIGNED_1559 + '\n' },
    { command: 'sign', name: 'sign EIP-1559 JSON, --review absent, key from env', args: ['sign', '--json', '--tx', JSON.stringify({ type: 2, chainId: 1, nonce: 0, maxFeePerGas: '2', maxPriorityFeePerGas: '1', gas: 21000, to: '0x3535353535353535353535353535353535353535', accessList: [] })], env: ENV },
    { command: 'sign-authorization', name: 'sign-authorization --json, key on fds', args: ['sign-authorization', '--json', '--chain-id', '1', '--address', '0xe6Cae83BdE06E4c305530e199D7217f42808555B', '--nonce', '3', ...FD.args], fds: FD.fds },
    { command: 'address', name: 'address --preset ledger-live --count 3', args: ['address', '--preset', 'ledger-live', '--count', '3'], env: ENV },
    // Reviews: the review module (dist/airsign-review.cjs) is read, and the ERC-7730 snapshot in it unpacked.
    { command: 'sign', name: 'sign an ERC-20 transfer (review: built-in descriptor)', args: ['sign', '--tx', CALL_TX], env: ENV },
    { command: 'inspect', name: 'inspect --summary a Uniswap swap (review: registry descriptor)', args: ['inspect', '--summary', '--tx', UNISWAP_TX], env: ENV },
    { command: 'sign-message', name: 'sign-message --message', args: ['sign-message', '--message', 'hello airsign'], env: ENV },
    { command: 'sign-typed-data', name: 'sign-typed-data (stdin)', args: ['sign-typed-data'], env: ENV, stdin: mailTypedData() },
    { command: 'sign-typed-data', name: 'sign-typed-data --file fd, --json, key from files', args: ['sign-typed-data', '--json', '--file', '/dev/fd/3', ...FILE], fds: [mailTypedData()] },
    { command: 'sign-message', name: 'sign-message, raw stdin, key on fds', args: ['sign-message', '--json', '--mnemonic-file', '/dev/fd/3', '--passphrase-file', '/dev/fd/4'], fds: FD.fds, stdin: 'hello\n' },
    { command: 'inspect-typed-data', name: 'inspect-typed-data --summary (stdin)', args: ['inspect-typed-data', '--summary'], stdin: mailTypedData() },
    { command: 'sign-hash', name: 'sign-hash --blind, key from env', args: ['sign-hash', '--blind', '--hash', '0x' + '11'.repeat(32)], env: ENV },
    { command: 'verify', name: 'verify a message (mismatch: exit 1)', args: ['verify', '--address', '0x' + '11'.repeat(20), '--signature', '0x' + 'ab'.repeat(32) + '11'.repeat(32) + '1b', '--message', 'hello'], exit: 1 },
    // Key sources beside the mnemonic (issue 14)
    { command: 'sign', name: 'sign, SLIP-39 shares from a file', args: ['sign', '--tx', EIP155_TX, '--slip39-file', sharesFile], env: { AIRSIGN_PASSPHRASE: SLIP39_PASSPHRASE } },
    { command: 'address', name: 'address --count 3, SLIP-39 shares from the environment', args: ['address', '--count', '3'], env: { AIRSIGN_SLIP39: SHARES.join('\n'), AIRSIGN_PASSPHRASE: SLIP39_PASSPHRASE } },
    { command: 'seed', name: 'seed of SLIP-39 shares (asked for)', args: ['seed', '--slip39-file', sharesFile], env: { AIRSIGN_PASSPHRASE: SLIP39_PASSPHRASE }, allow: (s) => s === 'SLIP-39 master secret' },
    { command: 'mnemonic check', name: 'mnemonic check, SLIP-39 shares on a descriptor', args: ['mnemonic', 'check', '--slip39-file', '/dev/fd/3'], fds: [SHARES.join('\n')] },
    { command: 'sign', name: 'sign, a keystore with its password file', args: ['sign', '--json', '--tx', EIP155_TX, '--keystore', keystore, '--password-file', passwordFile] },
    { command: 'sign-message', name: 'sign-message, a keystore, password from the environment', args: ['sign-message', '--message', 'hello', '--keystore', keystore], env: { AIRSIGN_KEYSTORE_PASSWORD: KEYSTORE_PASSWORD } },
    { command: 'sign', name: 'sign, a raw key on a descriptor', args: ['sign', '--tx', EIP155_TX, '--private-key-file', '/dev/fd/3'], fds: [RAW_KEY + '\n'] },
    { command: 'address', name: 'address of a raw key from stdin', args: ['address', '--private-key-file', '-'], stdin: '0x' + RAW_KEY + '\n' },
    // Safe (issue 13): the review file is read for each
    { command: 'safe hash', name: 'safe hash --json, tx on stdin', args: ['safe', 'hash', '--json', ...SAFE_CTX], stdin: SAFE_TX },
    { command: 'safe sign', name: 'safe sign --json, key from env', args: ['safe', 'sign', '--json', '--tx', SAFE_TX, ...SAFE_CTX], env: ENV },
    { command: 'safe sign', name: 'safe sign --sig eth_sign, key on fds', args: ['safe', 'sign', '--tx', SAFE_TX, ...SAFE_CTX, '--sig', 'eth_sign', ...FD.args], fds: FD.fds },
    { command: 'safe message', name: 'safe message hash --message', args: ['safe', 'message', 'hash', '--message', 'hello airsign', '--safe', '0x1c694Fc3006D81ff4a56F97E1b99529066a23725', ...SAFE_CTX] },
    { command: 'safe message', name: 'safe message sign (stdin text), key from files', args: ['safe', 'message', 'sign', '--json', '--safe', '0x1c694Fc3006D81ff4a56F97E1b99529066a23725', ...SAFE_CTX, ...FILE], stdin: 'hello airsign\n' },
    { command: 'safe combine', name: 'safe combine --exec', args: ['safe', 'combine', '--exec', '--tx', SAFE_TX, ...SAFE_CTX, '--signature', SAFE_SIG, '--approved', '0x' + '11'.repeat(20)] },
    { command: 'safe verify', name: 'safe verify --hash', args: ['safe', 'verify', '--json', '--hash', '0xad06b099fca34e51e4886643d95d9a19ace2cd024065efb66662a876e8c40343', '--signatures', SAFE_SIG, '--threshold', '1'] },
    { command: 'verify', name: 'verify --tx, a signed EIP-1559 transaction', args: ['verify', '--address', '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', '--tx', SIGNED_1559] },
  ]
}

/**
 * The commands `airsign --help` lists, with their actions for those that take
 * one (`mnemonic <action>` → "mnemonic new", "mnemonic check": the choices of
 * the action positional in `airsign mnemonic --help`).
 */
export async function discoverCommands(): Promise<string[]> {
  const help = await runCli(['--help'])
  if (help.code !== 0) throw new Error(`airsign --help failed: ${help.stderr}`)
  const section = help.stdout.split(/\n\n/).find((s) => s.startsWith('Commands:'))
  if (!section) throw new Error('airsign --help has no Commands: section')
  const out: string[] = []
  for (const m of section.matchAll(/^ {2}airsign ([a-z][a-z0-9-]*)( <action>)?/gm)) {
    const name = m[1]!
    if (!m[2]) {
      out.push(name)
      continue
    }
    const sub = await runCli([name, '--help'])
    const choices = /^ {2}action\b[\s\S]*?\[choices: ([^\]]+)\]/m.exec(sub.stdout)?.[1]
    if (!choices) throw new Error(`cannot find the actions of "airsign ${name}" in its --help`)
    for (const c of choices.matchAll(/"([a-z-]+)"/g)) out.push(`${name} ${c[1]}`)
  }
  return out
}
