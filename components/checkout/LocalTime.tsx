"use client";

import { useEffect, useState } from "react";
import { useI18n } from "./i18n";

/**
 * A time in the shopper's own zone, in the page's language. The server cannot know the zone, so
 * it renders UTC and the browser replaces it after hydration (rendering local time on both would
 * mismatch).
 */
export function LocalTime({ iso }: { iso: string }) {
  const { locale } = useI18n();
  const [text, setText] = useState(
    () =>
      `${new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso))} UTC`,
  );
  useEffect(() => {
    setText(
      new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(
        new Date(iso),
      ),
    );
  }, [iso, locale]);
  return <time dateTime={iso}>{text}</time>;
}
