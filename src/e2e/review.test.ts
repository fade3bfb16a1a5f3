// Issue 16 item 2, "the review equals the execution": what airsign's review
// PRINTS for a token call is what the chain does with the transaction it signs.
//
// A small ERC-20 with EIP-2612 permit, a second one with 18 decimals, an ERC-721
// and an ERC-721 receiver (src/e2e/contracts/, compiled offline by the npm solc)
// are deployed on anvil with transactions airsign signed. Each call is then signed
// with `airsign sign --review` on a real pseudo-terminal (util-linux script),
// answering "y": the review text captured is the one shown before the very bytes
// that are sent. `airsign inspect --json` of the signed transaction gives the same
// review as data (raw argument values). The transaction is executed, its receipt's
// logs decoded here (topic hashes and word layout from the EIPs, not airsign), and
// the review's amount (as printed and in raw units), recipient, spender, operator
// and token id are compared with the Transfer / Approval / ApprovalForAll events
// and with the contract's state afterwards. Every expected line is an exact string.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { decodeAbiParameters, encodeAbiParameters, encodeFunctionData, getAddress, getContractAddress, keccak256, toHex, type Abi } from 'viem'
import { startAnvil, type Anvil, type Hex, type Receipt } from '../test/anvil.js'
import { airsignAddress, airsignSend, deploy } from '../test/chain.js'
import { answerReview, BIN, runCli, TEST_MNEMONIC } from '../test/cli.js'
import { compile, type Artifact } from '../test/solc.js'
import { domainTypes, PERMIT_TYPES } from '../test/calls.js'

const CONTRACTS = join(import.meta.dirname, 'contracts')
const MAX = (1n << 256n) - 1n
const HALF = 1n << 255n

/** Accounts 0..9 of the test mnemonic (checked against `airsign address` in beforeAll). */
const A = [
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65',
  '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
  '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
  '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f',
  '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
] as const satisfies readonly Hex[]
/** The contracts, deployed by account 0 with nonces 0..3 (checked in beforeAll). */
const T20 = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const T721 = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
const BIG = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0'
const RECV = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9'
/** Token ids minted to account 0; the last one is above 2^255 (the "unlimited" threshold). */
const HUGE_ID = HALF + 7n
const NFT_IDS = [1n, 2n, 3n, 4n, 42n, HUGE_ID]
const KEY = (i: number): string => `your key at m/44'/60'/0'/0/${i}`

let node: Anvil
let dir: string
let art: Record<string, Artifact>
let abi20: Abi
let abi721: Abi

