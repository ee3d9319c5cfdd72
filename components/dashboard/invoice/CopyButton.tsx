"use client";

import { useEffect, useState } from "react";

/**
 * A small "Copy" button that says "Copied" for a moment. Its accessible name is the visible word
 * plus what it copies ("Copy checkout link"), so speech users can say what they see.
 */
export function CopyButton({
  value,
  label,
}: {
  value: string;
  /** What is copied: "checkout link", "transaction hash 0x…". */
  label: string;
}) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="shrink-0 rounded-md px-2 py-1 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 transition hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300 dark:ring-indigo-500/40 dark:hover:bg-indigo-500/10"
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(
          () => setCopied(true),
          () => {},
        );
      }}
    >
      <span aria-live="polite">{copied ? "Copied" : "Copy"}</span>
      <span className="sr-only"> {label}</span>
    </button>
  );
}
