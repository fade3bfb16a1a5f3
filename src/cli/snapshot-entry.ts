/**
 * Entry of the single executable (`npm run build:binary`).
 *
 * Built with a V8 startup snapshot (the default), this script runs at build
 * time: it loads every command, builds the large base-point table, and
 * registers the function that runs when the executable starts. At run time V8
 * deserializes that heap instead of parsing and initializing the bundle.
 * Built without one (`--reproducible`), it simply runs airsign.
 * @module
 */
import { startupSnapshot } from 'node:v8'
import { run } from './run.js'
import { preload } from './main.js'
import { asPrivateKey, getPublicKey, prepareForMany, useEngine } from '../sign.js'

const start = (): void => {
  useEngine('native')
  void run(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}

if (startupSnapshot.isBuildingSnapshot()) {
  // The build drains the event loop before it takes the snapshot, so the loads finish.
  void preload()
  // The large table costs nothing at run time once it is in the snapshot. An
  // OpenSSL object cannot be in a snapshot: noble warms up, the native engine
  // is created at run time.
  useEngine('noble')
  prepareForMany()
  getPublicKey(asPrivateKey(new Uint8Array(32).fill(1)))
  startupSnapshot.setDeserializeMainFunction(start)
} else {
  start()
}
