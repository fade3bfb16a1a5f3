/** The version string `airsign --version` prints. @module */
import pkg from '../../package.json' with { type: 'json' }

// Replaced at build time (.ci/build.mjs) by the sha256 of the bundle; absent when running from source.
declare const __AIRSIGN_BUNDLE_HASH__: string | undefined

const hash = typeof __AIRSIGN_BUNDLE_HASH__ === 'string' ? __AIRSIGN_BUNDLE_HASH__ : undefined

/** `0.1.0 (bundle sha256:…)`, or `0.1.0 (from source)` under the test runner. */
export const VERSION: string = `${pkg.version} (${hash ? `bundle sha256:${hash}` : 'from source'})`
