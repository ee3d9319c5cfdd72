import { formatMoney } from "@/lib/i18n/format";

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

/** The dashboard is in English: amounts read as the checkout shows them in English. */
const DASHBOARD_LOCALE = "en";

/**
 * "$1,234.50", "€12.50": an invoice-currency amount, grouped, from its decimal string (through
 * the checkout's formatter, which never turns it into a JS number).
 */
export function money(amount: string, currency: string): string {
  return formatMoney(amount, currency, DASHBOARD_LOCALE);
}
