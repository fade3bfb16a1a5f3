/**
 * The shipped ERC-7730 snapshot: every descriptor of
 * ethereum/clear-signing-erc7730-registry at one commit (CC0-1.0), byte for
 * byte, with a manifest (source, commit, licence, per file path, size, sha256).
 *
 * Loaded on first use and once: the bytes come from `snapshot-source.ts` (files
 * from source; in the bundle, one brotli literal decompressed here for the
 * first time), every file is checked against its manifest sha256 before it is
 * parsed, and a difference is an error, never a silently different descriptor.
 * A command that needs no review (a plain transfer) never calls this, so it
 * pays for the literal in the bundle text only: no decompression, no JSON.parse.
 * @module
 */
import { createHash } from 'node:crypto'
import { AirsignError } from '../../errors.js'
import { decompressions, manifestText, snapshotBlob } from './snapshot-source.js'

/** One shipped file. */
export type ManifestFile = { readonly path: string; readonly size: number; readonly sha256: string }
/** `erc7730/manifest.json`. */
export type Manifest = {
  readonly description: string
  readonly source: {
    readonly repository: string
    readonly url: string
    readonly commit: string
    readonly licence: string
    readonly licenceFile: { readonly path: string; readonly sha256: string }
  }
  readonly files: readonly ManifestFile[]
}

let manifestValue: Manifest | undefined
let bytesValue: ReadonlyMap<string, Uint8Array> | undefined
let filesValue: ReadonlyMap<string, unknown> | undefined

function snapshotError(message: string): never {
  throw new AirsignError('DESCRIPTOR_SNAPSHOT', `shipped ERC-7730 snapshot: ${message}`)
}

/** The manifest of the snapshot (parsed on first call). */
export function manifest(): Manifest {
  if (manifestValue) return manifestValue
  const m = JSON.parse(manifestText()) as Manifest
  if (!Array.isArray(m.files) || typeof m.source?.commit !== 'string') snapshotError('manifest.json has no files or no source commit')
  return (manifestValue = m)
}

/**
 * The verbatim bytes of every shipped file, by path (`ercs/…`, `registry/<entity>/…`),
 * each checked against the manifest's size and sha256.
 * @throws AirsignError DESCRIPTOR_SNAPSHOT when a file differs from the manifest
 */
export function shippedBytes(): ReadonlyMap<string, Uint8Array> {
  if (bytesValue) return bytesValue
  const m = manifest()
  return (bytesValue = splitSnapshot(m, snapshotBlob(m.files.map((f) => f.path))))
}

/**
 * Split the concatenated bytes by the manifest's sizes and check every sha256.
 * @param m - the manifest
 * @param blob - the files' bytes, concatenated in manifest order
 * @returns path → bytes
 * @throws AirsignError DESCRIPTOR_SNAPSHOT naming the first file that differs
 */
export function splitSnapshot(m: Manifest, blob: Uint8Array): Map<string, Uint8Array> {
  const total = m.files.reduce((n, f) => n + f.size, 0)
  if (blob.length !== total) snapshotError(`${blob.length} bytes, the manifest lists ${total}`)
  const out = new Map<string, Uint8Array>()
  let at = 0
  for (const f of m.files) {
    const bytes = blob.subarray(at, at + f.size)
    at += f.size
    const sha = createHash('sha256').update(bytes).digest('hex')
    if (sha !== f.sha256) snapshotError(`${f.path} has sha256 ${sha}, the manifest says ${f.sha256}`)
    out.set(f.path, bytes)
  }
  return out
}

/**
 * Every shipped descriptor, parsed: path → JSON value. Decompressed, checked and
 * parsed once, on the first call.
 * @throws AirsignError DESCRIPTOR_SNAPSHOT (a file differs from the manifest or is not JSON)
 */
export function shippedFiles(): ReadonlyMap<string, unknown> {
  if (filesValue) return filesValue
  const dec = new TextDecoder('utf-8', { fatal: true })
  const out = new Map<string, unknown>()
  for (const [path, bytes] of shippedBytes()) {
    try {
      out.set(path, JSON.parse(dec.decode(bytes)))
    } catch {
      snapshotError(`${path} is not UTF-8 JSON`)
    }
  }
  return (filesValue = out)
}

/** How often the snapshot was read (in the bundle: decompressed) in this process: 0 until a review needs it, then 1. */
export function snapshotLoads(): number {
  return decompressions()
}
