/**
 * A review as JSON (what `inspect --json`, `inspect-typed-data` and
 * `qr sign --json` carry): the call tree with typed arguments, the labelled
 * fields, the digests and the warnings. Numbers are decimal strings, bytes
 * lower-case 0x hex, addresses EIP-55.
 * @module
 */
import { bytesToHex } from '../bytes.js'
import * as address from '../address.js'
import { canonicalType, type AbiType, type AbiValue, type Param } from '../abi/types.js'
import type { CallNode, Rendered } from '../clear/call.js'
import type { Review } from '../clear/review.js'
import type { Warning } from '../clear/risk.js'

/** An ABI value as JSON: tuples with named components become objects. */
export function valueJson(t: AbiType, v: AbiValue): unknown {
  switch (t.kind) {
    case 'uint':
    case 'int':
      return (v as bigint).toString()
    case 'bool':
      return v as boolean
    case 'address':
      return address.toChecksum(v as Uint8Array)
    case 'string':
      return v as string
    case 'array':
      return (v as AbiValue[]).map((x) => valueJson(t.item, x))
    case 'tuple':
      return argsJson(t.components, v as AbiValue[])
    default:
      return bytesToHex(v as Uint8Array)
  }
}

function argsJson(params: readonly Param[], values: readonly AbiValue[]): unknown {
  if (params.length > 0 && params.every((p) => p.name !== '') && new Set(params.map((p) => p.name)).size === params.length) {
    return Object.fromEntries(params.map((p, i) => [p.name, valueJson(p.type, values[i]!)]))
  }
  return params.map((p, i) => valueJson(p.type, values[i]!))
}

export function renderedJson(r: Rendered): Record<string, unknown> {
  return {
    intent: r.intent,
    interpolatedIntent: r.interpolatedIntent,
    owner: r.owner,
    contractName: r.contractName,
    descriptor: r.descriptor,
    fields: r.fields.map((f) => ({ label: f.label, value: f.value, path: f.path, format: f.format, ...(f.nested ? { nested: renderedJson(f.nested) } : {}), ...(f.notes.length ? { notes: f.notes } : {}) })),
    notes: r.notes,
  }
}

export function callJson(n: CallNode): Record<string, unknown> {
  return {
    path: n.path,
    status: n.status,
    from: n.from ? address.toChecksum(n.from) : null,
    to: n.to ? address.toChecksum(n.to) : null,
    value: n.value.toString(),
    operation: n.operation === 1 ? 'delegatecall' : 'call',
    dataLength: n.data.length,
    calldataDigest: bytesToHex(n.digest),
    selector: n.selector ? bytesToHex(n.selector) : null,
    function: n.fn ? n.fn.signature : null,
    source: n.source,
    args: n.fn && n.values ? n.fn.inputs.map((p, i) => ({ name: p.name, type: canonicalType(p.type), value: valueJson(p.type, n.values![i]!) })) : null,
    issues: n.issues.map((i) => ({ reason: i.reason, path: i.path, message: i.message })),
    ...(n.candidates.length > 1 ? { candidates: n.candidates } : {}),
    rendered: n.rendered ? renderedJson(n.rendered) : null,
    ...(n.status === 'blind' && n.fn === null ? { words: words(n.data) } : {}),
    calls: n.children.map(callJson),
    notes: n.notes,
  }
}

/** Calldata after the selector as 32-byte words (the last one may be short). */
export function words(data: Uint8Array): string[] {
  const out: string[] = []
  for (let i = 4; i < data.length; i += 32) out.push(bytesToHex(data.subarray(i, Math.min(i + 32, data.length))))
  return out
}

export function warningJson(w: Warning): Record<string, unknown> {
  return { code: w.code, severity: w.severity, message: w.message, path: w.path }
}

/** The fields a review adds to a command's JSON output. */
export function reviewJson(r: Review): Record<string, unknown> {
  const warnings = r.warnings.map(warningJson)
  switch (r.kind) {
    case 'transaction':
      return { decoded: callJson(r.call), clear: r.clear, warnings }
    case 'typed-data':
      return {
        fields: r.leaves.map((l) => ({ path: l.path, type: l.type, value: l.value })),
        decoded: r.rendered ? renderedJson(r.rendered) : null,
        ...(r.call ? { call: callJson(r.call) } : {}),
        clear: r.clear,
        warnings,
      }
    case 'authorization':
      return { warnings }
  }
}
