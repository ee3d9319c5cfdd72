/**
 * Whether a database error (from PostgreSQL or the embedded store, thrown as is or wrapped by the
 * query builder) violates the named constraint.
 */
export function violatesConstraint(error: unknown, constraint: string): boolean {
  let cause = error;
  for (let depth = 0; depth < 5 && typeof cause === "object" && cause !== null; depth++) {
    if ((cause as { constraint?: unknown }).constraint === constraint) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
