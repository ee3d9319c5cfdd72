import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

export type IdPrefix = "mer" | "key" | "inv" | "pay" | "sub" | "evt" | "plink" | "we" | "ref";

/**
 * `inv_` + 10 characters of millisecond time + 16 random characters (80 bits), in Crockford
 * base32: ids sort by creation time, which cursor pagination relies on, and cannot be guessed.
 */
export function newId(prefix: IdPrefix, now = Date.now()): string {
  let time = "";
  let remaining = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  const random = randomBytes(10);
  let bits = 0n;
  for (const byte of random) bits = (bits << 8n) | BigInt(byte);
  let tail = "";
  for (let i = 0; i < 16; i++) {
    tail = CROCKFORD[Number(bits & 31n)] + tail;
    bits >>= 5n;
  }
  return `${prefix}_${time}${tail}`;
}

const ID_PATTERN = /^(mer|key|inv|pay|sub|evt|plink|we|ref)_[0-9a-hjkmnp-tv-z]{26}$/;

export function isId(value: string, prefix: IdPrefix): boolean {
  return ID_PATTERN.test(value) && value.startsWith(`${prefix}_`);
}
