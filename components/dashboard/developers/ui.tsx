"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/Button";
import { CopyButton } from "@/components/ui/CopyButton";

/** Small building blocks shared by the payment links and developers pages. */

const dateFormat = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** "Nov 25, 2026, 4:20 AM UTC": the same text on the server and in the browser. */
export function formatDate(iso: string | null): string {
  return iso ? `${dateFormat.format(new Date(iso))} UTC` : "—";
}

/** Visible text, then more for screen readers only: a name that starts with what shows. */
export function More({ children }: { children: ReactNode }) {
  return <span className="sr-only"> {children}</span>;
}

const TONES = {
  green:
    "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/30",
  slate:
    "bg-slate-100 text-slate-700 ring-slate-500/20 dark:bg-slate-400/10 dark:text-slate-300 dark:ring-slate-400/30",
  amber:
    "bg-amber-50 text-amber-900 ring-amber-600/20 dark:bg-amber-400/10 dark:text-amber-200 dark:ring-amber-400/30",
  red: "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/30",
  indigo:
    "bg-indigo-50 text-indigo-800 ring-indigo-600/20 dark:bg-indigo-400/10 dark:text-indigo-300 dark:ring-indigo-400/30",
} as const;

export function Badge({ tone, children }: { tone: keyof typeof TONES; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

export const inputClass =
  "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-500 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100 dark:placeholder:text-slate-400";

/** A labelled input with an optional hint and its error, wired with aria-describedby. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | null;
  children: (props: {
    id: string;
    "aria-invalid": boolean;
    "aria-describedby"?: string;
  }) => ReactNode;
}) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": described || undefined })}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

/** A form-level error, announced when it appears. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p
      role="alert"
      className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-200"
    >
      {message}
    </p>
  );
}

/**
 * A secret shown this once (an API key, a webhook signing secret): the value, a copy button,
 * and a plain warning that it will not be shown again.
 */
export function SecretOnce({
  title,
  secret,
  onDone,
  testId,
}: {
  title: string;
  secret: string;
  onDone: () => void;
  testId: string;
}) {
  return (
    <div
      role="status"
      className="rounded-xl bg-amber-50 p-4 ring-1 ring-amber-300 dark:bg-amber-400/10 dark:ring-amber-400/40"
    >
      <p className="text-sm font-semibold text-amber-950 dark:text-amber-100">{title}</p>
      <p className="mt-1 text-sm text-amber-950 dark:text-amber-100">
        Copy it now and keep it somewhere safe: you will not see it again.
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          data-testid={testId}
          className="min-w-0 flex-1 break-all rounded-lg bg-white px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-amber-200 dark:bg-slate-950 dark:text-slate-100 dark:ring-amber-400/30"
        >
          {secret}
        </code>
        <div className="flex gap-2">
          <CopyButton value={secret} context={title.toLowerCase()} look="primary" small={false} />
          <Button onClick={onDone}>Done</Button>
        </div>
      </div>
    </div>
  );
}
