/** A UTF-16 surrogate without its other half: not a character, and not storable as UTF-8. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string can be stored as PostgreSQL text: no NUL character (text cannot hold one) and
 * no unpaired surrogate (it has no UTF-8 form). Either would fail the statement that writes it.
 */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !UNPAIRED_SURROGATE.test(value);
}
