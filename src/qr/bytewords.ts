/**
 * Bytewords (BCR-2020-012), the "minimal" style that URs use: each byte is the
 * first and last letter of its word, and the payload is followed by its
 * CRC-32 (big-endian) before encoding. Also CRC-32 itself (ISO-HDLC, the
 * zlib/PNG polynomial), which the fountain codes use as the message checksum.
 * @see https://github.com/BlockchainCommons/Research/blob/master/papers/bcr-2020-012-bytewords.md
 * @module
 */
import { AirsignError } from '../errors.js'

// The 256 words of BCR-2020-012, four letters each, in byte order.
const WORDS =
  'ableacidalsoapexaquaarchatomauntawayaxisbackbaldbarnbeltbetabiasbluebodybragbrewbulbbuzzcalmcashcatschefcityclawcodecolacookcostcruxcurlcuspcyandarkdatadaysdelidicedietdoordowndrawdropdrumdulldutyeacheasyechoedgeepicevenexamexiteyesfactfairfernfigsfilmfishfizzflapflewfluxfoxyfreefrogfuelfundgalagamegeargemsgiftgirlglowgoodgraygrimgurugushgyrohalfhanghardhawkheathelphighhillholyhopehornhutsicedideaidleinchinkyintoirisironitemjadejazzjoinjoltjowljudojugsjumpjunkjurykeepkenokeptkeyskickkilnkingkitekiwiknoblamblavalazyleaflegsliarlimplionlistlogoloudloveluaulucklungmainmanymathmazememomenumeowmildmintmissmonknailnavyneednewsnextnoonnotenumbobeyoboeomitonyxopenovalowlspaidpartpeckplaypluspoempoolposepuffpumapurrquadquizraceramprealredorichroadrockroofrubyruinrunsrustsafesagascarsetssilkskewslotsoapsolosongstubsurfswantacotasktaxitenttiedtimetinytoiltombtoystriptunatwinuglyundouniturgeuservastveryvetovialvibeviewvisavoidvowswallwandwarmwaspwavewaxywebswhatwhenwhizwolfworkyankyawnyellyogayurtzapszerozestzinczonezoom'

const MINIMAL: string[] = []
const LOOKUP = new Map<string, number>()
for (let i = 0; i < 256; i++) {
  const w = WORDS.slice(4 * i, 4 * i + 4)
  const m = w[0]! + w[3]!
  MINIMAL.push(m)
  LOOKUP.set(m, i)
}

const CRC_TABLE = new Uint32Array(256)
for (let n = 0; n < 256; n++) {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  CRC_TABLE[n] = c >>> 0
}

/**
 * CRC-32/ISO-HDLC (reflected polynomial 0xEDB88320, as zlib and PNG).
 * @example crc32(new TextEncoder().encode('Hello, world!')) // 0xebe6c6e6
 */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/**
 * Encode bytes as minimal bytewords with the CRC-32 appended.
 * @param data - the payload
 * @returns lower-case letters, two per byte, 8 more for the checksum
 */
export function encodeMinimal(data: Uint8Array): string {
  const crc = crc32(data)
  let s = ''
  for (const b of data) s += MINIMAL[b]
  for (const shift of [24, 16, 8, 0]) s += MINIMAL[(crc >>> shift) & 0xff]
  return s
}

/**
 * Decode minimal bytewords (either case) and check the CRC-32.
 * @param text - the bytewords
 * @returns the payload without the checksum
 * @throws AirsignError QR_UR_DECODE on an unknown word, odd length or a checksum mismatch
 */
export function decodeMinimal(text: string): Uint8Array {
  const t = text.toLowerCase()
  if (t.length % 2 !== 0) throw new AirsignError('QR_UR_DECODE', 'bytewords: odd number of letters')
  if (t.length < 10) throw new AirsignError('QR_UR_DECODE', 'bytewords: too short to hold a checksum')
  const all = new Uint8Array(t.length / 2)
  for (let i = 0; i < all.length; i++) {
    const b = LOOKUP.get(t.slice(2 * i, 2 * i + 2))
    if (b === undefined) throw new AirsignError('QR_UR_DECODE', `bytewords: "${t.slice(2 * i, 2 * i + 2)}" at letter ${2 * i + 1} is not a byteword`)
    all[i] = b
  }
  const body = all.subarray(0, all.length - 4)
  const c = all.subarray(all.length - 4)
  const expected = ((c[0]! << 24) | (c[1]! << 16) | (c[2]! << 8) | c[3]!) >>> 0
  if (crc32(body) !== expected) throw new AirsignError('QR_UR_DECODE', 'bytewords: checksum does not match (damaged or mistyped part)')
  return body.slice()
}
