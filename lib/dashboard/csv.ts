/**
 * What a spreadsheet may run as a formula: a cell starting with =, +, - or @ (or their full-width
 * forms, which some spreadsheets read as the same) after any run of spaces, including no-break
 * and ideographic ones; or starting with a tab, a carriage return or a line feed.
 */
const FORMULA_START = /^(?:\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|[\t\r\n])/;

/**
 * CSV cells for spreadsheets: quoted when they hold a separator, a quote or a line break, and
 * text that a spreadsheet would run as a formula is prefixed with an apostrophe so it stays text
 * (OWASP's advice on CSV injection).
 */
export function csvCell(value: string | null | undefined): string {
  let text = value ?? "";
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, CRLF-terminated (RFC 4180). */
export function csvRow(values: readonly (string | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
