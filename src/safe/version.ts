/**
 * Safe versions and the rules that depend on them. A Safe's version cannot be
 * learned offline (it is the `VERSION` of the singleton its proxy points to),
 * so the user names it; these rules turn it into what the hashes and the
 * signatures need. Two rules decide the hashes from 0.1.0 to 1.5.0: the domain
 * has `chainId` from 1.3.0, and SafeTx names its sixth field `dataGas` before
 * 1.0.0 (`baseGas` after). The others decide the signatures.
 * @see https://github.com/safe-global/safe-smart-account (each tag's GnosisSafe.sol / Safe.sol)
 * @module
 */
import { AirsignError } from '../errors.js'

/** A parsed Safe version: `1.3.0`, `1.4.1+L2`. */
export type SafeVersion = {
  /** As given, trimmed: `1.3.0+L2`. */
  readonly text: string
  /** The release without build metadata: `1.3.0`. */
  readonly release: string
  readonly major: number
  readonly minor: number
  readonly patch: number
  /** `+L2`: the L2 singleton (same hashing, events on every call). */
  readonly l2: boolean
  /** Newer than the newest release airsign knows (1.5.x): hashed as 1.3.0 … 1.5.0 are. */
  readonly assumed: boolean
}

/** The releases of the Safe contracts (safe-smart-account tags). */
export const RELEASES = ['0.1.0', '1.0.0', '1.1.0', '1.1.1', '1.2.0', '1.3.0', '1.4.0', '1.4.1', '1.5.0'] as const

/**
 * Parse `--safe-version`.
 * @param text - `X.Y.Z`, optionally `+L2` (or other build metadata, as the Transaction Service reports it)
 * @throws AirsignError SAFE_VERSION_UNSUPPORTED: not a version, older than 0.1.0, or a release between known ones that never existed
 */
export function parseVersion(text: string): SafeVersion {
  const t = text.trim()
  const m = /^v?(\d{1,4})\.(\d{1,4})\.(\d{1,4})(?:\+([0-9A-Za-z.-]+))?$/.exec(t)
  if (!m) throw new AirsignError('SAFE_VERSION_UNSUPPORTED', `Safe version "${t.slice(0, 40)}": expected X.Y.Z, as the Safe's VERSION() returns (e.g. 1.3.0, 1.4.1+L2)`)
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const release = `${major}.${minor}.${patch}`
  const n = major * 1e8 + minor * 1e4 + patch
  if (n < 1e4) throw new AirsignError('SAFE_VERSION_UNSUPPORTED', `Safe version ${release}: the oldest Safe is 0.1.0`)
  const assumed = n > 1 * 1e8 + 5 * 1e4 + 9999
  if (!assumed && !(RELEASES as readonly string[]).includes(release) && !(major === 1 && minor === 5)) {
    throw new AirsignError('SAFE_VERSION_UNSUPPORTED', `Safe version ${release} was never released (releases: ${RELEASES.join(', ')})`)
  }
  return { text: t, release, major, minor, patch, l2: /^L2$/i.test(m[4] ?? ''), assumed }
}

const at = (v: SafeVersion, major: number, minor: number, patch = 0): boolean =>
  v.major !== major ? v.major > major : v.minor !== minor ? v.minor > minor : v.patch >= patch

/** The EIP-712 domain has `chainId` (1.3.0 and later); older Safes sign a hash that is valid on every chain. */
export const domainHasChainId = (v: SafeVersion): boolean => at(v, 1, 3)
/** SafeTx's sixth field is `dataGas` (0.1.0), else `baseGas`. */
export const usesDataGas = (v: SafeVersion): boolean => !at(v, 1, 0)
/** `eth_sign` signatures (v 31/32) are checked (1.1.0 and later: the `v > 30` branch). */
export const acceptsEthSign = (v: SafeVersion): boolean => at(v, 1, 1)
/** A contract owner is asked `isValidSignature(bytes32 hash, bytes)` (1.5.0) instead of `isValidSignature(bytes data, bytes)` with the 66-byte preimage. */
export const contractOwnerGetsHash = (v: SafeVersion): boolean => at(v, 1, 5)
/** `v` is `major.minor.patch` or later. */
export const isAtLeast = at
