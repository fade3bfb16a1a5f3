// The anvil harness itself: it starts, takes a transaction airsign signed, and
// refuses one whose signature is corrupted (so the end-to-end suites can fail).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAnvil, type Anvil } from '../test/anvil.js'
import { runCli, TEST_MNEMONIC, TEST_ADDRESS_0 } from '../test/cli.js'

let node: Anvil
beforeAll(async () => {
  node = await startAnvil()
})
afterAll(async () => {
  await node?.stop()
})

describe('anvil harness', () => {
  test('a legacy EIP-155 transfer signed by airsign executes: status 1, from the derived address, value moved', async () => {
    const to = '0x3535353535353535353535353535353535353535'
    const before = await node.balance(to)
    const tx = JSON.stringify({ type: 0, chainId: 31337, nonce: await node.nonce(TEST_ADDRESS_0), gasPrice: '2000000000', gas: 21000, to, value: '1000' })
    const r = await runCli(['sign', '--mnemonic-file', '-', '--tx', tx], { stdin: TEST_MNEMONIC + '\n' })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const rcpt = await node.send(r.stdout.trim())
    expect(rcpt.status).toBe('0x1')
    expect(rcpt.from.toLowerCase()).toBe(TEST_ADDRESS_0.toLowerCase())
    expect((await node.balance(to)) - before).toBe(1000n)
  })

  test('the same transaction with one byte of s flipped is not from the account (wrong sender or refused)', async () => {
    const tx = JSON.stringify({ type: 0, chainId: 31337, nonce: await node.nonce(TEST_ADDRESS_0), gasPrice: '2000000000', gas: 21000, to: '0x3535353535353535353535353535353535353535', value: '1' })
    const r = await runCli(['sign', '--mnemonic-file', '-', '--tx', tx], { stdin: TEST_MNEMONIC + '\n' })
    const raw = r.stdout.trim()
    const bad = raw.slice(0, -4) + ((parseInt(raw.slice(-4, -2), 16) ^ 1).toString(16).padStart(2, '0')) + raw.slice(-2)
    const msg = await node.refuse(bad)
    expect(msg).toMatch(/insufficient funds|invalid|signature/i)
  })
})

describe('chain helpers', () => {
  test('deploy: a creation transaction airsign signed leaves the runtime code at the new address', async () => {
    const { deploy } = await import('../test/chain.js')
    // init code that returns the 1-byte runtime 0x00: PUSH1 0x00 PUSH1 0x00 MSTORE8 PUSH1 0x01 PUSH1 0x00 RETURN
    const at = await deploy(node, '0x60006000536001' + '6000f3')
    expect(await node.code(at)).toBe('0x00')
  })
})
