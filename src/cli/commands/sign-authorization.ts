/**
 * `airsign sign-authorization`: sign an EIP-7702 authorization (chain id,
 * delegate address, nonce) with the key at the path. Prints the RLP of the
 * signed tuple, the form a type-4 transaction's authorization list holds.
 * @module
 */
import type { Argv } from 'yargs'
import { bytesToHex, parseQuantity } from '../../bytes.js'
import * as address from '../../address.js'
import { encodeAuthorization, signAuthorization } from '../../authorization.js'
import { MAX_NONCE, MAX_UINT256 } from '../../tx.js'
import type { Io } from '../../io/io.js'
import { withKey } from '../signer.js'
import { clearOptions, keyOptions, oneStdinReader, pathOptions, type ClearArgs, type KeyArgs, type PathArgs, keyStdinReaders } from '../options.js'
import { result } from '../output.js'
import { chainText } from '../review.js'
import { hex32 } from '../tx-json.js'

type Args = KeyArgs & PathArgs & ClearArgs & { chainId?: string; address?: string; nonce?: string; json?: boolean }

export function builder(y: Argv): Argv<Args> {
  return clearOptions(pathOptions(keyOptions(y)))
    .option('chain-id', { type: 'string', describe: 'chain the authorization is valid on (0: every chain, warns)' })
    .option('address', { type: 'string', describe: 'the delegate: address of the code your account will run' })
    .option('nonce', { type: 'string', describe: "your account's nonce when the authorization is used" })
    .demandOption(['chain-id', 'address', 'nonce'])
    .example('$0 sign-authorization --chain-id 1 --address 0x… --nonce 7', '') as never
}

export async function handler(args: Args, io: Io): Promise<number> {
  oneStdinReader([...keyStdinReaders(args)])
  const chainId = parseQuantity(args.chainId, '--chain-id', MAX_UINT256)
  const nonce = parseQuantity(args.nonce, '--nonce', MAX_NONCE)
  const delegate = address.parse(String(args.address), '--address')
  // The delegate's code will control the account: unknown delegates are refused unless accepted (before the key is read).
  const cr = await import('../clear-review.js')
  const review = await cr.checkAuthorization(args, chainId, delegate, nonce)
  return withKey(args, io, ({ key, publicKey, from }) => {
    cr.printWarnings(io, review.warnings, args.json === true)
    const a = signAuthorization(chainId, delegate, nonce, key, publicKey)
    const rlp = bytesToHex(encodeAuthorization(a))
    if (io.stderrIsTTY) io.stderr.write(`airsign: authorization for ${address.toChecksum(delegate)} on ${chainText(chainId)}, nonce ${nonce}\n`)
    result(io, args.json === true, rlp, {
      chainId: chainId.toString(),
      address: address.toChecksum(delegate),
      nonce: nonce.toString(),
      yParity: a.yParity,
      r: hex32(a.r),
      s: hex32(a.s),
      rlp,
      authority: address.toChecksum(from),
    })
    return 0
  })
}
