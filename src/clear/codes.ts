/**
 * The warning codes of the review with their severities: stable, scripts
 * match on them (`--accept CODE`); changing or removing one is a breaking
 * change. Kept apart from the rules so that the command line can check an
 * `--accept` code without loading them.
 * @module
 */

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'INFO'

/** Every code with its severity: scripts match on them (`--accept CODE`); changing one is a breaking change. */
export const RISKS = {
  APPROVAL_UNLIMITED: 'CRITICAL',
  APPROVAL_FOR_ALL: 'CRITICAL',
  APPROVAL_TO_TOKEN: 'HIGH',
  TRANSFER_TO_TOKEN: 'CRITICAL',
  PERMIT_UNLIMITED: 'CRITICAL',
  PERMIT_NO_EXPIRY: 'HIGH',
  PERMIT_LONG_EXPIRY: 'MEDIUM',
  PERMIT2_EXPIRATION_NOW: 'INFO',
  PERMIT2_DOMAIN_SPOOF: 'CRITICAL',
  AUTHORIZATION_UNKNOWN_DELEGATE: 'CRITICAL',
  AUTHORIZATION_ANY_CHAIN: 'HIGH',
  AUTHORIZATION_OTHER_CHAIN: 'MEDIUM',
  AUTHORIZATION_REVOKE: 'INFO',
  SAFE_DELEGATECALL_UNTRUSTED: 'CRITICAL',
  SAFE_DELEGATECALL_TOKEN_CALL: 'CRITICAL',
  SAFE_NESTED_DELEGATECALL: 'CRITICAL',
  SAFE_MULTISEND_UNTRUSTED: 'HIGH',
  SAFE_SINGLETON_CHANGE: 'CRITICAL',
  SAFE_MODULE_ENABLE: 'CRITICAL',
  SAFE_MODULE_DISABLE: 'HIGH',
  SAFE_GUARD_CHANGE: 'CRITICAL',
  SAFE_FALLBACK_HANDLER_UNKNOWN: 'CRITICAL',
  SAFE_FALLBACK_HANDLER_CHANGE: 'HIGH',
  SAFE_OWNER_CHANGE: 'HIGH',
  SAFE_GAS_REFUND: 'HIGH',
  SELECTOR_COLLISION: 'HIGH',
  CALLDATA_NON_CANONICAL: 'CRITICAL',
  CALLDATA_TRAILING_BYTES: 'HIGH',
  CALLDATA_UNKNOWN: 'MEDIUM',
  CONTRACT_CREATION: 'MEDIUM',
  TYPED_DATA_ANY_CHAIN: 'MEDIUM',
} as const satisfies Record<string, Severity>

export type RiskCode = keyof typeof RISKS
