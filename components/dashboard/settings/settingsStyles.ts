/** The settings form's controls, one look each across its sections. */

export const fieldClass =
  "rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-500 focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 disabled:bg-slate-100 disabled:text-slate-600 aria-[invalid=true]:border-red-600 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100 dark:placeholder:text-slate-400 dark:disabled:bg-slate-900 dark:disabled:text-slate-400 dark:aria-[invalid=true]:border-red-400";
export const inputClass = `mt-1 w-full ${fieldClass}`;
export const hintClass = "mt-1 text-xs text-slate-600 dark:text-slate-400";
export const secondaryButton =
  "rounded-lg px-3 py-1.5 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-60 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800";
