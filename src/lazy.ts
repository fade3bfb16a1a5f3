/**
 * Modules loaded on first use, synchronously: the curve library and BIP-32
 * serialization cost a one-shot command ~6 ms to initialize (module set-up,
 * and noble probing the WebCrypto random source), and a native-engine
 * signature needs neither; node:tty is for the hidden prompt only. Synchronous
 * because the single executable's script cannot import().
 *
 * In the bundle (`__AIRSIGN_BUNDLE__`, set by .ci/build.mjs) each loader is a
 * plain require() that esbuild resolves at build time: the library is inside
 * the bundle, wrapped so that it initializes when first required. Run from
 * source (tests), Node's own require loads the same ES modules.
 * @module
 */
import { createRequire } from 'node:module'

declare const __AIRSIGN_BUNDLE__: boolean | undefined
const inBundle = typeof __AIRSIGN_BUNDLE__ === 'boolean' && __AIRSIGN_BUNDLE__

// Each loader names its module literally: esbuild bundles only a require() of a literal.
type Noble = typeof import('@noble/curves/secp256k1.js')
type NobleCurve = typeof import('@noble/curves/abstract/curve.js')
type Bip32 = typeof import('@scure/bip32')
type Tty = typeof import('node:tty')

let noble: Noble | undefined
let nobleCurve: NobleCurve | undefined
let bip32: Bip32 | undefined
let tty: Tty | undefined

/** `@noble/curves/secp256k1.js`. */
export function nobleSecp256k1(): Noble {
  return (noble ??= inBundle ? (require('@noble/curves/secp256k1.js') as Noble) : (createRequire(import.meta.url)('@noble/curves/secp256k1.js') as Noble))
}

/** `@noble/curves/abstract/curve.js`. */
export function nobleCurveUtils(): NobleCurve {
  return (nobleCurve ??= inBundle ? (require('@noble/curves/abstract/curve.js') as NobleCurve) : (createRequire(import.meta.url)('@noble/curves/abstract/curve.js') as NobleCurve))
}

/** `@scure/bip32`. */
export function scureBip32(): Bip32 {
  return (bip32 ??= inBundle ? (require('@scure/bip32') as Bip32) : (createRequire(import.meta.url)('@scure/bip32') as Bip32))
}

/** `node:tty` (it loads node:net beneath it): only the hidden prompt needs it. */
export function nodeTty(): Tty {
  return (tty ??= inBundle ? (require('node:tty') as Tty) : (createRequire(import.meta.url)('node:tty') as Tty))
}
