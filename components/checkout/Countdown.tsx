"use client";

import { useEffect, useState } from "react";
import { useI18n } from "./i18n";

function remaining(expiresAt: string, now: number): string | null {
  const seconds = Math.floor((Date.parse(expiresAt) - now) / 1000);
  if (seconds <= 0) return null;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** "Expires in 29:41", ticking; the server renders the expiry time in UTC until the page hydrates. */
export function Countdown({ expiresAt, onExpired }: { expiresAt: string; onExpired?: () => void }) {
  const { t, locale } = useI18n();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = now === null ? null : remaining(expiresAt, now);
  useEffect(() => {
    if (now !== null && left === null) onExpired?.();
  }, [now, left, onExpired]);
  if (now === null) {
    const at = new Intl.DateTimeFormat(locale, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "UTC",
    }).format(new Date(expiresAt));
    return <span>{t("countdown.expiresAt", { time: `${at} UTC` })}</span>;
  }
  if (!left) return <span>{t("countdown.expired")}</span>;
  const [before, after] = t("countdown.expiresIn", { time: "\u0000" }).split("\u0000");
  return (
    <span data-testid="countdown">
      {before}
      <span className="font-mono tabular-nums">{left}</span>
      {after}
    </span>
  );
}
