/**
 * A review as terminal lines: the call tree (function, intent, labelled
 * fields, nested calls), the raw words of calldata nobody can explain, the
 * digests, and the warnings, most severe first. Every string that comes from
 * a descriptor, an ABI, a labels file or the input is escaped (`plain`,
 * `shown`): no control, bidi or line-breaking character reaches the terminal.
 * Addresses are always printed whole (EIP-55), with their label beside them,
 * never shortened: a shortened address is what address-poisoning attacks fake.
 * @module
 */
import { bytesToHex, equalBytes, hexToBytes } from '../bytes.js'
import * as address from '../address.js'
import { canonicalType, type AbiType } from '../abi/types.js'
import * as tx from '../tx.js'
import type { CallNode, Rendered, RenderedField } from '../clear/call.js'
import type { Review } from '../clear/review.js'
import type { Warning } from '../clear/risk.js'
import { eth, shown, txSummary } from './review.js'
import { escapeTerminal } from './output.js'
import { valueJson, words } from './review-json.js'

/** Names an address for the review (label text and where it came from), or null. */
export type Namer = (chainId: bigint, a: Uint8Array) => { name: string; source: string } | null

/** Most characters of one untrusted string shown (longer is cut with a note). */
const MAX_SHOWN = 300
/** Most calldata words listed for a blind call. */
const MAX_WORDS = 64

/**
 * Untrusted text without quotes, safe for a terminal: C0/C1 controls, DEL,
 * bidi and zero-width marks, line and paragraph separators escaped as \\uXXXX;
 * cut at MAX_SHOWN characters.
 */
export function plain(s: string): string {
  const cut = s.length > MAX_SHOWN ? s.slice(0, MAX_SHOWN) : s
  const esc = escapeTerminal(cut)
  return s.length > MAX_SHOWN ? `${esc}… (${s.length} characters)` : esc
}

function addr(chainId: bigint, a: Uint8Array, namer: Namer): string {
  const n = namer(chainId, a)
  return n ? `${address.toChecksum(a)} (${plain(n.name)})` : address.toChecksum(a)
}

/** A type with the names of tuple components: `(address tokenIn, uint24 fee)[]`. */
function typeText(t: AbiType): string {
  if (t.kind === 'tuple') return `(${t.components.map((c) => `${typeText(c.type)}${c.name ? ' ' + c.name : ''}`).join(', ')})`
  if (t.kind === 'array') return `${typeText(t.item)}[${t.length ?? ''}]`
  return canonicalType(t)
}

/** A function with its parameter names, as a reader expects it: `approve(address spender, uint256 amount)`. */
export function signatureText(fn: NonNullable<CallNode['fn']>): string {
  return `${fn.name}(${fn.inputs.map((p) => `${typeText(p.type)}${p.name ? ' ' + p.name : ''}`).join(', ')})`
}

/** Engine notes the tree says better: the generic-tier remark (the source line says it), and embedded calls' notes (shown with the call). */
const REPEATED = /^(generic descriptor \S+: not bound to 0x[0-9a-fA-F]{40} by the registry|embedded call: .*)$/

/**
 * The descriptor's lines: intent, each field (an address by its name and in full), notes. A
 * calldata field whose call is a child of the tree is shown as that child (`child`), so the
 * inner call appears once, with its own decoding and rules' view.
 */
function renderedLines(r: Rendered, pad: string, child: (f: RenderedField) => string[] | null = () => null): string[] {
  const out = [`${pad}intent: ${plain(r.interpolatedIntent ?? r.intent)}${r.owner ? ` (${plain(r.owner)})` : ''}`]
  for (const f of r.fields) {
    const inner = child(f)
    if (inner) {
      out.push(`${pad}${plain(f.label)}:`)
      out.push(...inner)
      continue
    } else if (f.nested) {
      out.push(`${pad}${plain(f.label)}:`)
      out.push(...renderedLines(f.nested, pad + '  '))
    } else {
      const full = f.address ? address.toChecksum(f.address) : null
      out.push(`${pad}${plain(f.label)}: ${plain(f.value)}${full && full !== f.value ? ` (${full})` : ''}`)
    }
    for (const n of f.notes) out.push(`${pad}  note: ${plain(n)}`)
  }
  // The descriptor's notes repeat each field's notes as "Label: note": those are shown under their field already.
  const fieldNotes = new Set(r.fields.flatMap((f) => f.notes.map((n) => `${f.label}: ${n}`)))
  for (const n of r.notes) if (!fieldNotes.has(n) && !REPEATED.test(n) && !/^[^:]+: embedded call: /.test(n)) out.push(`${pad}note: ${plain(n)}`)
  return out
}