// ---------------------------------------------------------------------------
// airsign: sign with the review on a pseudo-terminal, and inspect the result
// ---------------------------------------------------------------------------

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`
const file = (name: string): string => join(dir, name)

type Inspect = {
  from: string
  to: string
  hash: Hex
  decoded: {
    status: string
    function: string
    source: string
    args: { name: string; type: string; value: unknown }[]
    rendered: { intent: string; interpolatedIntent: string | null; fields: { label: string; value: string; path: string; format: string }[] } | null
  }
  warnings: { code: string; severity: string; message: string; path: string }[]
}

/** What one reviewed signature left: the review text by section, the signed bytes, and the same review as inspect's data. */
type Reviewed = {
  /** "sign with the key at …", the transaction's type, to, gas and cost lines. */
  header: string[]
  /** From "calls …" to the line before "calldata: …". */
  call: string[]
  /** "calldata: N bytes, selector 0x…, digest 0x… (ERC-8213)". */
  calldata: string
  /** The lines under "warnings:". */
  warnings: string[]
  /** The signer's address as the first review line names it. */
  signer: Hex
  raw: Hex
  stderr: string
  json: Inspect
}

type Review = { accept?: string[]; abi?: boolean; descriptor?: boolean; labels?: boolean }

function reviewArgs(o: Review): string[] {
  return [
    ...(o.labels === false ? [] : ['--labels', file('labels.json')]),
    ...(o.abi ? ['--abi', file('Token20.abi.json')] : []),
    ...(o.descriptor ? ['--descriptor', file('permit-descriptor.json')] : []),
  ]
}

/** Normalise what the pseudo-terminal echoed: CR LF (and the line discipline's CR CR LF) to LF. */
const termText = (s: string): string => s.replace(/\r+\n/g, '\n')

/** The review lines, up to (not including) the question; throws unless the question was asked and answered. */
function reviewLines(term: string): string[] {
  const text = termText(term)
  const at = text.indexOf('sign this? [y/N] y\n')
  if (at < 0) throw new Error(`no review question in:\n${text}`)
  return text.slice(0, at).split('\n').filter((l) => l !== '')
}

/** Sign `data` to `to` from account `index` with `sign --review`, answering y; then inspect the signed bytes. */
async function signReviewed(index: number, to: Hex, data: Hex, o: Review = {}): Promise<Reviewed> {
  const tx = { type: 2, chainId: node.chainId, nonce: await node.nonce(A[index]!), maxFeePerGas: '2000000000', maxPriorityFeePerGas: '1000000000', gas: 300000, to, value: '0', data }
  writeFileSync(file('tx.json'), JSON.stringify(tx))
  const args = [...reviewArgs(o), ...(o.accept ?? []).flatMap((c) => ['--accept', c])]
  const cmd = `${q(process.execPath)} ${q(BIN)} sign --review --mnemonic-file ${q(file('mnemonic.txt'))} --index ${index} ${args.map(q).join(' ')} < ${q(file('tx.json'))} > ${q(file('out'))} 2> ${q(file('err'))}`
  const r = await answerReview(cmd, 'y', { NO_COLOR: '1', LC_ALL: 'C' })
  const stderr = readFileSync(file('err'), 'utf8')
  if (r.code !== 0) throw new Error(`sign --review exited ${r.code}: ${stderr}\n${termText(r.term)}`)
  const lines = reviewLines(r.term)
  const calls = lines.findIndex((l) => l.startsWith('  calls '))
  const calldata = lines.findIndex((l) => l.startsWith('  calldata: '))
  const warn = lines.indexOf('  warnings:')
  const m = /^sign with the key at m\/44'\/60'\/0'\/0\/\d+ \((0x[0-9a-fA-F]{40})\):$/.exec(lines[0]!)
  if (!m || calls < 0 || calldata < calls) throw new Error(`unexpected review:\n${lines.join('\n')}`)
  const raw = readFileSync(file('out'), 'utf8').trim() as Hex
  const ins = await runCli(['inspect', '--tx', raw, ...reviewArgs(o)])
  if (ins.code !== 0) throw new Error(`inspect failed: ${ins.stderr}`)
  return {
    header: lines.slice(0, calls),
    call: lines.slice(calls, calldata),
    calldata: lines[calldata]!,
    warnings: warn < 0 ? [] : lines.slice(warn + 1),
    signer: m[1] as Hex,
    raw,
    stderr,
    json: JSON.parse(ins.stdout) as Inspect,
  }
}

/** The review's labelled fields of the top call ("    Label: value"), by label. */
function fields(call: readonly string[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const l of call) {
    const m = /^ {4}([^ :][^:]*): (.*)$/.exec(l)
    if (!m || m[1] === 'source' || m[1] === 'intent') continue
    if (out.has(m[1]!)) throw new Error(`two fields labelled ${m[1]}`)
    out.set(m[1]!, m[2]!)
  }
  return out
}

// ---------------------------------------------------------------------------
// The chain: execute, decode the events (EIP-20 / EIP-721 layouts), read state
// ---------------------------------------------------------------------------

const topic = (signature: string): Hex => keccak256(toHex(signature))
const TRANSFER = topic('Transfer(address,address,uint256)')
const APPROVAL = topic('Approval(address,address,uint256)')
const APPROVAL_FOR_ALL = topic('ApprovalForAll(address,address,bool)')
const RECEIVED = topic('Received(address,address,uint256,bytes)')

type Value = Hex | bigint | boolean
type Event = { event: string; address: Hex; args: Record<string, Value> }

const topicAddress = (t: Hex): Hex => {
  if (!/^0x0{24}[0-9a-f]{40}$/.test(t)) throw new Error(`not an address topic: ${t}`)
  return getAddress(`0x${t.slice(26)}`)
}

/** The receipt's logs as events, decoded from their topics and words. An unknown log is an error. */
function events(rcpt: Receipt): Event[] {
  return rcpt.logs.map((log) => {
    const address = getAddress(log.address)
    const [t0, t1, t2, t3] = log.topics
    const word = (): bigint => {
      if (!/^0x[0-9a-f]{64}$/.test(log.data)) throw new Error(`data is not one word: ${log.data}`)
      return BigInt(log.data)
    }
    if (t0 === TRANSFER && log.topics.length === 3) return { event: 'Transfer', address, args: { from: topicAddress(t1!), to: topicAddress(t2!), value: word() } }
    if (t0 === TRANSFER && log.topics.length === 4 && log.data === '0x') return { event: 'Transfer', address, args: { from: topicAddress(t1!), to: topicAddress(t2!), tokenId: BigInt(t3!) } }
    if (t0 === APPROVAL && log.topics.length === 3) return { event: 'Approval', address, args: { owner: topicAddress(t1!), spender: topicAddress(t2!), value: word() } }
    if (t0 === APPROVAL && log.topics.length === 4 && log.data === '0x') return { event: 'Approval', address, args: { owner: topicAddress(t1!), approved: topicAddress(t2!), tokenId: BigInt(t3!) } }
    if (t0 === APPROVAL_FOR_ALL && log.topics.length === 3) {
      const w = word()
      if (w > 1n) throw new Error(`bool word ${w}`)
      return { event: 'ApprovalForAll', address, args: { owner: topicAddress(t1!), operator: topicAddress(t2!), approved: w === 1n } }
    }
    if (t0 === RECEIVED && log.topics.length === 1) {
      const [operator, from, tokenId, data] = decodeAbiParameters([{ type: 'address' }, { type: 'address' }, { type: 'uint256' }, { type: 'bytes' }], log.data)
      return { event: 'Received', address, args: { operator, from, tokenId, data } }
    }
    throw new Error(`unknown log ${JSON.stringify(log)}`)
  })
}

/** Send the reviewed transaction; status 1, from the signer the review named, to the contract the review named. */
async function execute(r: Reviewed): Promise<{ rcpt: Receipt; events: Event[] }> {
  const rcpt = await node.send(r.raw)
  expect(rcpt.status).toBe('0x1')
  expect(getAddress(rcpt.from)).toBe(r.signer)
  expect(rcpt.transactionHash).toBe(r.json.hash)
  // The envelope the review printed is the one the node executed: chain id and nonce, recipient and
  // ETH value, and the calldata (length, selector, ERC-8213 digest keccak256(uint256(len) || data)).
  const tx = await node.rpc<{ chainId: Hex; nonce: Hex; value: Hex; input: Hex }>('eth_getTransactionByHash', [rcpt.transactionHash])
  expect(r.header[1]).toBe(`  EIP-1559 transaction (type 2) on chain id ${BigInt(tx.chainId)}, nonce ${BigInt(tx.nonce)}`)
  const to = /^ {2}to (0x[0-9a-fA-F]{40})(?: \([^)]*\))?, value [0-9.]+ ETH \((\d+) wei\)$/.exec(r.header[2] ?? '')
  expect(to?.[1]).toBe(getAddress(rcpt.to!))
  expect(BigInt(to?.[2] ?? -1)).toBe(BigInt(tx.value))
  const len = (tx.input.length - 2) / 2
  const digest = keccak256(`0x${len.toString(16).padStart(64, '0')}${tx.input.slice(2)}`)
  expect(r.calldata).toBe(`  calldata: ${len} bytes, selector ${tx.input.slice(0, 10)}, digest ${digest} (ERC-8213)`)
  return { rcpt, events: events(rcpt) }
}

const read = async (to: Hex, abi: Abi, functionName: string, args: unknown[]): Promise<Hex> => node.call(to, encodeFunctionData({ abi, functionName, args }))
const uintAt = async (to: Hex, abi: Abi, fn: string, args: unknown[]): Promise<bigint> => BigInt(await read(to, abi, fn, args))
const addressAt = async (to: Hex, abi: Abi, fn: string, args: unknown[]): Promise<Hex> => topicAddress(await read(to, abi, fn, args))

// ---------------------------------------------------------------------------
// The comparison: the review's printed words against an event's values
// ---------------------------------------------------------------------------

/**
 * How a printed field reads as a value: `address` (the one address in the field, whatever label
 * is beside it), `units:SYM:DECIMALS` (an exact decimal amount and the symbol, to raw units),
 * `unlimited:SYM` ("Unlimited SYM": the value is at least 2^255), `nft:NAME` ("NAME #ID"),
 * `rights` (Grant all / Revoke all), `integer` (a raw decimal), `hex` (bytes as printed).
 */
type Reading = 'address' | `units:${string}:${number}` | `unlimited:${string}` | `nft:${string}` | 'rights' | 'integer' | 'hex'

/** What the review printed, read back as a value; a string explains a field that does not read. */
function readField(text: string, how: Reading): Value | string {
  if (how === 'address') {
    const all = text.match(/0x[0-9a-fA-F]{40}/g) ?? []
    return all.length === 1 && getAddress(all[0]!) === all[0] ? (all[0] as Hex) : `not one EIP-55 address: "${text}"`
  }
  if (how === 'rights') return text === 'Grant all' ? true : text === 'Revoke all' ? false : `not Grant all / Revoke all: "${text}"`
  if (how === 'integer') return /^(0|[1-9]\d*)$/.test(text) ? BigInt(text) : `not an integer: "${text}"`
  if (how === 'hex') return /^0x([0-9a-f]{2})*$/.test(text) ? (text as Hex) : `not hex: "${text}"`
  const [kind, name, dec] = how.split(':') as [string, string, string?]
  if (kind === 'nft') {
    const m = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} #(0|[1-9]\\d*)$`).exec(text)
    return m ? BigInt(m[1]!) : `not "${name} #ID": "${text}"`
  }
  if (kind === 'unlimited') return text === `Unlimited ${name}` ? true : `not "Unlimited ${name}": "${text}"`
  const m = /^(0|[1-9]\d*)(?:\.(\d*[1-9]))? (\S+)$/.exec(text)
  if (!m || m[3] !== name) return `not an exact ${name} amount: "${text}"`
  const decimals = Number(dec)
  const frac = m[2] ?? ''
  if (frac.length > decimals) return `more than ${decimals} decimals: "${text}"`
  return BigInt(m[1]!) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0')
}

/** One comparison: the review field `label`, read as `how`, against the event's `arg`. */
type Pair = [label: string, how: Reading, arg: string]

