/**
 * The function signatures airsign knows without any descriptor: the standards
 * (ERC-20, ERC-721, ERC-1155, ERC-4626, WETH9, Permit2, Multicall3) and the
 * Safe calls a transaction review meets. The risk rules and the call tree
 * decode with this table alone, so that no descriptor (shipped or the user's)
 * can change what a rule sees. The labelled display of the same calls comes
 * from `builtin/*.json` (ERC-7730 descriptors written for airsign).
 *
 * Sources: EIP-20, EIP-721, EIP-1155, EIP-4626; OpenZeppelin's ERC20
 * (increaseAllowance/decreaseAllowance); WETH9; Uniswap/permit2
 * (IAllowanceTransfer, ISignatureTransfer); mds1/multicall (Multicall3);
 * safe-global/safe-smart-account (Safe.sol, OwnerManager, ModuleManager,
 * GuardManager, FallbackManager, MultiSend, SignMessageLib, and
 * changeMasterCopy of GnosisSafe ≤ 1.2.0).
 * @module
 */
import { bytesToHex } from '../bytes.js'
import { parseSignature, type AbiFunction } from '../abi/types.js'

/** What a signature is, for the rules. */
export type Standard = 'erc20' | 'erc721' | 'erc1155' | 'erc4626' | 'weth' | 'permit2' | 'multicall3' | 'safe'

const TABLE: readonly [Standard, string][] = [
  ['erc20', 'transfer(address to, uint256 amount)'],
  ['erc20', 'transferFrom(address from, address to, uint256 amount)'],
  ['erc20', 'approve(address spender, uint256 amount)'],
  ['erc20', 'increaseAllowance(address spender, uint256 addedValue)'],
  ['erc20', 'decreaseAllowance(address spender, uint256 subtractedValue)'],
  ['erc721', 'safeTransferFrom(address from, address to, uint256 tokenId)'],
  ['erc721', 'safeTransferFrom(address from, address to, uint256 tokenId, bytes data)'],
  ['erc721', 'setApprovalForAll(address operator, bool approved)'],
  ['erc1155', 'safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes data)'],
  ['erc1155', 'safeBatchTransferFrom(address from, address to, uint256[] ids, uint256[] values, bytes data)'],
  ['erc4626', 'deposit(uint256 assets, address receiver)'],
  ['erc4626', 'mint(uint256 shares, address receiver)'],
  ['erc4626', 'withdraw(uint256 assets, address receiver, address owner)'],
  ['erc4626', 'redeem(uint256 shares, address receiver, address owner)'],
  ['weth', 'deposit()'],
  ['weth', 'withdraw(uint256 wad)'],
  ['permit2', 'approve(address token, address spender, uint160 amount, uint48 expiration)'],
  ['permit2', 'permit(address owner, ((address token, uint160 amount, uint48 expiration, uint48 nonce) details, address spender, uint256 sigDeadline) permitSingle, bytes signature)'],
  ['permit2', 'permit(address owner, ((address token, uint160 amount, uint48 expiration, uint48 nonce)[] details, address spender, uint256 sigDeadline) permitBatch, bytes signature)'],
  ['permit2', 'transferFrom(address from, address to, uint160 amount, address token)'],
  ['permit2', 'transferFrom((address from, address to, uint160 amount, address token)[] transferDetails)'],
  ['permit2', 'lockdown((address token, address spender)[] approvals)'],
  ['permit2', 'invalidateNonces(address token, address spender, uint48 newNonce)'],
  ['permit2', 'invalidateUnorderedNonces(uint256 wordPos, uint256 mask)'],
  ['permit2', 'permitTransferFrom(((address token, uint256 amount) permitted, uint256 nonce, uint256 deadline) permit, (address to, uint256 requestedAmount) transferDetails, address owner, bytes signature)'],
  ['multicall3', 'aggregate((address target, bytes callData)[] calls)'],
  ['multicall3', 'aggregate3((address target, bool allowFailure, bytes callData)[] calls)'],
  ['multicall3', 'aggregate3Value((address target, bool allowFailure, uint256 value, bytes callData)[] calls)'],
  ['multicall3', 'tryAggregate(bool requireSuccess, (address target, bytes callData)[] calls)'],
  ['multicall3', 'blockAndAggregate((address target, bytes callData)[] calls)'],
  ['multicall3', 'tryBlockAndAggregate(bool requireSuccess, (address target, bytes callData)[] calls)'],
  ['safe', 'execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)'],
  ['safe', 'addOwnerWithThreshold(address owner, uint256 _threshold)'],
  ['safe', 'removeOwner(address prevOwner, address owner, uint256 _threshold)'],
  ['safe', 'swapOwner(address prevOwner, address oldOwner, address newOwner)'],
  ['safe', 'changeThreshold(uint256 _threshold)'],
  ['safe', 'enableModule(address module)'],
  ['safe', 'disableModule(address prevModule, address module)'],
  ['safe', 'setGuard(address guard)'],
  ['safe', 'setModuleGuard(address moduleGuard)'],
  ['safe', 'setFallbackHandler(address handler)'],
  ['safe', 'changeMasterCopy(address _masterCopy)'],
  ['safe', 'approveHash(bytes32 hashToApprove)'],
  ['safe', 'multiSend(bytes transactions)'],
  ['safe', 'signMessage(bytes _data)'],
]

/** A known function and the standard it belongs to. */
export type Known = { readonly fn: AbiFunction; readonly standard: Standard }

let bySelector: Map<string, Known[]> | undefined


/**
 * The known functions with this selector. ERC-20 and ERC-721 share
 * `transferFrom(address,address,uint256)` and `approve(address,uint256)`: one
 * signature, two meanings; the table lists it once (as ERC-20) and the rules
 * treat the amount as possibly a token id.
 */
export function known(selector: Uint8Array): readonly Known[] {
  if (!bySelector) {
    bySelector = new Map()
    for (const [standard, text] of TABLE) {
      const fn = parseSignature(text, `built-in ${standard}`)
      const k = bytesToHex(fn.selector)
      const list = bySelector.get(k) ?? []
      if (!list.some((x) => x.fn.signature === fn.signature)) list.push({ fn, standard })
      bySelector.set(k, list)
    }
  }
  return bySelector.get(bytesToHex(selector)) ?? []
}

/** Every built-in function (for the selector-collision check and tests). */
export function allKnown(): readonly Known[] {
  known(new Uint8Array(4))
  return [...bySelector!.values()].flat()
}

/** Signatures whose call moves or exposes tokens: under a Safe DELEGATECALL they act on the Safe's own balances (the Bybit pattern). */
export const TOKEN_CALLS: ReadonlySet<string> = new Set([
  'transfer(address,uint256)',
  'transferFrom(address,address,uint256)',
  'approve(address,uint256)',
  'increaseAllowance(address,uint256)',
  'safeTransferFrom(address,address,uint256)',
  'safeTransferFrom(address,address,uint256,bytes)',
  'safeTransferFrom(address,address,uint256,uint256,bytes)',
  'safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)',
  'setApprovalForAll(address,bool)',
  'approve(address,address,uint160,uint48)',
])