/** Lines of one call and the calls inside it. */
export function callLines(chainId: bigint, n: CallNode, namer: Namer, pad = '  '): string[] {
  const out: string[] = []
  const shown = new Set<CallNode>()
  const kind = n.operation === 1 ? 'DELEGATECALL' : 'call'
  if (n.status === 'creation') return [`${pad}contract creation: ${n.data.length} bytes of code, digest ${bytesToHex(n.digest)}`]
  if (n.status === 'empty') {
    if (n.path !== 'call') out.push(`${pad}${kind} to ${addr(chainId, n.to!, namer)}, value ${eth(n.value)}, no data`)
    else out.push(`${pad}data: none`)
    return out
  }
  const head = n.path === 'call' ? `${pad}calls` : `${pad}${kind} to ${addr(chainId, n.to!, namer)}${n.value ? `, value ${eth(n.value)}` : ''}:`
  if (n.fn === null) {
    out.push(`${head}${n.path === 'call' ? ' an unknown function' : ' an unknown function'}${n.selector ? ` (selector ${bytesToHex(n.selector)})` : ''}: BLIND, airsign cannot say what it does`)
    const ws = words(n.data)
    ws.slice(0, MAX_WORDS).forEach((w, i) => out.push(`${pad}  word ${i}: ${w}`))
    if (ws.length > MAX_WORDS) out.push(`${pad}  … ${ws.length - MAX_WORDS} more words`)
  } else {
    out.push(`${head} ${plain(signatureText(n.fn))}`)
    const generic = n.rendered?.notes.some((x) => x.startsWith('generic descriptor ')) === true
    out.push(`${pad}  source: ${plain(n.source ?? 'unknown')}${n.rendered ? (generic ? ' (a standard interface: no descriptor is bound to this contract)' : '') : ' (no descriptor: arguments as the signature names them)'}`)
    if (n.values === null) {
      out.push(`${pad}  does not decode: ${n.issues.map((i) => `${i.reason}${i.path ? ` at ${plain(i.path)}` : ''}`).join('; ')}: BLIND`)
    } else {
      if (n.issues.length > 0) out.push(`${pad}  NOT CANONICAL, shown as a contract would read it: ${n.issues.map((i) => `${i.reason}${i.path ? ` at ${plain(i.path)}` : ''}: ${plain(i.message)}`).join('; ')}`)
      if (n.rendered) {
        out.push(
          ...renderedLines(n.rendered, pad + '  ', (f) => {
            // A MultiSend batch: its entries are the children, each shown below; the packed bytes are not worth reading.
            if (n.known?.fn.name === 'multiSend' && f.path === '#.transactions' && n.children.length > 0) return [`${pad}    ${n.children.length} entries (${(n.values![0] as Uint8Array).length} bytes), each below`]
            const c = f.call ? n.children.find((k) => !shown.has(k) && k.to !== null && equalBytes(k.to, f.call!.to) && equalBytes(k.data, f.call!.data)) : undefined
            if (!c) return null
            shown.add(c)
            return callLines(chainId, c, namer, pad + '    ')
          }),
        )
      } else n.fn.inputs.forEach((p, i) => out.push(`${pad}  ${plain(p.name || `[${i}]`)}: ${argText(chainId, p.type, n.values![i]!, namer)}`))
    }
  }
  for (const note of n.notes) out.push(`${pad}  note: ${plain(note)}`)
  for (const c of n.children) if (!shown.has(c)) out.push(...callLines(chainId, c, namer, pad + '  '))
  if (n.path === 'call') out.push(`${pad}calldata: ${n.data.length} bytes, selector ${bytesToHex(n.selector!)}, digest ${bytesToHex(n.digest)} (ERC-8213)`)
  return out
}

/** One decoded argument as text: addresses with their label, strings quoted and escaped, the rest as JSON. */
function argText(chainId: bigint, t: Parameters<typeof valueJson>[0], v: Parameters<typeof valueJson>[1], namer: Namer): string {
  if (t.kind === 'address') return addr(chainId, v as Uint8Array, namer)
  if (t.kind === 'string') return shown(v)
  const j = valueJson(t, v)
  return typeof j === 'string' ? j : plain(JSON.stringify(j))
}

/** `CRITICAL APPROVAL_UNLIMITED at call: …` lines. */
export function warningLines(ws: readonly Warning[], pad = '  '): string[] {
  return ws.map((w) => `${pad}${w.severity} ${w.code}${w.path ? ` at ${plain(w.path)}` : ''}: ${plain(w.message)}`)
}

/** The transaction summary with its call decoded and the warnings (replaces the summary's data line). */
export function txReviewLines(t: tx.UnsignedTx, r: Review & { kind: 'transaction' }, namer: Namer): string[] {
  const chainId = t.chainId ?? 0n
  const base = txSummary(t, t.to ? namer(chainId, t.to)?.name : undefined)
  base.splice(base.findIndex((l) => l.startsWith('  data:')), 1, ...callLines(chainId, r.call, namer))
  return [...base, ...(r.warnings.length ? ['  warnings:', ...warningLines(r.warnings, '    ')] : [])]
}

/** The typed-data review lines (after the domain summary): descriptor fields, every message field, hashes, the call of a SafeTx, warnings. */
export function typedReviewLines(r: Review & { kind: 'typed-data' }, chainId: bigint, namer: Namer): string[] {
  const out: string[] = []
  if (r.rendered) {
    out.push(`  descriptor: ${plain(r.rendered.descriptor)}`)
    out.push(...renderedLines(r.rendered, '    '))
  } else if (r.primaryType !== 'EIP712Domain') {
    out.push('  no descriptor for this document: every field as the document names it')
  }
  if (r.leaves.length) out.push('  message:')
  for (const l of r.leaves) {
    let v: string
    if (l.type === 'address' && /^0x[0-9a-fA-F]{40}$/.test(l.value)) v = addr(chainId, hexToBytes(l.value, l.path), namer)
    else if (l.type === 'string') v = shown(l.value)
    else v = plain(l.value)
    out.push(`    ${plain(l.path.replace(/^message\./, ''))} (${plain(l.type)}): ${v}`)
  }
  out.push(`  domain hash ${bytesToHex(r.domainSeparator)} (domain separator)`)
  if (r.messageHash) out.push(`  message hash ${bytesToHex(r.messageHash)} (hashStruct of the message)`)
  out.push(`  digest ${bytesToHex(r.digest)} (what is signed)`)
  if (r.call) {
    out.push('  the Safe transaction it authorizes:')
    out.push(...callLines(chainId, r.call, namer, '    '))
  }
  if (r.warnings.length) out.push('  warnings:', ...warningLines(r.warnings, '    '))
  return out
}
