"use client";

import { type ButtonHTMLAttributes, useEffect, useRef } from "react";

const BUTTON = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-700",
  secondary:
    "bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800",
  danger:
    "bg-white text-red-700 ring-1 ring-red-300 hover:bg-red-50 dark:bg-slate-900 dark:text-red-300 dark:ring-red-500/50 dark:hover:bg-red-500/10",
} as const;

export type ButtonVariant = keyof typeof BUTTON;

export function buttonClass(variant: ButtonVariant = "secondary", small = false): string {
  return `inline-flex items-center justify-center gap-1.5 rounded-lg font-medium whitespace-nowrap transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60 ${
    small ? "px-2.5 py-1 text-xs" : "px-3.5 py-2 text-sm"
  } ${BUTTON[variant]}`;
}

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  small?: boolean;
  /** For a confirmation that just opened: keyboard users land on its button. */
  focusOnMount?: boolean;
};

export function Button({
  variant = "secondary",
  small = false,
  className = "",
  focusOnMount = false,
  ...props
}: ButtonProps) {
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
