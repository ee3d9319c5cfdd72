"use client";

import { useEffect, useState } from "react";

const utc = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/**
 * A time in the shopper's own zone and language. The server cannot know them, so it renders UTC
 * and the browser replaces it after hydration (rendering local time on both would mismatch).
 */
export function LocalTime({ iso }: { iso: string }) {
  const [text, setText] = useState(() => `${utc.format(new Date(iso))} UTC`);
  useEffect(() => {
    setText(
      new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(
        new Date(iso),
      ),
    );
  }, [iso]);
  return <time dateTime={iso}>{text}</time>;
}
