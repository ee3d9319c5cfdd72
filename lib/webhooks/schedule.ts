/**
 * Seconds to wait after each failed attempt: 5 s, 1 min, 10 min, 1 h, 6 h, then every 12 h, about
 * 3 days in all (11 attempts). After the last the delivery has failed for good.
 */
export const DEFAULT_RETRY_DELAYS_SECONDS = [
  5, 60, 600, 3600, 21_600, 43_200, 43_200, 43_200, 43_200, 43_200,
];

/**
 * When to try again after `attemptsMade` attempts, with ±10% jitter so endpoints that failed
 * together are not retried together; null when there is no attempt left.
 */
export function nextAttemptDelayMs(
  attemptsMade: number,
  delaysSeconds: readonly number[] = DEFAULT_RETRY_DELAYS_SECONDS,
  random: () => number = Math.random,
): number | null {
  const delay = delaysSeconds[attemptsMade - 1];
  if (delay === undefined) return null;
  const jitter = 1 + (random() * 2 - 1) * 0.1;
  return Math.round(delay * 1000 * jitter);
}

/** How long a delivery is retried in all: the sum of the delays (about 3 days by default). */
export function retryWindowMs(delaysSeconds: readonly number[] = DEFAULT_RETRY_DELAYS_SECONDS) {
  return delaysSeconds.reduce((sum, seconds) => sum + seconds, 0) * 1000;
}
