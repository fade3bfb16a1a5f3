/**
 * Inputs of the message commands (sign-message, sign-typed-data, sign-hash,
 * inspect-typed-data, verify), read the same way everywhere.
 * @module
 */
import { AirsignError } from '../errors.js'
import { hexToBytes, utf8ToBytes } from '../bytes.js'
import type { Io } from '../io/io.js'
import { CAP, decodeUtf8, readPath, readStream } from '../io/read.js'
import { parseTypedData, type TypedData } from '../typed-data.js'

/**
 * The message bytes: `--message TEXT` as UTF-8, else stdin byte for byte (a
 * trailing newline is part of the message, as for sha256sum). With `--hex`,
 * either is hex (white space around it ignored). Text that starts with 0x is
 * text unless --hex says otherwise.
 * @throws AirsignError BAD_HEX, INPUT_TOO_LARGE, READ_FAILED
 */
export async function readMessage(args: { message?: string; hex?: boolean }, io: Io): Promise<Uint8Array> {
  if (args.hex === true) {
    const text = args.message ?? decodeUtf8(await readStream(io.stdin, CAP.input, 'message (stdin)'), 'message')
    return hexToBytes(text.trim(), 'message (--hex)')
  }
  if (args.message !== undefined) return utf8ToBytes(args.message)
  return readStream(io.stdin, CAP.input, 'message (stdin)')
}

/**
 * An EIP-712 document from a file, a descriptor, `-` (stdin) or, when no path is given, stdin.
 * @throws AirsignError TYPED_DATA_JSON and every parseTypedData code, BAD_UTF8, INPUT_TOO_LARGE, READ_FAILED
 */
export async function readTypedData(path: string | undefined, io: Io): Promise<TypedData> {
  const bytes = path === undefined || path === '-' ? await readStream(io.stdin, CAP.input, 'typed data (stdin)') : await readPath(path, CAP.input, 'typed data')
  const text = decodeUtf8(bytes, 'typed data').replace(/^\uFEFF/, '')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new AirsignError('TYPED_DATA_JSON', 'typed data is not valid JSON')
  }
  return parseTypedData(json)
}

/**
 * A 32-byte digest given as hex.
 * @throws AirsignError BAD_HEX, USAGE (not 32 bytes)
 */
export function digestArg(text: string, what: string): Uint8Array {
  const b = hexToBytes(text.trim(), what)
  if (b.length !== 32) throw new AirsignError('BAD_HEX', `${what}: a digest is 32 bytes, this one ${b.length}`)
  return b
}
