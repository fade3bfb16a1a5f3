/** The version string `airsign --version` prints. @module */
import pkg from '../../package.json' with { type: 'json' }

export const VERSION: string = pkg.version