/** Every disagreement between what the review printed and what the event says (empty: they agree). */
function disagreements(call: readonly string[] | Map<string, string>, ev: Event, pairs: readonly Pair[]): string[] {
  const f = call instanceof Map ? call : fields(call)
  const out: string[] = []
  for (const [label, how, arg] of pairs) {
    const text = f.get(label)
    const want = ev.args[arg]
    if (text === undefined) {
      out.push(`the review has no field "${label}"`)
      continue
    }
    if (want === undefined) throw new Error(`the ${ev.event} event has no ${arg}`)
    const got = readField(text, how)
    if (how.startsWith('unlimited:')) {
      if (got !== true || typeof want !== 'bigint' || want < HALF) out.push(`${label}: the review says "${text}", the ${ev.event} event's ${arg} is ${want}`)
    } else if (got !== want) out.push(`${label}: the review says "${text}", the ${ev.event} event's ${arg} is ${want}`)
  }
  return out
}

/** The same, for inspect's decoded arguments (raw values) against the event: [argument, event arg]. */
function argDisagreements(json: Inspect, ev: Event, pairs: readonly [string, string][]): string[] {
  const out: string[] = []
  for (const [name, arg] of pairs) {
    const a = json.decoded.args.find((x) => x.name === name)
    const want = ev.args[arg]
    const got = typeof want === 'bigint' ? BigInt(String(a?.value)) : want === undefined ? undefined : a?.value
    if (a === undefined || got !== want) out.push(`argument ${name}: inspect says ${JSON.stringify(a?.value)}, the ${ev.event} event's ${arg} is ${want}`)
  }
  return out
}

// ---------------------------------------------------------------------------

const calldata20 = (functionName: string, args: unknown[]): Hex => encodeFunctionData({ abi: abi20, functionName, args })
const calldata721 = (functionName: string, args: unknown[]): Hex => encodeFunctionData({ abi: abi721, functionName, args })
const SRC20 = '    source: builtin/erc20.json (a standard interface: no descriptor is bound to this contract)'
const SRC721 = '    source: builtin/erc721.json (a standard interface: no descriptor is bound to this contract)'

beforeAll(async () => {
  art = compile([join(CONTRACTS, 'Token20.sol'), join(CONTRACTS, 'Token721.sol'), join(CONTRACTS, 'Receiver721.sol')])
  abi20 = art.Token20!.abi as Abi
  abi721 = art.Token721!.abi as Abi
  node = await startAnvil()
  dir = mkdtempSync(join(tmpdir(), 'airsign-review-'))
  writeFileSync(file('mnemonic.txt'), TEST_MNEMONIC + '\n')
  expect(await Promise.all([0, 1, 2, 5].map((i) => airsignAddress(i)))).toEqual([A[0], A[1], A[2], A[5]])

  const token = (name: string, symbol: string, decimals: number, supply: bigint): string =>
    art.Token20!.bytecode + encodeAbiParameters([{ type: 'string' }, { type: 'string' }, { type: 'uint8' }, { type: 'uint256' }], [name, symbol, decimals, supply]).slice(2)
  const deployed = [
    await deploy(node, token('Review Token', 'RVW', 6, 1_000_000_000_000n)),
    await deploy(node, art.Token721!.bytecode + encodeAbiParameters([{ type: 'string' }, { type: 'string' }, { type: 'uint256[]' }], ['Review NFT', 'RNFT', NFT_IDS]).slice(2)),
    await deploy(node, token('Big Token', 'BIG', 18, 10n ** 30n)),
    await deploy(node, art.Receiver721!.bytecode),
  ].map((a) => getAddress(a))
  expect(deployed).toEqual([T20, T721, BIG, RECV])
  expect(deployed).toEqual([0n, 1n, 2n, 3n].map((nonce) => getContractAddress({ from: A[0], nonce })))

  // The address book the user would write, from what the chain says the tokens are.
  const str = async (to: Hex, fn: string): Promise<string> => decodeAbiParameters([{ type: 'string' }], await read(to, abi20, fn, []))[0]
  expect([await str(T20, 'symbol'), await uintAt(T20, abi20, 'decimals', [])]).toEqual(['RVW', 6n])
  expect([await str(BIG, 'symbol'), await uintAt(BIG, abi20, 'decimals', [])]).toEqual(['BIG', 18n])
  writeFileSync(
    file('labels.json'),
    JSON.stringify({
      [T20]: { name: 'Review Token', kind: 'token', symbol: 'RVW', decimals: 6 },
      [BIG]: { name: 'Big Token', kind: 'token', symbol: 'BIG', decimals: 18 },
      [T721]: { name: 'Review NFT', kind: 'collection' },
      [RECV]: { name: 'NFT vault', kind: 'contract' },
      [A[3]]: 'Carol',
    }),
  )
  writeFileSync(file('Token20.abi.json'), JSON.stringify(art.Token20!.abi))
  // An ERC-7730 descriptor for Token20's permit call, bound to this deployment (what a user
  // would write so that submitting a permit is clear-signed, not just decoded by --abi).
  writeFileSync(
    file('permit-descriptor.json'),
    JSON.stringify({
      $schema: 'https://eips.ethereum.org/assets/eip-7730/erc7730-v2.schema.json',
      context: { $id: 'Review Token', contract: { deployments: [{ chainId: 31337, address: T20 }] } },
      metadata: { owner: 'airsign e2e test' },
      display: {
        formats: {
          'permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)': {
            intent: 'Submit a permit',
            interpolatedIntent: 'Let {spender} spend {value} of {owner}',
            fields: [
              { path: 'owner', label: 'Owner', format: 'addressName' },
              { path: 'spender', label: 'Spender', format: 'addressName' },
              { path: 'value', label: 'Amount', format: 'tokenAmount', params: { tokenPath: '@.to' } },
              { path: 'deadline', label: 'Deadline', format: 'date', params: { encoding: 'timestamp' } },
              { path: 'v', label: 'v', format: 'raw', visible: 'never' },
              { path: 'r', label: 'r', format: 'raw', visible: 'never' },
              { path: 's', label: 's', format: 'raw', visible: 'never' },
            ],
          },
        },
      },
    }),
  )
})

