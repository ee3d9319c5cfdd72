import { DomainError } from "../errors";
import { isStorableText } from "../storableText";

export { isStorableText };

/**
 * The path (`items.0.name`, `metadata.note`) of the first string or object key in a parsed JSON
 * body that cannot be stored, or null when every one can. Linear in the body, which is bounded.
 */
export function unstorableTextPath(
  value: unknown,
  path: readonly (string | number)[] = [],
): string | null {
  if (typeof value === "string") return isStorableText(value) ? null : path.join(".");
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unstorableTextPath(item, [...path, index]);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, key].join(".");
      const found = unstorableTextPath(item, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/** A 400 naming the field whose text cannot be stored; nothing is written. */
export function unstorableText(param: string): DomainError {
  return new DomainError(
    "parameter_invalid",
    `Invalid ${param || "body"}: text must not contain NUL characters or unpaired surrogates.`,
    param || null,
  );
}

/**
 * Path parameters (ids) are looked up as they are: one that cannot be stored names nothing, so it
 * is a 404 before any query (a NUL in a query's parameter fails the statement).
 */
export function checkPathParams(params: unknown): void {
  if (typeof params !== "object" || params === null) return;
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "string" && !isStorableText(value)) {
      throw new DomainError("resource_not_found", "No such object.", name);
    }
  }
}
