const UTC_TIME = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "short",
  hourCycle: "h23",
  timeZone: "UTC",
});

/** "Nov 25, 2026, 04:31 UTC": the dashboard states times in UTC, like its chart's days. */
export function utcTime(value: Date | string): string {
  return `${UTC_TIME.format(typeof value === "string" ? new Date(value) : value)} UTC`;
}