afterAll(async () => {
  await node?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('ERC-20: the review of transfer, approve and transferFrom is what the Transfer and Approval events say', () => {
  test('transfer of 123.456789 RVW to account 1: "Amount: 123.456789 RVW" is 123456789 units to 0x7099…79C8', async () => {
    const r = await signReviewed(0, T20, calldata20('transfer', [A[1], 123_456_789n]))
    expect(r.header).toEqual([
      `sign with the key at m/44'/60'/0'/0/0 (${A[0]}):`,
      '  EIP-1559 transaction (type 2) on chain id 31337, nonce 4',
      `  to ${T20} (Review Token), value 0 ETH (0 wei)`,
      '  gas limit 300000, max fee 2 gwei, max priority fee 1 gwei',
      '  worst-case cost 0.0006 ETH (gas limit × max fee + value)',
    ])
    expect(r.call).toEqual([
      '  calls transfer(address to, uint256 amount)',
      SRC20,
      `    intent: Send 123.456789 RVW to ${A[1]} (ERC-20 standard interface (EIP-20))`,
      '    Amount: 123.456789 RVW',
      `    To: ${A[1]}`,
    ])
    expect(r.warnings).toEqual([])
    expect(r.stderr).toBe('')
    expect(r.json.decoded.status).toBe('clear')
    expect(r.json.decoded.args).toEqual([
      { name: 'to', type: 'address', value: A[1] },
      { name: 'amount', type: 'uint256', value: '123456789' },
    ])

    const before = await uintAt(T20, abi20, 'balanceOf', [A[1]])
    const { events: ev } = await execute(r)
    expect(ev).toEqual([{ event: 'Transfer', address: T20, args: { from: A[0], to: A[1], value: 123_456_789n } }])
    expect(disagreements(r.call, ev[0]!, [['Amount', 'units:RVW:6', 'value'], ['To', 'address', 'to']])).toEqual([])
    expect(argDisagreements(r.json, ev[0]!, [['amount', 'value'], ['to', 'to']])).toEqual([])
    expect(r.signer).toBe(ev[0]!.args.from)
    expect((await uintAt(T20, abi20, 'balanceOf', [A[1]])) - before).toBe(123_456_789n)
  })

  test('transfer of the smallest unit to a labelled recipient: "0.000001 RVW" to "Carol (0x90F7…b906)" is 1 unit to account 3', async () => {
    const r = await signReviewed(0, T20, calldata20('transfer', [A[3], 1n]))
    expect(r.call).toEqual([
      '  calls transfer(address to, uint256 amount)',
      SRC20,
      '    intent: Send 0.000001 RVW to Carol (ERC-20 standard interface (EIP-20))',
      '    Amount: 0.000001 RVW',
      `    To: Carol (${A[3]})`,
    ])
    const { events: ev } = await execute(r)
    expect(ev).toEqual([{ event: 'Transfer', address: T20, args: { from: A[0], to: A[3], value: 1n } }])
    expect(disagreements(r.call, ev[0]!, [['Amount', 'units:RVW:6', 'value'], ['To', 'address', 'to']])).toEqual([])
    expect(argDisagreements(r.json, ev[0]!, [['amount', 'value'], ['to', 'to']])).toEqual([])
  })

  test('18 decimals: "123456789012.34567890123456789 BIG" is 123456789012345678901234567890 wei-units to account 6', async () => {
    const units = 123_456_789_012_345_678_901_234_567_890n
    const r = await signReviewed(0, BIG, calldata20('transfer', [A[6], units]))
    expect(r.header[2]).toBe(`  to ${BIG} (Big Token), value 0 ETH (0 wei)`)
    expect(r.call).toEqual([
      '  calls transfer(address to, uint256 amount)',
      SRC20,
      `    intent: Send 123456789012.34567890123456789 BIG to ${A[6]} (ERC-20 standard interface (EIP-20))`,
      '    Amount: 123456789012.34567890123456789 BIG',
      `    To: ${A[6]}`,
    ])
    const { events: ev } = await execute(r)
    expect(ev).toEqual([{ event: 'Transfer', address: BIG, args: { from: A[0], to: A[6], value: units } }])
    expect(disagreements(r.call, ev[0]!, [['Amount', 'units:BIG:18', 'value'], ['To', 'address', 'to']])).toEqual([])
    expect(argDisagreements(r.json, ev[0]!, [['amount', 'value'], ['to', 'to']])).toEqual([])
    expect(await uintAt(BIG, abi20, 'balanceOf', [A[6]])).toBe(units)
  })

  test('without a labels file the token is unknown: the raw amount is shown, and it is the event\'s value', async () => {
    const r = await signReviewed(0, T20, calldata20('transfer', [A[7], 42_000_000n]), { labels: false })
    expect(r.header[2]).toBe(`  to ${T20}, value 0 ETH (0 wei)`)
    expect(r.call).toEqual([
      '  calls transfer(address to, uint256 amount)',
      SRC20,
      `    intent: Send 42000000 to ${A[7]} (ERC-20 standard interface (EIP-20))`,
      '    Amount: 42000000',
      `      note: unknown token (${T20}): the raw amount is shown`,
      `    To: ${A[7]}`,
    ])
    const { events: ev } = await execute(r)
    expect(ev).toEqual([{ event: 'Transfer', address: T20, args: { from: A[0], to: A[7], value: 42_000_000n } }])
    expect(disagreements(r.call, ev[0]!, [['Amount', 'integer', 'value'], ['To', 'address', 'to']])).toEqual([])
  })

  test('approve 5 RVW to account 2, then account 2 signs transferFrom of 2.5 RVW from account 0 to account 4', async () => {
    const a = await signReviewed(0, T20, calldata20('approve', [A[2], 5_000_000n]))
    expect(a.call).toEqual([
      '  calls approve(address spender, uint256 amount)',
      SRC20,
      `    intent: Allow ${A[2]} to spend 5 RVW (ERC-20 standard interface (EIP-20))`,
      `    Spender: ${A[2]}`,
      '    Amount: 5 RVW',
    ])
    expect(a.warnings).toEqual([])
    const { events: ea } = await execute(a)
    expect(ea).toEqual([{ event: 'Approval', address: T20, args: { owner: A[0], spender: A[2], value: 5_000_000n } }])
    expect(disagreements(a.call, ea[0]!, [['Spender', 'address', 'spender'], ['Amount', 'units:RVW:6', 'value']])).toEqual([])
    expect(argDisagreements(a.json, ea[0]!, [['spender', 'spender'], ['amount', 'value']])).toEqual([])
    expect(a.signer).toBe(ea[0]!.args.owner)
    expect(await uintAt(T20, abi20, 'allowance', [A[0], A[2]])).toBe(5_000_000n)

    const t = await signReviewed(2, T20, calldata20('transferFrom', [A[0], A[4], 2_500_000n]))
    expect(t.header[0]).toBe(`sign with the key at m/44'/60'/0'/0/2 (${A[2]}):`)
    expect(t.call).toEqual([
      '  calls transferFrom(address from, address to, uint256 amount)',
      SRC20,
      `    intent: Send 2.5 RVW from ${A[0]} to ${A[4]} (ERC-20 standard interface (EIP-20))`,
      '    Amount: 2.5 RVW',
      `    From: ${A[0]}`,
      `    To: ${A[4]}`,
    ])
    const { events: et } = await execute(t)
    expect(et).toEqual([{ event: 'Transfer', address: T20, args: { from: A[0], to: A[4], value: 2_500_000n } }])
    expect(disagreements(t.call, et[0]!, [['Amount', 'units:RVW:6', 'value'], ['From', 'address', 'from'], ['To', 'address', 'to']])).toEqual([])
    expect(argDisagreements(t.json, et[0]!, [['amount', 'value'], ['from', 'from'], ['to', 'to']])).toEqual([])
    expect(await uintAt(T20, abi20, 'allowance', [A[0], A[2]])).toBe(2_500_000n)
  })

  test('an unlimited approve is refused without --accept; with it the review says "Unlimited RVW" and the Approval is 2^256-1', async () => {
    const data = calldata20('approve', [A[5], MAX])
    const nonce = await node.nonce(A[0])
    const tx = JSON.stringify({ type: 2, chainId: 31337, nonce, maxFeePerGas: '2000000000', maxPriorityFeePerGas: '1000000000', gas: 300000, to: T20, value: '0', data })
    const warning = `APPROVAL_UNLIMITED at call: approve: unlimited allowance (2^256-1) for ${A[5]} on ${T20}: the spender can take every token, now and later`
    const refused = await runCli(['sign', '--mnemonic-file', file('mnemonic.txt'), '--labels', file('labels.json'), '--tx', tx])
    expect(refused).toEqual({
      code: 2,
      stdout: '',
      stderr: `airsign: not signed: APPROVAL_UNLIMITED (CRITICAL): approve: unlimited allowance (2^256-1) for ${A[5]} on ${T20}: the spender can take every token, now and later; to sign anyway: --accept APPROVAL_UNLIMITED [RISK_REFUSED]\n`,
    })

    const r = await signReviewed(0, T20, data, { accept: ['APPROVAL_UNLIMITED'] })
    expect(r.call).toEqual([
      '  calls approve(address spender, uint256 amount)',
      SRC20,
      `    intent: Allow ${A[5]} to spend Unlimited RVW (ERC-20 standard interface (EIP-20))`,
      `    Spender: ${A[5]}`,
      '    Amount: Unlimited RVW',
    ])
    expect(r.warnings).toEqual([`    CRITICAL ${warning}`])
    expect(r.stderr).toBe(`airsign: CRITICAL ${warning}\n`)
    expect(r.json.decoded.args[1]).toEqual({ name: 'amount', type: 'uint256', value: MAX.toString() })
    expect(r.json.warnings.map((w) => w.code)).toEqual(['APPROVAL_UNLIMITED'])
    const { events: ev } = await execute(r)
    expect(ev).toEqual([{ event: 'Approval', address: T20, args: { owner: A[0], spender: A[5], value: MAX } }])
    expect(disagreements(r.call, ev[0]!, [['Spender', 'address', 'spender'], ['Amount', 'unlimited:RVW', 'value']])).toEqual([])
    expect(argDisagreements(r.json, ev[0]!, [['spender', 'spender'], ['amount', 'value']])).toEqual([])
    expect(await uintAt(T20, abi20, 'allowance', [A[0], A[5]])).toBe(MAX)
  })
})

describe('ERC-721: the review of approve, setApprovalForAll, transferFrom and safeTransferFrom is what the events say', () => {
  test('approve account 4 for token 42, then clear it: "Operator" and "Token: Review NFT #42" are the Approval event\'s approved and tokenId', async () => {
    const r = await signReviewed(0, T721, calldata721('approve', [A[4], 42n]))
    expect(r.header[2]).toBe(`  to ${T721} (Review NFT), value 0 ETH (0 wei)`)
    expect(r.call).toEqual([
      '  calls approve(address to, uint256 tokenId)',
      SRC721,
      '    intent: Approve an operator for one NFT (ERC-721 standard interface (EIP-721))',
      `    Operator: ${A[4]}`,
      '    Token: Review NFT #42',
    ])
    expect(r.warnings).toEqual([])
    const { events: ev } = await execute(r)
    expect(ev).toEqual([{ event: 'Approval', address: T721, args: { owner: A[0], approved: A[4], tokenId: 42n } }])
    expect(disagreements(r.call, ev[0]!, [['Operator', 'address', 'approved'], ['Token', 'nft:Review NFT', 'tokenId']])).toEqual([])
    expect(argDisagreements(r.json, ev[0]!, [['to', 'approved'], ['tokenId', 'tokenId']])).toEqual([])
    expect(await addressAt(T721, abi721, 'getApproved', [42n])).toBe(A[4])

    const zero = '0x0000000000000000000000000000000000000000'
    const c = await signReviewed(0, T721, calldata721('approve', [zero, 42n]))
    expect(c.call).toEqual([
      '  calls approve(address to, uint256 tokenId)',
      SRC721,
      '    intent: Approve an operator for one NFT (ERC-721 standard interface (EIP-721))',
      `    Operator: ${zero}`,
      '    Token: Review NFT #42',
    ])
    const { events: ec } = await execute(c)
    expect(ec).toEqual([{ event: 'Approval', address: T721, args: { owner: A[0], approved: zero, tokenId: 42n } }])
    expect(disagreements(c.call, ec[0]!, [['Operator', 'address', 'approved'], ['Token', 'nft:Review NFT', 'tokenId']])).toEqual([])
    expect(await addressAt(T721, abi721, 'getApproved', [42n])).toBe(zero)
  })

  test('approve of a token id above 2^255: the id is printed whole and is the event\'s tokenId (the rule warns as for an ERC-20)', async () => {
    // The rules do not read labels (README: a label cannot silence a rule), so approve(address,uint256)
    // with a value >= 2^255 is APPROVAL_UNLIMITED even on a collection: an over-warning, not a
    // disagreement; the fields the review prints are exact.
    const r = await signReviewed(0, T721, calldata721('approve', [A[4], HUGE_ID]), { accept: ['APPROVAL_UNLIMITED'] })
    expect(r.call).toEqual([
      '  calls approve(address to, uint256 tokenId)',
      SRC721,
      '    intent: Approve an operator for one NFT (ERC-721 standard interface (EIP-721))',
      `    Operator: ${A[4]}`,
      `    Token: Review NFT #${HUGE_ID}`,
    ])
    const warning = `CRITICAL APPROVAL_UNLIMITED at call: approve: unlimited allowance (${HUGE_ID}) for ${A[4]} on ${T721}: the spender can take every token, now and later`
    expect(r.warnings).toEqual([`    ${warning}`])
    expect(r.stderr).toBe(`airsign: ${warning}\n`)
    const { events: ev } = await execute(r)
    expect(ev).toEqual([{ event: 'Approval', address: T721, args: { owner: A[0], approved: A[4], tokenId: HUGE_ID } }])
    expect(disagreements(r.call, ev[0]!, [['Operator', 'address', 'approved'], ['Token', 'nft:Review NFT', 'tokenId']])).toEqual([])
    expect(argDisagreements(r.json, ev[0]!, [['to', 'approved'], ['tokenId', 'tokenId']])).toEqual([])
  })

  test('setApprovalForAll(account 5, true), the operator\'s safeTransferFrom of token 3, then setApprovalForAll(account 5, false)', async () => {
    const g = await signReviewed(0, T721, calldata721('setApprovalForAll', [A[5], true]), { accept: ['APPROVAL_FOR_ALL'] })
    const warning = `CRITICAL APPROVAL_FOR_ALL at call: setApprovalForAll: ${A[5]} may move every token of ${T721} this account holds, now and later`
    expect(g.call).toEqual([
      '  calls setApprovalForAll(address operator, bool approved)',
      SRC721,
      '    intent: Manage operator rights for the whole collection (ERC-721 standard interface (EIP-721))',
      `    Collection: Review NFT (${T721})`,
      `    Operator: ${A[5]}`,
      '    Rights: Grant all',
    ])
    expect(g.warnings).toEqual([`    ${warning}`])
    expect(g.stderr).toBe(`airsign: ${warning}\n`)
    const { rcpt, events: eg } = await execute(g)
    expect(eg).toEqual([{ event: 'ApprovalForAll', address: T721, args: { owner: A[0], operator: A[5], approved: true } }])
    expect(disagreements(g.call, eg[0]!, [['Operator', 'address', 'operator'], ['Rights', 'rights', 'approved']])).toEqual([])
    expect(argDisagreements(g.json, eg[0]!, [['operator', 'operator'], ['approved', 'approved']])).toEqual([])
    expect(readField(fields(g.call).get('Collection')!, 'address')).toBe(getAddress(rcpt.logs[0]!.address))
    expect(await read(T721, abi721, 'isApprovedForAll', [A[0], A[5]])).toBe(`0x${'0'.repeat(63)}1`)

    const s = await signReviewed(5, T721, calldata721('safeTransferFrom', [A[0], A[7], 3n]))
    expect(s.header[0]).toBe(`sign with the key at m/44'/60'/0'/0/5 (${A[5]}):`)
    expect(s.call).toEqual([
      '  calls safeTransferFrom(address from, address to, uint256 tokenId)',
      SRC721,
      '    intent: Send NFT (ERC-721 standard interface (EIP-721))',
      '    Token: Review NFT #3',
      `    From: ${A[0]}`,
      `    To: ${A[7]}`,
    ])
    const { events: es } = await execute(s)
    expect(es).toEqual([{ event: 'Transfer', address: T721, args: { from: A[0], to: A[7], tokenId: 3n } }])
    expect(disagreements(s.call, es[0]!, [['Token', 'nft:Review NFT', 'tokenId'], ['From', 'address', 'from'], ['To', 'address', 'to']])).toEqual([])
    expect(argDisagreements(s.json, es[0]!, [['tokenId', 'tokenId'], ['from', 'from'], ['to', 'to']])).toEqual([])
    expect(await addressAt(T721, abi721, 'ownerOf', [3n])).toBe(A[7])

    const v = await signReviewed(0, T721, calldata721('setApprovalForAll', [A[5], false]))
    expect(v.call).toEqual([
      '  calls setApprovalForAll(address operator, bool approved)',
      SRC721,
      '    intent: Manage operator rights for the whole collection (ERC-721 standard interface (EIP-721))',
      `    Collection: Review NFT (${T721})`,
      `    Operator: ${A[5]}`,
      '    Rights: Revoke all',
    ])
    expect(v.warnings).toEqual([])
    expect(v.stderr).toBe('')
    const { events: ev } = await execute(v)
    expect(ev).toEqual([{ event: 'ApprovalForAll', address: T721, args: { owner: A[0], operator: A[5], approved: false } }])
    expect(disagreements(v.call, ev[0]!, [['Operator', 'address', 'operator'], ['Rights', 'rights', 'approved']])).toEqual([])
    expect(argDisagreements(v.json, ev[0]!, [['operator', 'operator'], ['approved', 'approved']])).toEqual([])
    expect(await read(T721, abi721, 'isApprovedForAll', [A[0], A[5]])).toBe(`0x${'0'.repeat(64)}`)
  })

  test('transferFrom of token 1 to Carol: "Token: Review NFT #1", "From: your key …", "To: Carol (…)" are the Transfer event', async () => {
    const r = await signReviewed(0, T721, calldata721('transferFrom', [A[0], A[3], 1n]))
    expect(r.call).toEqual([
      '  calls transferFrom(address from, address to, uint256 tokenId)',
      SRC721,
      '    intent: Send NFT (ERC-721 standard interface (EIP-721))',
      '    Token: Review NFT #1',
      `    From: ${KEY(0)} (${A[0]})`,
      `    To: Carol (${A[3]})`,
    ])
    const { events: ev } = await execute(r)
    expect(ev).toEqual([{ event: 'Transfer', address: T721, args: { from: A[0], to: A[3], tokenId: 1n } }])
    expect(disagreements(r.call, ev[0]!, [['Token', 'nft:Review NFT', 'tokenId'], ['From', 'address', 'from'], ['To', 'address', 'to']])).toEqual([])
    expect(argDisagreements(r.json, ev[0]!, [['tokenId', 'tokenId'], ['from', 'from'], ['to', 'to']])).toEqual([])
    expect(await addressAt(T721, abi721, 'ownerOf', [1n])).toBe(A[3])
  })

  test('safeTransferFrom with data to a receiver contract: the receiver gets the token id, the from and the very bytes the review printed', async () => {
    const r = await signReviewed(0, T721, calldata721('safeTransferFrom', [A[0], RECV, 2n, '0xdeadbeef']))
    expect(r.call).toEqual([
      '  calls safeTransferFrom(address from, address to, uint256 tokenId, bytes data)',
      SRC721,
      '    intent: Send NFT (ERC-721 standard interface (EIP-721))',
      '    Token: Review NFT #2',
      `    From: ${KEY(0)} (${A[0]})`,
      `    To: NFT vault (${RECV})`,
      '    Data for the receiver: 0xdeadbeef',
    ])
    const { events: ev } = await execute(r)
    expect(ev).toEqual([
      { event: 'Transfer', address: T721, args: { from: A[0], to: RECV, tokenId: 2n } },
      { event: 'Received', address: RECV, args: { operator: A[0], from: A[0], tokenId: 2n, data: '0xdeadbeef' } },
    ])
    expect(disagreements(r.call, ev[0]!, [['Token', 'nft:Review NFT', 'tokenId'], ['From', 'address', 'from'], ['To', 'address', 'to']])).toEqual([])
    expect(disagreements(r.call, ev[1]!, [['Token', 'nft:Review NFT', 'tokenId'], ['From', 'address', 'from'], ['Data for the receiver', 'hex', 'data']])).toEqual([])
    expect(argDisagreements(r.json, ev[0]!, [['tokenId', 'tokenId'], ['from', 'from'], ['to', 'to']])).toEqual([])
    expect(r.signer).toBe(ev[1]!.args.operator)
    expect(await addressAt(T721, abi721, 'ownerOf', [2n])).toBe(RECV)
  })

  test('a collection not named in the labels reads as ERC-20 (README\'s decision): the raw number shown is the token id that moved', async () => {
    const r = await signReviewed(0, T721, calldata721('transferFrom', [A[0], A[8], 4n]), { labels: false })
    expect(r.call).toEqual([
      '  calls transferFrom(address from, address to, uint256 amount)',
      SRC20,
      `    intent: Send 4 from ${KEY(0)} to ${A[8]} (ERC-20 standard interface (EIP-20))`,
      '    Amount: 4',
      `      note: unknown token (${T721}): the raw amount is shown`,
      `    From: ${KEY(0)} (${A[0]})`,
      `    To: ${A[8]}`,
    ])
    const { events: ev } = await execute(r)
    expect(ev).toEqual([{ event: 'Transfer', address: T721, args: { from: A[0], to: A[8], tokenId: 4n } }])
    expect(disagreements(r.call, ev[0]!, [['Amount', 'integer', 'tokenId'], ['From', 'address', 'from'], ['To', 'address', 'to']])).toEqual([])
    expect(await addressAt(T721, abi721, 'ownerOf', [4n])).toBe(A[8])
  })
})

describe('EIP-2612 permit: the typed-data review, and the review of the permit call that submits it, are the Approval the chain makes', () => {
  /** The typed-data review's sections: the descriptor's fields and the message's fields ("name (type): value"). */
  function typedFields(lines: readonly string[]): { descriptor: Map<string, string>; message: Map<string, string> } {
    const d = lines.findIndex((l) => l.startsWith('    descriptor: '))
    const m = lines.indexOf('    message:')
    const h = lines.findIndex((l) => l.startsWith('    domain hash '))
    const pick = (from: number, to: number, re: RegExp): Map<string, string> =>
      new Map(lines.slice(from, to).flatMap((l) => {
        const x = re.exec(l)
        return x ? [[x[1]!, x[2]!] as [string, string]] : []
      }))
    return { descriptor: pick(d + 1, m, /^ {6}([^ :][^:]*): (.*)$/), message: pick(m + 1, h, /^ {6}(\w+) \(\w+\): (.*)$/) }
  }
  const utc = (t: bigint): string => new Date(Number(t) * 1000).toISOString().replace('T', ' ').replace('.000Z', 'Z')

  test('account 1 signs Permit(owner 1, spender 0, 1000.5 RVW, nonce 0, deadline +7 days); account 0 submits permit(…) clear-signed', async () => {
    const owner = A[1]
    const spender = A[0]
    const value = 1_000_500_000n
    const nonce = await uintAt(T20, abi20, 'nonces', [owner])
    expect(nonce).toBe(0n)
    const block = await node.rpc<{ timestamp: Hex }>('eth_getBlockByNumber', ['latest', false])
    const deadline = BigInt(block.timestamp) + 7n * 86400n
    const domain = { name: 'Review Token', version: '1', chainId: 31337, verifyingContract: T20 }
    const doc = {
      types: {
        EIP712Domain: domainTypes(domain),
        ...PERMIT_TYPES,
      },
      primaryType: 'Permit',
      domain,
      message: { owner, spender, value: value.toString(), nonce: nonce.toString(), deadline: deadline.toString() },
    }
    writeFileSync(file('permit.json'), JSON.stringify(doc))

    // The hashes the contract itself computes (its DOMAIN_SEPARATOR() and PERMIT_TYPEHASH), not airsign's.
    const domainSeparator = await read(T20, abi20, 'DOMAIN_SEPARATOR', [])
    const typeHash = await read(T20, abi20, 'PERMIT_TYPEHASH', [])
    const structHash = keccak256(
      encodeAbiParameters([{ type: 'bytes32' }, { type: 'address' }, { type: 'address' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }], [typeHash, owner, spender, value, nonce, deadline]),
    )
    const digest = keccak256(`0x1901${domainSeparator.slice(2)}${structHash.slice(2)}`)

    const cmd = `${q(process.execPath)} ${q(BIN)} sign-typed-data --review --mnemonic-file ${q(file('mnemonic.txt'))} --index 1 --labels ${q(file('labels.json'))} --file ${q(file('permit.json'))} > ${q(file('out'))} 2> ${q(file('err'))}`
    const t = await answerReview(cmd, 'y', { NO_COLOR: '1', LC_ALL: 'C' })
    expect(t.code).toBe(0)
    expect(readFileSync(file('err'), 'utf8')).toBe('')
    const lines = reviewLines(t.term)
    expect(lines).toEqual([
      `sign with the key at m/44'/60'/0'/0/1 (${owner}):`,
      '  EIP-712 typed data, primary type Permit',
      `    domain: name "Review Token", version "1", chain id 31337, contract ${T20}`,
      '    descriptor: ercs/eip712-erc2612-permit.json',
      '      intent: Authorize spending of tokens',
      `      Spender: ${spender}`,
      '      Max spending amount: 1000.5 RVW',
      `      Valid until: ${utc(deadline)}`,
      '    message:',
      `      owner (address): ${owner}`,
      `      spender (address): ${spender}`,
      '      value (uint256): 1000500000',
      '      nonce (uint256): 0',
      `      deadline (uint256): ${deadline}`,
      `    domain hash ${domainSeparator} (domain separator)`,
      `    message hash ${structHash} (hashStruct of the message)`,
      `    digest ${digest} (what is signed)`,
    ])
    const sig = readFileSync(file('out'), 'utf8').trim()
    expect(sig).toMatch(/^0x[0-9a-f]{128}(1b|1c)$/)
    const [r, s, v] = [`0x${sig.slice(2, 66)}`, `0x${sig.slice(66, 130)}`, Number(`0x${sig.slice(130)}`)]

    const p = await signReviewed(0, T20, calldata20('permit', [owner, spender, value, deadline, v, r, s]), { descriptor: true })
    expect(p.call).toEqual([
      '  calls permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)',
      `    source: ${file('permit-descriptor.json')}`,
      `    intent: Let ${KEY(0)} spend 1000.5 RVW of ${owner} (airsign e2e test)`,
      `    Owner: ${owner}`,
      `    Spender: ${KEY(0)} (${spender})`,
      '    Amount: 1000.5 RVW',
      `    Deadline: ${utc(deadline)}`,
    ])
    expect(p.warnings).toEqual([])
    expect(p.json.decoded.status).toBe('clear')
    expect(p.json.decoded.args.slice(0, 4)).toEqual([
      { name: 'owner', type: 'address', value: owner },
      { name: 'spender', type: 'address', value: spender },
      { name: 'value', type: 'uint256', value: value.toString() },
      { name: 'deadline', type: 'uint256', value: deadline.toString() },
    ])

    const { rcpt, events: ev } = await execute(p)
    expect(ev).toEqual([{ event: 'Approval', address: T20, args: { owner, spender, value } }])
    const tf = typedFields(lines)
    // The typed-data review (what account 1 agreed to) against the chain.
    expect(disagreements(tf.message, ev[0]!, [['owner', 'address', 'owner'], ['spender', 'address', 'spender'], ['value', 'integer', 'value']])).toEqual([])
    expect(disagreements(tf.descriptor, ev[0]!, [['Spender', 'address', 'spender'], ['Max spending amount', 'units:RVW:6', 'value']])).toEqual([])
    expect(readField(tf.message.get('nonce')!, 'integer')).toBe(nonce)
    expect(await uintAt(T20, abi20, 'nonces', [owner])).toBe(nonce + 1n)
    expect(await uintAt(T20, abi20, 'allowance', [owner, spender])).toBe(value)
    // The deadline the permit carried is the one reviewed, and it had not passed in the block.
    expect(readField(tf.message.get('deadline')!, 'integer')).toBe(deadline)
    expect(tf.descriptor.get('Valid until')).toBe(utc(deadline))
    const mined = await node.rpc<{ timestamp: Hex }>('eth_getBlockByNumber', [rcpt.blockNumber, false])
    expect(BigInt(mined.timestamp) <= deadline).toBe(true)
    // The submitting transaction's review against the chain.
    expect(disagreements(p.call, ev[0]!, [['Owner', 'address', 'owner'], ['Spender', 'address', 'spender'], ['Amount', 'units:RVW:6', 'value']])).toEqual([])
    expect(argDisagreements(p.json, ev[0]!, [['owner', 'owner'], ['spender', 'spender'], ['value', 'value']])).toEqual([])
    expect(fields(p.call).get('Deadline')).toBe(utc(deadline))

    // The same signature again: the nonce moved on, so the chain refuses it (a permit is single-use).
    const again = await signReviewed(0, T20, calldata20('permit', [owner, spender, value, deadline, v, r, s]), { descriptor: true })
    const replay = await node.send(again.raw)
    expect(replay.status).toBe('0x0')
    expect(replay.logs).toEqual([])
  })
})

describe('calldata that is not the canonical encoding: the lenient view is flagged, and the chain does what the flag warns of', () => {
  test('4 trailing bytes: HIGH CALLDATA_TRAILING_BYTES, signed; the contract ignores them and the Transfer is the one printed', async () => {
    const data = `${calldata20('transfer', [A[9], 1_000_000n])}cafebabe` as Hex
    const r = await signReviewed(0, T20, data)
    expect(r.call).toEqual([
      '  calls transfer(address to, uint256 amount)',
      SRC20,
      '    NOT CANONICAL, shown as a contract would read it: TRAILING_BYTES: 4 bytes after the arguments',
      `    intent: Send 1 RVW to ${A[9]} (ERC-20 standard interface (EIP-20))`,
      '    Amount: 1 RVW',
      `    To: ${A[9]}`,
      '    note: the calldata is not the canonical ABI encoding of transfer(address,uint256) (TRAILING_BYTES): shown from a lenient decoding',
    ])
    const warning = 'HIGH CALLDATA_TRAILING_BYTES at call: 4 bytes after the arguments of transfer(address,uint256): not read by the function, yet signed'
    expect(r.warnings).toEqual([`    ${warning}`])
    expect(r.stderr).toBe(`airsign: ${warning}\n`)
    const { events: ev } = await execute(r)
    expect(ev).toEqual([{ event: 'Transfer', address: T20, args: { from: A[0], to: A[9], value: 1_000_000n } }])
    expect(disagreements(r.call, ev[0]!, [['Amount', 'units:RVW:6', 'value'], ['To', 'address', 'to']])).toEqual([])
  })

  test('dirty upper bytes in the recipient word: CRITICAL CALLDATA_NON_CANONICAL; accepted anyway, a Solidity 0.8 token reverts and nothing moves', async () => {
    const clean = calldata20('transfer', [A[9], 1_000_000n])
    // selector (10 hex characters with 0x), then the address word: its first 12 bytes are zero; dirty two of them.
    const data = `${clean.slice(0, 10)}${'0'.repeat(20)}ffff${clean.slice(34)}` as Hex
    expect(data.length).toBe(clean.length)
    const nonce = await node.nonce(A[0])
    const tx = JSON.stringify({ type: 2, chainId: 31337, nonce, maxFeePerGas: '2000000000', maxPriorityFeePerGas: '1000000000', gas: 300000, to: T20, value: '0', data })
    const refused = await runCli(['sign', '--mnemonic-file', file('mnemonic.txt'), '--labels', file('labels.json'), '--tx', tx])
    const why = 'non-canonical encoding of transfer(address,uint256) (shown as a contract would read it): DIRTY_PADDING at to (address word has nonzero upper 12 bytes)'
    expect(refused).toEqual({ code: 2, stdout: '', stderr: `airsign: not signed: CALLDATA_NON_CANONICAL (CRITICAL): ${why}; to sign anyway: --accept CALLDATA_NON_CANONICAL [RISK_REFUSED]\n` })

    const r = await signReviewed(0, T20, data, { accept: ['CALLDATA_NON_CANONICAL'] })
    expect(r.call).toEqual([
      '  calls transfer(address to, uint256 amount)',
      SRC20,
      '    NOT CANONICAL, shown as a contract would read it: DIRTY_PADDING at to: address word has nonzero upper 12 bytes',
      `    intent: Send 1 RVW to ${A[9]} (ERC-20 standard interface (EIP-20))`,
      '    Amount: 1 RVW',
      `    To: ${A[9]}`,
      '    note: the calldata is not the canonical ABI encoding of transfer(address,uint256) (DIRTY_PADDING): shown from a lenient decoding',
    ])
    expect(r.warnings).toEqual([`    CRITICAL CALLDATA_NON_CANONICAL at call: ${why}`])
    expect(r.json.decoded.status).toBe('blind')
    // The lenient view is ABI coder v1's reading (README); Solidity 0.8's decoder (coder v2) checks the
    // address word and reverts: the transfer the lenient view shows does not happen.
    const before = await uintAt(T20, abi20, 'balanceOf', [A[9]])
    const rcpt = await node.send(r.raw)
    expect(rcpt.status).toBe('0x0')
    expect(getAddress(rcpt.from)).toBe(r.signer)
    expect(rcpt.logs).toEqual([])
    expect(await uintAt(T20, abi20, 'balanceOf', [A[9]])).toBe(before)
    // The same call with the clean word does not revert (it returns true): the padding is the reason.
    expect(await node.call(T20, clean, A[0])).toBe(`0x${'0'.repeat(63)}1`)
  })
})

describe('mutation check: the comparison can fail', () => {
  test('a review of a transfer to account 1 does not match the Transfer of a transfer to account 2, and the expected string with another recipient fails', async () => {
    const r = await signReviewed(0, T20, calldata20('transfer', [A[1], 7_000_000n]))
    const reviewed = [
      '  calls transfer(address to, uint256 amount)',
      SRC20,
      `    intent: Send 7 RVW to ${A[1]} (ERC-20 standard interface (EIP-20))`,
      '    Amount: 7 RVW',
      `    To: ${A[1]}`,
    ]
    expect(r.call).toEqual(reviewed)
    // The exact-string assertion, with the recipient changed to account 2, fails.
    const mutated = reviewed.map((l) => l.replace(A[1], A[2]))
    expect(mutated).not.toEqual(reviewed)
    expect(() => expect(r.call).toEqual(mutated)).toThrow(/to deeply equal/)

    // The reviewed transaction itself agrees with its own event.
    const pairs: Pair[] = [['Amount', 'units:RVW:6', 'value'], ['To', 'address', 'to']]
    const { events: ev } = await execute(r)
    expect(ev).toEqual([{ event: 'Transfer', address: T20, args: { from: A[0], to: A[1], value: 7_000_000n } }])
    expect(disagreements(r.call, ev[0]!, pairs)).toEqual([])

    // Another transaction, to account 2 (and one of 8 RVW), executed: the comparison names the field that differs.
    const other = events(await airsignSend(node, { to: T20, data: calldata20('transfer', [A[2], 7_000_000n]) }))
    expect(other).toEqual([{ event: 'Transfer', address: T20, args: { from: A[0], to: A[2], value: 7_000_000n } }])
    expect(disagreements(r.call, other[0]!, pairs)).toEqual([`To: the review says "${A[1]}", the Transfer event's to is ${A[2]}`])
    expect(argDisagreements(r.json, other[0]!, [['amount', 'value'], ['to', 'to']])).toEqual([`argument to: inspect says "${A[1]}", the Transfer event's to is ${A[2]}`])
    const more = events(await airsignSend(node, { to: T20, data: calldata20('transfer', [A[1], 8_000_000n]) }))
    expect(disagreements(r.call, more[0]!, pairs)).toEqual(['Amount: the review says "7 RVW", the Transfer event\'s value is 8000000'])
    // A token id the review did not print, and an operator right it did not grant, are caught the same way.
    const nft: Event = { event: 'Transfer', address: T721, args: { from: A[0], to: A[3], tokenId: 43n } }
    expect(disagreements(['    Token: Review NFT #42', `    To: ${A[3]}`], nft, [['Token', 'nft:Review NFT', 'tokenId'], ['To', 'address', 'to']])).toEqual([
      'Token: the review says "Review NFT #42", the Transfer event\'s tokenId is 43',
    ])
    const grant: Event = { event: 'ApprovalForAll', address: T721, args: { owner: A[0], operator: A[5], approved: true } }
    expect(disagreements(['    Rights: Revoke all'], grant, [['Rights', 'rights', 'approved']])).toEqual(['Rights: the review says "Revoke all", the ApprovalForAll event\'s approved is true'])
    expect(disagreements(['    Amount: Unlimited RVW'], more[0]!, [['Amount', 'unlimited:RVW', 'value']])).toEqual(['Amount: the review says "Unlimited RVW", the Transfer event\'s value is 8000000'])

    // The signed bytes bind the reviewed recipient: the same raw transaction with account 2's address
    // in place of account 1's is not account 0's any more (the node recovers another, unfunded sender).
    const forged = r.raw.replace(A[1].slice(2).toLowerCase(), A[2].slice(2).toLowerCase()) as Hex
    expect(forged).not.toBe(r.raw)
    const recovered = JSON.parse((await runCli(['inspect', '--tx', forged])).stdout) as Inspect
    expect(recovered.from).not.toBe(A[0])
    expect(await node.refuse(forged)).toMatch(/insufficient funds/i)
  })
})
