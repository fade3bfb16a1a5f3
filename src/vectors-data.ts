/**
 * The built-in vector files of `airsign vectors`, as data: each file of
 * test-vectors/ that the command runs, named by its path there (the README's
 * sha256 table names the same paths). Run from source (tests), the files are
 * imported. In the build, this module is replaced (.ci/build.mjs): the same
 * files, in this order, are one file beside the bundle, airsign-vectors.json
 * (an asset of the single executable), which only `airsign vectors` reads and
 * which the bundle checks against its sha256: the ~370 KB are no longer parsed
 * at every start.
 * @module
 */
import trezorVectors from '../test-vectors/upstream/bip39/trezor-vectors.json' with { type: 'json' }
import jpVectors from '../test-vectors/upstream/bip39/jp-vectors.json' with { type: 'json' }
import bip32Vectors from '../test-vectors/bip32/bip32-vectors.json' with { type: 'json' }
import eip155Example from '../test-vectors/eip155/eip155-example.json' with { type: 'json' }
import airsignCore from '../test-vectors/airsign/core.json' with { type: 'json' }
import eip712Mail from '../test-vectors/eip712/eip712-mail-example.json' with { type: 'json' }
import gethTypedData from '../test-vectors/upstream/eip712/geth-typed-data.json' with { type: 'json' }
import eip191TextHash from '../test-vectors/eip191/geth-texthash.json' with { type: 'json' }
import safeVectors from '../test-vectors/safe/safe-vectors.json' with { type: 'json' }
import slip39Vectors from '../test-vectors/slip39/slip39-vectors.json' with { type: 'json' }
import keystoreBasic from '../test-vectors/keystore/keystore-basic-tests.json' with { type: 'json' }

/** The files, in the order `airsign vectors` runs them. */
export function builtInData(): { name: string; data: unknown }[] {
  return [
    { name: 'upstream/bip39/trezor-vectors.json', data: trezorVectors },
    { name: 'upstream/bip39/jp-vectors.json', data: jpVectors },
    { name: 'bip32/bip32-vectors.json', data: bip32Vectors },
    { name: 'eip155/eip155-example.json', data: eip155Example },
    { name: 'airsign/core.json', data: airsignCore },
    { name: 'eip712/eip712-mail-example.json', data: eip712Mail },
    { name: 'upstream/eip712/geth-typed-data.json', data: gethTypedData },
    { name: 'eip191/geth-texthash.json', data: eip191TextHash },
    { name: 'safe/safe-vectors.json', data: safeVectors },
    { name: 'slip39/slip39-vectors.json', data: slip39Vectors },
    { name: 'keystore/keystore-basic-tests.json', data: keystoreBasic },
  ]
}
