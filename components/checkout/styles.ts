/** The checkout's buttons and notes, one look each wherever they appear. */

export const primaryButton =
  "w-full rounded-xl bg-indigo-600 px-4 py-3.5 text-base font-semibold text-white shadow-sm transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:bg-indigo-300 disabled:text-indigo-950 dark:disabled:bg-indigo-900 dark:disabled:text-indigo-200";

export const secondaryButton =
  "w-full rounded-xl px-4 py-3 text-base font-semibold text-indigo-700 ring-1 ring-indigo-200 transition hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-200 dark:ring-indigo-500/40 dark:hover:bg-indigo-500/10";

/** Where a wallet button will be, while the wallet code loads. */
export const placeholderButton =
  "w-full rounded-xl bg-slate-200 px-4 py-3.5 text-base font-semibold text-slate-700 dark:bg-slate-800 dark:text-slate-300";

export const warningNote =
  "rounded-lg bg-amber-50 px-3 py-2.5 text-sm text-amber-950 dark:bg-amber-400/10 dark:text-amber-100";

/** A quieter second choice under the main button: the other way to pay. */
export const textButton =
  "w-full rounded-lg px-3 py-2 text-sm font-medium text-indigo-700 underline underline-offset-2 transition hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60 dark:text-indigo-200 dark:hover:bg-indigo-500/10";
