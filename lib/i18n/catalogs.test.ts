import { describe, expect, it } from "vitest";
import { CATALOGS } from "./catalogs";
import { LOCALES } from "./locales";
import { en } from "./messages/en";
import { createTranslator, placeholdersOf, splitMessage } from "./translate";

const keys = Object.keys(en).sort();

describe("the message catalogs", () => {
  it.each(LOCALES)("%s has every key of the English catalog and no other", (locale) => {
    expect(Object.keys(CATALOGS[locale]).sort()).toEqual(keys);
  });

  it.each(LOCALES)("%s uses the same placeholders as English in every message", (locale) => {
    const catalog = CATALOGS[locale];
    const mismatched = keys.filter(
      (key) =>
        placeholdersOf(catalog[key as keyof typeof en])
          .sort()
          .join() !==
        placeholdersOf(en[key as keyof typeof en])
          .sort()
          .join(),
    );
    expect(mismatched).toEqual([]);
  });

  it.each(LOCALES)("%s has no empty message", (locale) => {
    const empty = Object.entries(CATALOGS[locale]).filter(([, text]) => text.trim() === "");
    expect(empty).toEqual([]);
  });

  it.each(LOCALES.filter((locale) => locale !== "en"))(
    "%s is translated: its sentences differ from English",
    (locale) => {
      // Short labels (a number pattern, "Total") may coincide; whole sentences may not.
      const untranslated = keys.filter((key) => {
        const english = en[key as keyof typeof en];
        return english.length > 25 && CATALOGS[locale][key as keyof typeof en] === english;
      });
      expect(untranslated).toEqual([]);
    },
  );
});

describe("createTranslator", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    const t = createTranslator(en);
    expect(t("paid.body", { amount: "$12.50", merchant: "Shop" })).toBe("$12.50 paid to Shop");
    expect(t("paid.body", { amount: "$1" })).toBe("$1 paid to {merchant}");
  });

  it("splits a message into text and placeholders for rich rendering", () => {
    expect(splitMessage("Send {amount} on {chain}.")).toEqual([
      { text: "Send " },
      { name: "amount" },
      { text: " on " },
      { name: "chain" },
      { text: "." },
    ]);
  });
});
