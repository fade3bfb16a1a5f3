/**
 * One error class with a stable code, and the table from code to exit status.
 *
 * Exit statuses follow diff/grep (DESIGN.md "Errors and exit status"):
 * 0 success · 1 a verification said no · 2 usage · 3 invalid input data ·
 * 4 input could not be read (or the output could not be written) · 5 the user
 * declined at a review · 70 internal error.
 *
 * Codes are part of the interface: scripts match on them. Changing or removing
 * one is a breaking change; `errors.test.ts` pins the whole table.
 * @module
 */

/** Exit status of each error code. */
export const EXIT = {
  // 1: the check ran and the answer is no
  VERIFY_MISMATCH: 1,
  VECTORS_FAILED: 1,
  SAFE_HASH_MISMATCH: 1, // a computed Safe hash differs from --expect-* or the input's safeTxHash
  SAFE_CONFIRMATION_INVALID: 1, // a given confirmation does not recover to its owner for the computed hash
  SAFE_THRESHOLD_NOT_MET: 1, // safe verify: fewer valid owner signatures than --threshold
  // 2: the command line is wrong
  USAGE: 2,
  QR_TOO_LARGE: 2,
  NO_SECRET_SOURCE: 2,
  BLIND_SIGNING_REFUSED: 2,
  RISK_REFUSED: 2,
  SAFE_VERSION_MISSING: 2, // --safe-version is required: no Safe's version can be known offline
  // 3: the input data is invalid
  BAD_HEX: 3,
  CHAIN_ID_MISMATCH: 3,
  CHAIN_ID_MISSING: 3,
  BAD_NUMBER: 3,
  BAD_ADDRESS: 3,
  MNEMONIC_WORD_COUNT: 3,
  MNEMONIC_UNKNOWN_WORD: 3,
  MNEMONIC_CHECKSUM: 3,
  MNEMONIC_LANGUAGE: 3,
  MNEMONIC_ENCODING: 3,
  ENTROPY_LENGTH: 3,
  PATH_SYNTAX: 3,
  PATH_INDEX: 3,
  PATH_DEPTH: 3,
  XKEY_INVALID: 3,
  BAD_SIGNATURE: 3,
  SIGNATURE_HIGH_S: 3,
  SIGNATURE_V: 3,
  SIGNATURE_LENGTH: 3,
  TYPED_DATA_FIELD: 3,
  TYPED_DATA_TYPE: 3,
  TYPED_DATA_JSON: 3,
  TX_DECODE: 3,
  TX_JSON: 3,
  TX_FIELD: 3,
  TX_SIGNED: 3,
  TX_TYPE_UNSUPPORTED: 3,
  TX_TYPE_UNKNOWN: 3,
  FROM_MISMATCH: 3,
  TX_EMPTY: 3,
  VECTOR_FILE: 3,
  BAD_UTF8: 3,
  INPUT_TOO_LARGE: 3,
  // ABI and clear signing (issue 12)
  ABI_TYPE: 3,
  ABI_DECODE: 3,
  ABI_VALUE: 3,
  // ERC-7730 descriptors (issue 12)
  DESCRIPTOR_JSON: 3, // a descriptor file that is not the shape the schema gives (a key, a value type)
  DESCRIPTOR_VERSION: 3, // $schema names ERC-7730 v1 (deprecated), an unknown MAJOR, or no known schema
  DESCRIPTOR_INCLUDE: 3, // includes: an absolute URL, a path out of the set, a missing file, a cycle
  DESCRIPTOR_REF: 3, // $ref, constants, enums, maps that do not resolve
  DESCRIPTOR_PATH: 3, // a path outside the ERC-7730 path grammar
  DESCRIPTOR_FORMAT_KEY: 3, // a display.formats key that does not parse, a duplicate selector or type
  DESCRIPTOR_FIELD: 3, // an unknown field format, bad or missing params, a visible rule
  DESCRIPTOR_SNAPSHOT: 3, // the shipped snapshot differs from its manifest
  // Review (issue 12)
  SAFE_MULTISEND: 3,
  // Safe multisig (issue 13)
  SAFE_VERSION_UNSUPPORTED: 3,
  SAFE_TX_JSON: 3,
  SAFE_TX_FIELD: 3,
  SAFE_TX_AMBIGUOUS: 3,
  SAFE_ETH_SIGN_UNSUPPORTED: 3,
  SAFE_SIGNATURES: 3,
  // Key sources beside the mnemonic (issue 14)
  SLIP39_WORD: 3, // a word of a share is not in the SLIP-39 wordlist (share and word named by position)
  SLIP39_CHECKSUM: 3, // a share's RS1024 checksum fails
  SLIP39_SHARE: 3, // a share of a wrong length, bad padding, or a field out of range
  SLIP39_SHARE_SET: 3, // shares that do not belong together: identifier, iteration exponent, extendable flag, group threshold or count, a repeated member, a digest that fails
  SLIP39_INSUFFICIENT: 3, // too few shares of a group, or too few groups
  KEYSTORE_JSON: 3, // not a Web3 Secret Storage v3 keystore (shape, version, cipher, hex fields)
  KEYSTORE_KDF: 3, // a KDF other than scrypt and pbkdf2 (hmac-sha256), or parameters beyond airsign's bounds
  KEYSTORE_PASSWORD: 3, // the MAC does not match: a wrong password (or a damaged file)
  PRIVATE_KEY_INVALID: 3, // a raw private key that is not 32 bytes of hex, or not in 1 … n-1
  // EIP-4844 (issue 14)
  TX_BLOB_HASH: 3, // a blob versioned hash that does not start with 0x01, or a blob transaction without one
  TX_BLOB_WRAPPER: 3, // a network wrapper that does not decode, or whose commitments do not match the versioned hashes
  LABELS_FILE: 3,
  // QR signing (ERC-4527, issue 7)
  QR_UR_DECODE: 3,
  QR_UR_TYPE: 3,
  QR_UR_INCOMPLETE: 3,
  QR_REQUEST_INVALID: 3,
  QR_DATA_TYPE_UNSUPPORTED: 3,
  QR_FINGERPRINT_MISMATCH: 3,
  QR_PATH_INVALID: 3,
  QR_ADDRESS_MISMATCH: 3,
  // 4: an input could not be read, or the output could not be written
  READ_FAILED: 4,
  CANCELLED: 4,
  WRITE_FAILED: 4, // stdout refused the result: closed by its reader (EPIPE), not open (EBADF), full disk …
  // 5: the user looked at what would be signed and said no
  REVIEW_DECLINED: 5,
  // 70: a bug in airsign (EX_SOFTWARE)
  INTERNAL: 70,
} as const

