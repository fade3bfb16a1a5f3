/**
 * The message signers of eth-sign-request data types 2 (EIP-712 typed data)
 * and 3 (EIP-191 personal message), from the same modules as `sign-typed-data`
 * and `sign-message`.
 * @module
 */
import { AirsignError } from '../errors.js'
import { decodeUtf8 } from '../io/read.js'
import { personalHash } from '../message.js'
import { asDigest, signDigest } from '../sign.js'
import { hashTypedData, parseTypedData } from '../typed-data.js'
import type { MessageSigners } from './signer.js'

/** The typed data of a request, validated: the JSON text, UTF-8. */
export function requestTypedData(json: Uint8Array): ReturnType<typeof parseTypedData> {
  let value: unknown
  try {
    value = JSON.parse(decodeUtf8(json, 'typed data'))
  } catch (e) {
    if (e instanceof AirsignError) throw e
    throw new AirsignError('TYPED_DATA_JSON', 'typed data is not valid JSON')
  }
  return parseTypedData(value)
}

/** The signers available in this build. */
export function messageSigners(): MessageSigners {
  return {
    personal: (message, key, pub) => signDigest(personalHash(message), key, pub),
    typedData: (json, key, pub) => signDigest(asDigest(hashTypedData(requestTypedData(json)).digest), key, pub),
  }
}
