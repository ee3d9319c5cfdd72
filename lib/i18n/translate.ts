import type { MessageKey, Messages } from "./messages/en";

export type MessageValues = Record<string, string | number>;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The placeholders a message uses, in order ("{paid} received" -> ["paid"]). */
export function placeholdersOf(message: string): string[] {
  return Array.from(message.matchAll(PLACEHOLDER), (match) => match[1] as string);
}

/** Splits a message into text and placeholder names, for rendering values as elements. */
export function splitMessage(message: string): ({ text: string } | { name: string })[] {
  const parts: ({ text: string } | { name: string })[] = [];
  let last = 0;
  for (const match of message.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ text: message.slice(last, match.index) });
    parts.push({ name: match[1] as string });
    last = match.index + match[0].length;
  }
  if (last < message.length) parts.push({ text: message.slice(last) });
  return parts;
}

/** A translator for one catalog: t("paid.body", { amount, merchant }). */
export function createTranslator(messages: Messages) {
  return (key: MessageKey, values: MessageValues = {}): string =>
    messages[key].replace(PLACEHOLDER, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
}

export type Translate = ReturnType<typeof createTranslator>;