/** A stable, machine-readable error code. */
export type ErrorCode = keyof typeof EXIT

/**
 * The one error class of airsign. `message` never holds secret material: no
 * mnemonic word, passphrase, seed or private key.
 * @example
 * throw new AirsignError('PATH_SYNTAX', "path must start with 'm'")
 */
export class AirsignError extends Error {
  override readonly name = 'AirsignError'
  readonly code: ErrorCode
  readonly hints: readonly string[]

  /**
   * @param code - stable code, decides the exit status
   * @param message - one line, no secret
   * @param opts - `hints` (extra lines shown under the message), `cause`
   */
  constructor(code: ErrorCode, message: string, opts: { hints?: readonly string[]; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.code = code
    this.hints = opts.hints ?? []
  }

  /** The process exit status for this error. */
  get exitCode(): number {
    return EXIT[this.code]
  }
}

/**
 * Any thrown value as an AirsignError: an AirsignError passes through, anything
 * else is a bug (`INTERNAL`) that keeps the original as `cause`. The message of
 * a foreign error is not copied: it may quote input (scure's "Unknown word: …").
 * @param e - the thrown value
 * @returns an AirsignError
 */
export function toAirsignError(e: unknown): AirsignError {
  if (e instanceof AirsignError) return e
  return new AirsignError('INTERNAL', 'internal error (set AIRSIGN_DEBUG=1 for details)', { cause: e })
}
