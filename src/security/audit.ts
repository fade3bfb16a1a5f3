/**
 * Test support: a text audit for code that could reach a network or start a
 * program. bundle-audit.test.ts runs it over the built bundle and over the
 * sources. Test-only code, never in the bundle.
 * @module
 */

/**
 * Node modules that open sockets (net, tls, http, https, http2, dns, dgram,
 * undici: fetch's engine, inspector: it can listen on a port, cluster: it
 * shares server sockets) or start programs (child_process), with or without
 * the `node:` prefix and with any subpath (`node:dns/promises`).
 */
const MODULES = 'net|tls|http|https|http2|dns|dgram|child_process|inspector|undici|cluster'

export type Finding = { line: number; what: string; text: string }

const RULES: { what: string; re: RegExp }[] = [
  // Any quoted string that is exactly such a module name: import … from "x", import("x"),
  // require("x"), createRequire(…)("x"), and a name kept in a variable for a later require.
  { what: 'network or process module', re: new RegExp(`["'\`](?:node:)?(?:${MODULES})(?:/[a-z_]+)?["'\`]`, 'g') },
  // fetch called, or taken as a value (globalThis.fetch, f=fetch, ['fetch']); the BIP-39 word "fetch"
  // inside the space-separated wordlist in the bundle has white space on both sides and is no use of it.
  { what: 'fetch', re: /\bfetch\s*\(|(?<![\w$\s])fetch\b|\bfetch(?![\w$\s])/g },
  { what: 'WebSocket', re: /\bWebSocket\b/g },
  { what: 'XMLHttpRequest', re: /\bXMLHttpRequest\b/g },
  { what: 'EventSource', re: /\bEventSource\b/g },
  { what: 'sendBeacon', re: /\bsendBeacon\b/g },
  // Node's internal bindings (tcp_wrap, udp_wrap …) and native add-ons reach sockets without any module above.
  { what: 'process.binding', re: /\bprocess\s*\.\s*(?:_linkedBinding|binding|dlopen)\b/g },
  { what: 'internal socket binding', re: /\b(?:tcp_wrap|udp_wrap|cares_wrap|js_udp_wrap)\b/g },
]

/**
 * Find every use of a network or process API in a text (source or bundle).
 * @param text - the code
 * @returns one finding per match, with its line number and the matched text in context
 */
export function auditText(text: string): Finding[] {
  const lineStarts = [0]
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1)
  const lineOf = (pos: number): number => {
    let lo = 0
    let hi = lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (lineStarts[mid]! <= pos) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
  const out: Finding[] = []
  for (const { what, re } of RULES) {
    for (const m of text.matchAll(re)) {
      const at = m.index
      out.push({ line: lineOf(at), what, text: text.slice(Math.max(0, at - 40), at + m[0].length + 40).replace(/\s+/g, ' ') })
    }
  }
  return out
}

/**
 * The call sites in a bundle that load code by a name computed at run time:
 * `require(x)` / `import(x)` whose argument is not a string literal (a
 * literal is checked by auditText). `.require(` as a method definition
 * (yargs' `require(e,t,r){…}`) is a call site too; the test pins the set.
 */
export function dynamicLoads(text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(/\b(require|import)\s*\(\s*([^"'`)\s][^)]{0,40})\)/g)) out.push(`${m[1]}(${m[2]})`)
  return out
}
