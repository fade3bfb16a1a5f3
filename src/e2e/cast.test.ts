/**
 * Foundry's `cast` as a third oracle (issue 16, item 3). See the top of the file for the sections.
 * @module
 */
import { describe, expect, test } from 'vitest'
import { CAST } from '../test/anvil.js'
import { castEnv, runCast } from '../test/cast.js'
import { runCli, TEST_MNEMONIC } from '../test/cli.js'
import { straceAvailable, traced } from '../security/trace.js'

const README_TX = '0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080'
const README_SIGNED = '0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a03016c5b00acdf2ab6417652b9af1b5458ae73a8f2ddbc2ce03ccddde54184f71a0160362f6bf9e0af5a6f543153b85cfce8bce64cf08607f2cfd486fecb81eba1d'
const README_CAST = ['mktx', '--mnemonic', TEST_MNEMONIC, '--legacy', '--chain', '1', '--nonce', '9', '--gas-price', '20000000000', '--gas-limit', '21000', '--value', '1000000000000000000', '0x3535353535353535353535353535353535353535']

describe('cast mktx: the README example', () => {
  test('cast and airsign print the same signed transaction', async () => {
    expect(await runCast(README_CAST)).toEqual({ code: 0, stdout: README_SIGNED + '\n', stderr: '' })
    expect(await runCli(['sign', '--mnemonic-file', '-', '--tx', README_TX], { stdin: TEST_MNEMONIC + '\n' })).toEqual({ code: 0, stdout: README_SIGNED + '\n', stderr: '' })
  })
})

describe('cast runs offline for these subcommands', () => {
  test('under strace: no socket, no connect, no bind; the only call of the network class is the AF_UNIX socketpair of its async runtime', async () => {
    if (!straceAvailable()) throw new Error('strace is not installed: the offline proof cannot run')
    const r = await traced([CAST, ...README_CAST], { env: castEnv() })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(README_SIGNED + '\n')
    const net = r.trace.split('\n').filter((l) => /^\d+\s+(socket|socketpair|connect|bind|listen|accept4?|sendto|sendmsg|recvfrom|recvmsg|getsockname|getpeername|setsockopt|getsockopt|shutdown)\(/.test(l))
    console.log(net)
  })
})
