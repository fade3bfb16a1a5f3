/**
 * The bytes of the batch engine's WebAssembly module (secp-wasm.ts). Run from
 * source (tests), they are read from `secp-wasm/airsign-secp256k1.wasm`, the
 * committed module (.ci/build-secp-wasm.mjs rebuilds it). In the build this module is replaced (.ci/build.mjs): the same
 * file is `airsign-secp256k1.wasm` beside the bundle (an asset of the single
 * executable), read only when a batch needs it. Either way secp-wasm.ts checks
 * the bytes against the pinned sha256 before compiling them.
 * @module
 */
import { readFileSync } from 'node:fs'
import { AirsignError } from './errors.js'

/**
 * @returns the module's bytes
 * @throws AirsignError INTERNAL when the file cannot be read
 */
export function secpWasmBytes(): Uint8Array {
  try {
    return readFileSync(new URL('./secp-wasm/airsign-secp256k1.wasm', import.meta.url))
  } catch (e) {
    throw new AirsignError('INTERNAL', 'the secp256k1 WebAssembly module cannot be read: reinstall airsign', { cause: e })
  }
}
