import type { HttpRequestError } from "viem";
import { describeRpcError, isViemError, shortMessageOf } from "../../chains/rpcError";

export type Backoff = { baseMs: number; maxMs: number };

export const DEFAULT_BACKOFF: Backoff = { baseMs: 250, maxMs: 30_000 };

/**
 * "Full jitter" exponential backoff: a random wait up to base * 2^(attempt - 1), capped. Many
 * watchers that failed together (an RPC outage) do not come back in lockstep.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

function* causes(error: unknown): Generator<unknown> {
  let current = error;
  for (let depth = 0; current && depth < 8; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** How long a rate-limited RPC asked us to wait (HTTP 429 Retry-After), if it said. */
export function retryAfterMs(error: unknown): number | null {
  for (const cause of causes(error)) {
    if (isViemError(cause, "HttpRequestError") && (cause as HttpRequestError).status === 429) {
      const header = (cause as HttpRequestError).headers?.get("retry-after");
      if (!header) return null;
      const seconds = Number(header);
      if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
      const date = Date.parse(header);
      return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
    }
  }
  return null;
}

const RANGE_TOO_LARGE =
  /block range|range (is )?too (large|wide|big)|range limit|limited to (a )?[\d,]+ (block )?range|exceed(s|ed)? (the )?max(imum)? (block )?range|too many blocks|more than [\d,]+ (results|logs)|query returned more than|response size|limit exceeded/i;

/**
 * Whether an eth_getLogs failure says the block range was too large (providers word it in many
 * ways: "block range too large", "query returned more than 10000 results", code -32005, ...).
 */
export function isRangeTooLarge(error: unknown): boolean {
  for (const cause of causes(error)) {
    if (typeof cause !== "object" || cause === null) continue;
    const code = (cause as { code?: unknown }).code;
    const texts = [
      (cause as { message?: unknown }).message,
      (cause as { details?: unknown }).details,
      shortMessageOf(cause) ?? undefined,
    ].filter((text): text is string => typeof text === "string");
    if (texts.some((text) => RANGE_TOO_LARGE.test(text))) return true;
    if (code === -32005) return true;
  }
  return false;
}

/** One line for logs and /api/health, naming the HTTP status or timeout when there was one. */
export function describeWatcherError(error: unknown): string {
  for (const cause of causes(error)) {
    const status = isViemError(cause, "HttpRequestError")
      ? (cause as HttpRequestError).status
      : undefined;
    if (status) {
      return `The RPC answered HTTP ${status}${status === 429 ? " (rate limited)" : ""}`;
    }
    if (isViemError(cause, "TimeoutError")) return "The RPC did not answer in time";
  }
  return describeRpcError(error).replace(/\.$/, "");
}
