"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";

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

export function Card({
  title,
  description,
  actions,
  children,
  headingLevel = 2,
}: {
  title?: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800">
      {(title || actions) && (
        <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            {title && <Heading className="text-lg font-semibold">{title}</Heading>}
            {description && (
              <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p>
            )}
          </div>
          {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
        </div>
      )}
      {children}
    </section>
  );
}

const BUTTON = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-700",
  secondary:
    "bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800",
  danger:
    "bg-white text-red-700 ring-1 ring-red-300 hover:bg-red-50 dark:bg-slate-900 dark:text-red-300 dark:ring-red-500/50 dark:hover:bg-red-500/10",
} as const;

export function buttonClass(variant: keyof typeof BUTTON = "secondary", small = false): string {
  return `inline-flex items-center justify-center gap-1.5 rounded-lg font-medium whitespace-nowrap transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60 ${
    small ? "px-2.5 py-1 text-xs" : "px-3.5 py-2 text-sm"
  } ${BUTTON[variant]}`;
}

export function Button({
  variant = "secondary",
  small = false,
  className = "",
  focusOnMount = false,
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: keyof typeof BUTTON;
  small?: boolean;
  /** For a confirmation that just opened: keyboard users land on its button. */
  focusOnMount?: boolean;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  return (
    <button
      ref={ref}
      type="button"
      {...props}
      className={`${buttonClass(variant, small)} ${className}`}
    />
  );
}

/**
 * Copies `value`; says "Copied" for a moment. `context` is read after the visible text by screen
 * readers ("Copy link" + " to Yoga class"), so the accessible name always starts with what shows.
 */
export function CopyButton({
  value,
  context,
  children = "Copy",
  small = true,
  variant = "secondary",
}: {
  value: string;
  context?: string;
  children?: ReactNode;
  small?: boolean;
  variant?: keyof typeof BUTTON;
}) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <Button
      small={small}
      variant={variant}
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(
          () => setCopied(true),
          () => {},
        );
      }}
    >
      <span aria-live="polite">{copied ? "Copied" : children}</span>
      {context && <span className="sr-only"> {context}</span>}
    </Button>
  );
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
          <CopyButton
            value={secret}
            context={title.toLowerCase()}
            small={false}
            variant="primary"
          />
          <Button onClick={onDone}>Done</Button>
        </div>
      </div>
    </div>
  );
}
