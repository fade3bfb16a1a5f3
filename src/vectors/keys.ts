/**
 * The key-source vectors: ethereum/tests KeyStoreTests (kind `keystore`: the
 * keystore decrypts to its key with the password and is refused with
 * KEYSTORE_PASSWORD with another) and Trezor's SLIP-39 vectors (kind
 * `slip39`: valid sets give the master secret and root xprv with TREZOR,
 * invalid ones are refused with a SLIP39_* error).
 * @module
 */
import { AirsignError } from '../errors.js'
import { equalBytes, utf8ToBytes, wipe } from '../bytes.js'
import * as hd from '../hd.js'
import * as slip39 from '../keys/slip39.js'
import { decryptKeystore, parseKeystore } from '../keys/keystore.js'
import { bad, hex, makeCase, onlyKeys, str, TREZOR_PASSPHRASE, type Case } from './check.js'

/**
 * ethereum/tests KeyStoreTests: each keystore decrypts to `priv` with `password` (its UTF-8),
 * and a wrong password is KEYSTORE_PASSWORD. The keystore is validated (and its KDF bounded) at
 * load: a file airsign would refuse is a VECTOR_FILE error, not a run. Keys are not quoted.
 */
export function loadKeystore(name: string, data: Record<string, unknown>): Case[] {
  return Object.entries(data).map(([id, c]) => {
    const where = `${name}: ${id}`
    const o = c as Record<string, unknown>
    onlyKeys(o, ['json', 'password', 'priv'], where)
    const password = str(o.password, `${where} password`)
    const priv = hex(o.priv, `${where} priv`)
    if (priv.length !== 32) bad(`${where} priv`, 'expected 32 bytes of hex')
    try {
      parseKeystore(o.json)
    } catch (e) {
      if (e instanceof AirsignError) bad(`${where} json`, `${e.message} [${e.code}]`)
      throw e
    }
    return makeCase(where, async () => {
      const problems: string[] = []
      const key = await decryptKeystore(o.json, utf8ToBytes(password))
      if (!equalBytes(key, priv)) problems.push('decrypted key differs from priv')
      wipe(key)
      try {
        // Not password + NUL: HMAC pads its key with zeros, so (below 64 bytes) that is the same password.
        wipe(await decryptKeystore(o.json, utf8ToBytes(`${password}!`)))
        problems.push('a wrong password was accepted')
      } catch (e) {
        if (!(e instanceof AirsignError)) throw e
        if (e.code !== 'KEYSTORE_PASSWORD') problems.push(`a wrong password: expected KEYSTORE_PASSWORD, got ${e.code}`)
      }
      return problems
    })
  })
}


/**
 * trezor/python-shamir-mnemonic vectors: a valid set must give the master secret and its
 * BIP-32 root xprv with passphrase TREZOR; an invalid one (empty secret and xprv) must be
 * refused with a SLIP39_* error (any other error, or a secret, fails the case).
 */
export function loadSlip39(name: string, data: unknown[]): Case[] {
  return data.map((row, i) => {
    const r = row as unknown[]
    const where = `${name}: #${i + 1}`
    const description = str(r[0], `${where} description`)
    if ((r[1] as unknown[]).length === 0) bad(`${where} shares`, 'expected at least one share')
    const shares = (r[1] as unknown[]).map((s, j) => str(s, `${where} shares[${j}]`))
    const secret = str(r[2], `${where} master secret`) === '' ? undefined : hex(r[2], `${where} master secret`)
    const xprv = str(r[3], `${where} xprv`)
    if ((secret === undefined) !== (xprv === '')) bad(where, 'master secret and xprv must be both empty (an invalid set) or both given')
    return makeCase(`${name}: ${description}`, async () => {
      if (secret === undefined) {
        try {
          wipe(slip39.recoverMasterSecret(shares, TREZOR_PASSPHRASE))
        } catch (e) {
          if (e instanceof AirsignError && e.code.startsWith('SLIP39_')) return []
          throw e
        }
        return ['the invalid share set was accepted']
      }
      const problems: string[] = []
      const ms = slip39.recoverMasterSecret(shares, TREZOR_PASSPHRASE)
      try {
        if (!equalBytes(ms, secret)) problems.push('master secret differs from the vector')
        const root = hd.fromSeed(ms)
        if (hd.xprv(root) !== xprv) problems.push('root xprv differs from the vector')
        hd.wipe(root)
      } finally {
        wipe(ms)
      }
      return problems
    })
  })
}
