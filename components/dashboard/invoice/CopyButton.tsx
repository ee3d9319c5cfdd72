"use client";

import { useEffect, useState } from "react";

/** A small button that copies `value` and says "Copied" for a moment. */
export function CopyButton({
  value,
  label,
  text = "Copy",
}: {
  value: string;
  /** What is copied, for screen readers ("Copy transaction hash"). */
  label: string;
  text?: string;
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
      aria-label={label}
      className="shrink-0 rounded-md px-2 py-1 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 transition hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300 dark:ring-indigo-500/40 dark:hover:bg-indigo-500/10"
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(
          () => setCopied(true),
          () => {},
        );
      }}
    >
      <span aria-live="polite">{copied ? "Copied" : text}</span>
    </button>
  );
}
