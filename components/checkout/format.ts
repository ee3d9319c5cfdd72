/** "0x0405a7d5…dffc1bfd"; `head` counts the "0x". */
export function shortHash(hash: string, head = 10, tail = 8): string {
  return `${hash.slice(0, head)}…${hash.slice(-tail)}`;
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export function explorerTxUrl(explorerUrl: string | null, hash: string): string | null {
  return explorerUrl ? `${explorerUrl.replace(/\/$/, "")}/tx/${hash}` : null;
}

/**
 * A deadline in the shopper's zone and language: the time alone when it falls today ("3:42 PM"),
 * with the date otherwise ("Jan 2, 2026, 3:42 PM").
 */
export function formatDeadline(deadline: Date, locale: string, now: Date = new Date()): string {
  const today = deadline.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(
    locale,
    today ? { timeStyle: "short" } : { dateStyle: "medium", timeStyle: "short" },
  ).format(deadline);
}
