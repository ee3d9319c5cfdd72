"use client";

import { type ReactNode, useEffect, useState } from "react";
import { type ButtonVariant, buttonClass } from "./Button";

/** The small indigo button that sits beside the value it copies. */
const CHIP =
  "shrink-0 rounded-md px-2 py-1 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 transition hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300 dark:ring-indigo-500/40 dark:hover:bg-indigo-500/10";

export type CopyButtonProps = {
  value: string;
  /**
   * What is copied, read after the visible word by screen readers ("Copy" + " checkout link"), so
   * the accessible name starts with what shows.
   */
  context?: string;
  /** The whole accessible name instead, kept while the word turns to "Copied" ("Copy amount"). */
  label?: string;
  /** The visible word. */
  children?: ReactNode;
  /** The word for a moment after copying. */
  copied?: ReactNode;
  /** "chip" beside a value, or a dashboard button of that variant. */
  look?: "chip" | ButtonVariant;
  /** Only for a button look: the small size. */
  small?: boolean;
};

/** Copies `value` and says so for a moment (announced to screen readers). */
export function CopyButton({
  value,
  context,
  label,
  children = "Copy",
  copied: copiedWord = "Copied",
  look = "chip",
  small = true,
}: CopyButtonProps) {
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
      className={look === "chip" ? CHIP : buttonClass(look, small)}
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(
          () => setCopied(true),
          () => {},
        );
      }}
    >
      <span aria-live="polite">{copied ? copiedWord : children}</span>
      {context && <span className="sr-only"> {context}</span>}
    </button>
  );
}
