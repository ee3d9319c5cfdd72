import { describe, expect, it } from "vitest";
import { matchLocale, negotiateLocale, parseAcceptLanguage } from "./locales";

describe("negotiateLocale", () => {
  it.each([
    [null, null, "en"],
    [null, "ja-JP,ja;q=0.9,en;q=0.8", "ja"],
    [null, "zh-Hans-CN,zh;q=0.9", "zh-CN"],
    [null, "zh-TW", "zh-CN"],
    [null, "es-419,es;q=0.9", "es"],
    [null, "de-DE,de;q=0.9", "en"],
    [null, "de-DE,fr;q=0.8,es;q=0.5", "es"],
    [null, "en;q=0.2,ja;q=0.9", "ja"],
    [null, "ja;q=0,es", "es"],
    ["es", "ja", "es"],
    ["zh", "en", "zh-CN"],
    ["ZH-cn", null, "zh-CN"],
    ["klingon", "ja", "ja"],
    ["", "es", "es"],
  ] as const)("lang=%s, Accept-Language %s -> %s", (lang, header, expected) => {
    expect(negotiateLocale(lang, header)).toBe(expected);
  });

  it("orders Accept-Language by quality, ties by position, without * or q=0", () => {
    expect(parseAcceptLanguage("fr;q=0.5, de, *;q=0.1, it;q=0.5, xx;q=0")).toEqual([
      "de",
      "fr",
      "it",
    ]);
    expect(parseAcceptLanguage(undefined)).toEqual([]);
  });

  it("matches on the primary subtag only", () => {
    expect(matchLocale("en-GB")).toBe("en");
    expect(matchLocale("eno")).toBeNull();
  });
});
