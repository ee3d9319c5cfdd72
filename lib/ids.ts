import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";
const TAIL_BITS = 80n;

export type IdPrefix =
  | "mer"
  | "key"
  | "inv"
  | "pay"
  | "sub"
  | "evt"
  | "plink"
  | "we"
  | "ref"
  | "unp"
  | "rtx";

function randomBits(bits: bigint): bigint {
  let value = 0n;
  for (const byte of randomBytes(Number((bits + 7n) / 8n))) value = (value << 8n) | BigInt(byte);
  return value & ((1n << bits) - 1n);
}

/**
 * The tail after `previous` for another id of the same millisecond: larger by 1 + a random step
 * below 2^48, so that the next id cannot be guessed from the last; null past 80 bits.
 */
export function nextTail(previous: bigint, step: bigint): bigint | null {
  const next = previous + 1n + step;
  return next >> TAIL_BITS === 0n ? next : null;
}

/** This process's last id: its millisecond and tail. */
let last = { time: -1, tail: 0n };

/**
 * `inv_` + 10 characters of millisecond time + 16 random characters (80 bits), in Crockford
 * base32: ids sort by creation time, which cursor pagination relies on, and cannot be guessed.
 * Ids this process makes within one millisecond also sort in the order they were made: the first
 * tail is 79 random bits, each next one larger by a random step below 2^48 (so 2^31 ids fit in a
 * millisecond), and "newest first" holds even for objects made at once.
 */
export function newId(prefix: IdPrefix, now = Date.now()): string {
  const tail = (now === last.time ? nextTail(last.tail, randomBits(48n)) : null) ?? randomBits(79n);
  if (now >= last.time) last = { time: now, tail };
  let text = "";
  let remaining = now;
  for (let i = 0; i < 10; i++) {
    text = CROCKFORD[remaining % 32] + text;
    remaining = Math.floor(remaining / 32);
  }
  let bits = tail;
  let tailText = "";
  for (let i = 0; i < 16; i++) {
    tailText = CROCKFORD[Number(bits & 31n)] + tailText;
    bits >>= 5n;
  }
  return `${prefix}_${text}${tailText}`;
}

const ID_PATTERN = /^(mer|key|inv|pay|sub|evt|plink|we|ref)_[0-9a-hjkmnp-tv-z]{26}$/;

export function isId(value: string, prefix: IdPrefix): boolean {
  return ID_PATTERN.test(value) && value.startsWith(`${prefix}_`);
}
