"use client";

import { useEffect, useState } from "react";

function remaining(expiresAt: string, now: number): string | null {
  const seconds = Math.floor((Date.parse(expiresAt) - now) / 1000);
  if (seconds <= 0) return null;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** "Expires in 29:41", ticking; the server-rendered text is the same minus the seconds drift. */
export function Countdown({ expiresAt, onExpired }: { expiresAt: string; onExpired?: () => void }) {
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
    return <span>Expires {new Date(expiresAt).toUTCString().replace(/:\d\d GMT$/, " UTC")}</span>;
  }
  return left ? (
    <span>
      Expires in <span className="font-mono tabular-nums">{left}</span>
    </span>
  ) : (
    <span>Expired</span>
  );
}
