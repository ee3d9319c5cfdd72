"use client";

import { useEffect, useState } from "react";

const UTC = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});
const LOCAL = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "medium" });

/**
 * A time in the merchant's own zone. The server renders UTC and the browser replaces it after
 * hydration (rendering local time on both would mismatch).
 */
export function LocalTime({ iso }: { iso: string }) {
  const [text, setText] = useState(() => `${UTC.format(new Date(iso))} UTC`);
  useEffect(() => setText(LOCAL.format(new Date(iso))), [iso]);
  return <time dateTime={iso}>{text}</time>;
}
