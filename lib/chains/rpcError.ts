/**
 * Whether `error` is viem's error of that name (TransactionReceiptNotFoundError, HttpRequestError,
 * ...). By name, not `instanceof`: the public clients are shared through globalThis, so one may
 * have been made by another bundle of the server (the background jobs' or a route's), whose viem
 * classes are other objects than the ones this module imports.
 */
export function isViemError(error: unknown, name: string): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === name;
}

/** viem's one-line message of an error of any of its classes (BaseError and subclasses). */
export function shortMessageOf(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const short = (error as { shortMessage?: unknown }).shortMessage;
  return typeof short === "string" ? short : null;
}

/**
 * A one-line description of an RPC failure that is safe to log or show: viem's full message
 * names the request URL, which may carry a provider key.
 */
export function describeRpcError(error: unknown): string {
  const short = shortMessageOf(error);
  if (short !== null) return short;
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}
