"use client";

import { createContext, Fragment, type ReactNode, useContext, useMemo } from "react";
import type { Locale } from "@/lib/i18n/locales";
import type { MessageKey, Messages } from "@/lib/i18n/messages/en";
import { createTranslator, splitMessage, type Translate } from "@/lib/i18n/translate";

type I18n = {
  locale: Locale;
  t: Translate;
  /** A message whose placeholders are elements: rich("manual.warning", { amount: <strong/> }). */
  rich: (key: MessageKey, values: Record<string, ReactNode>) => ReactNode;
};

const I18nContext = createContext<I18n | null>(null);

/** The page's language: the server picked it and sent only that catalog. */
export function I18nProvider({
  locale,
  messages,
  children,
}: {
  locale: Locale;
  messages: Messages;
  children: ReactNode;
}) {
  const value = useMemo<I18n>(() => {
    const t = createTranslator(messages);
    const rich = (key: MessageKey, values: Record<string, ReactNode>) =>
      splitMessage(messages[key]).map((part, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a message's parts never reorder.
        <Fragment key={index}>{"text" in part ? part.text : values[part.name]}</Fragment>
      ));
    return { locale, t, rich };
  }, [locale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n needs an I18nProvider above it.");
  return value;
}
