/**
 * Test support: a small seeded generator (splitmix64) for the differential
 * tests, so that every run is reproducible from its seed. For choosing test
 * cases only (test keys are drawn from it too; they hold nothing).
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { asPrivateKey } from '../sign.js'

export type Rng = {
  /** a 64-bit value */
  u64(): bigint
  /** 0 … n-1 */
  int(n: number): number
  /** 0 … max, uniform enough for testing */
  big(max: bigint): bigint
  bytes(n: number): Uint8Array
  pick<T>(a: readonly T[]): T
}

/** The seed of a test file: AIRSIGN_DIFF_SEED when set (to replay a run), else the file's own. */
export function seed(own: bigint): bigint {
  return process.env.AIRSIGN_DIFF_SEED === undefined ? own : BigInt(process.env.AIRSIGN_DIFF_SEED)
}

export function prng(seed: bigint): Rng {
  let s = seed & 0xffffffffffffffffn
  const u64 = (): bigint => {
    s = (s + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn
    let z = s
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn
    return z ^ (z >> 31n)
  }
  const int = (n: number): number => Number(u64() % BigInt(n))
  return {
    u64,
    int,
    big: (max) => ((u64() << 192n) | (u64() << 128n) | (u64() << 64n) | u64()) % (max + 1n),
    bytes: (n) => Uint8Array.from({ length: n }, () => Number(u64() & 0xffn)),
    pick: (a) => a[int(a.length)]!,
  }
}

/** A valid secp256k1 private key drawn from the generator. */
export function testKey(r: Rng): Uint8Array {
  for (;;) {
    const k = keccak_256(r.bytes(32))
    try {
      asPrivateKey(k)
      return k
    } catch {
      // out of range (probability 2^-128): draw again
    }
  }
}
