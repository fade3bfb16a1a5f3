/**
 * What the clear-signing options load (options.ts declares them):
 * `--abi FILE` (JSON ABI or one signature a line), `--descriptor FILE|DIR`
 * (ERC-7730), `--labels FILE` (address book). Loaded only when a review needs
 * them (a plain transfer never imports this module); nothing is fetched.
 * @module
 */
import { AirsignError } from '../errors.js'
import { CAP, decodeUtf8, isDirectory, listJsonFiles, readPath } from '../io/read.js'
import { parseJsonAbi, parseSignature, type AbiFunction } from '../abi/types.js'
import type { RiskContext } from '../clear/risk.js'
import type { ClearArgs } from './options.js'
import { labelBook, parseLabels, type Label } from '../clear/labels.js'
import { names as makeNames } from '../clear/names.js'
import type { Knowledge, Rendered } from '../clear/call.js'
import type { TypedData } from '../typed-data.js'
import { buildRenderers } from '../clear/knowledge.js'
import type { Namer } from './review-text.js'

/** Everything a review needs beyond the input. */
export type Clear = {
  readonly knowledge: Knowledge
  readonly renderTyped: (doc: TypedData) => Rendered | null
  readonly ctx: RiskContext
  readonly namer: Namer
}

async function readJson(path: string, what: string, code: 'LABELS_FILE' | 'DESCRIPTOR_JSON'): Promise<unknown> {
  const text = decodeUtf8(await readPath(path, CAP.input, what), what).replace(/^\uFEFF/, '')
  try {
    return JSON.parse(text)
  } catch {
    throw new AirsignError(code, `${what} (${path}) is not valid JSON`)
  }
}

/** Functions of an --abi file: JSON (an ABI array, or an artifact with "abi"), or one signature a line (# comments). */
async function readAbi(path: string): Promise<AbiFunction[]> {
  const text = decodeUtf8(await readPath(path, CAP.input, '--abi file'), '--abi file').replace(/^\uFEFF/, '')
  const t = text.trimStart()
  if (t.startsWith('[') || t.startsWith('{')) {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new AirsignError('ABI_TYPE', `--abi ${path}: not valid JSON`)
    }
    return parseJsonAbi(json, `--abi ${path}`)
  }
  const out: AbiFunction[] = []
  text.split(/\r?\n/).forEach((line, i) => {
    const l = line.replace(/#.*$/, '').trim()
    if (l === '') return
    out.push(parseSignature(l, `--abi ${path} line ${i + 1}`))
  })
  if (out.length === 0) throw new AirsignError('ABI_TYPE', `--abi ${path}: no function in the file`)
  return out
}

/** The descriptor files of --descriptor (a file, or every .json under a directory), by a path that names the source. */
async function readDescriptors(paths: readonly string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>()
  for (const p of paths) {
    if (await isDirectory(p)) {
      for (const rel of await listJsonFiles(p)) out.set(`${p.replace(/\/+$/, '')}/${rel}`, await readJson(`${p}/${rel}`, 'descriptor', 'DESCRIPTOR_JSON'))
    } else {
      out.set(p, await readJson(p, 'descriptor', 'DESCRIPTOR_JSON'))
    }
  }
  return out
}

/** What the options name, read and parsed once. */
export type ClearFiles = {
  readonly labels: readonly Map<string, Label[]>[]
  readonly abi: readonly { fn: AbiFunction; source: string }[]
  readonly descriptors: ReadonlyMap<string, unknown>
}

/**
 * Read and parse what the options name: --labels, --abi, --descriptor.
 * @throws AirsignError ABI_TYPE, LABELS_FILE, DESCRIPTOR_JSON and the read codes
 */
export async function readClearFiles(args: ClearArgs): Promise<ClearFiles> {
  const labels: Map<string, Label[]>[] = []
  for (const p of args.labels ?? []) labels.push(parseLabels(await readJson(p, '--labels file', 'LABELS_FILE'), p))
  const abi: { fn: AbiFunction; source: string }[] = []
  for (const p of args.abi ?? []) for (const fn of await readAbi(p)) abi.push({ fn, source: `your ABI ${p}` })
  return { labels, abi, descriptors: await readDescriptors(args.descriptor ?? []) }
}

/**
 * The review's knowledge from the files, with the signer's addresses labelled as theirs.
 * @param own - the signer's addresses (labelled as yours)
 * @throws AirsignError DESCRIPTOR_* for a user descriptor that is not valid
 */
export function makeClear(files: ClearFiles, own: readonly { address: Uint8Array; name: string }[] = [], now: bigint = BigInt(Math.floor(Date.now() / 1000))): Clear {
  const names = makeNames(labelBook(files.labels, own))
  const { render, renderTyped } = buildRenderers(files.descriptors, names)
  return {
    knowledge: { render, abi: files.abi },
    renderTyped,
    ctx: { chainId: null, now, trustedDelegates: (a) => names.trustedDelegate(a) },
    namer: (chainId, a) => names.name(chainId, a),
  }
}
