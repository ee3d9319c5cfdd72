/** The checkout's languages: English, Simplified Chinese, Spanish and Japanese. */
export const LOCALES = ["en", "zh-CN", "es", "ja"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Each language's own name, for the language links. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  "zh-CN": "简体中文",
  es: "Español",
  ja: "日本語",
};

/** A BCP 47 tag ("zh-Hans-CN", "es-419", "JA") to one of ours, or null. */
export function matchLocale(tag: string): Locale | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  switch (primary) {
    case "en":
      return "en";
    case "zh":
      // Simplified Chinese is the one we have; a Traditional reader still reads it better than English.
      return "zh-CN";
    case "es":
      return "es";
    case "ja":
      return "ja";
    default:
      return null;
  }
}

/** The languages of an Accept-Language header, best first (ties keep the header's order). */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag && entry.tag !== "*" && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map((entry) => entry.tag);
}

/** `?lang=` wins when it names one of ours; then Accept-Language; then English. */
export function negotiateLocale(
  langParam: string | null | undefined,
  acceptLanguage: string | null | undefined,
): Locale {
  if (langParam) {
    const chosen = matchLocale(langParam);
    if (chosen) return chosen;
  }
  for (const tag of parseAcceptLanguage(acceptLanguage)) {
    const matched = matchLocale(tag);
    if (matched) return matched;
  }
  return DEFAULT_LOCALE;
}
