import { BaseError } from "viem";

/**
 * A one-line description of an RPC failure that is safe to log or show: viem's full message
 * names the request URL, which may carry a provider key.
 */
export function describeRpcError(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage;
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}
