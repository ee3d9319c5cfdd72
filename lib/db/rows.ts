/** The rows of a raw execute(): node-postgres and PGlite both answer { rows }; be explicit. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
