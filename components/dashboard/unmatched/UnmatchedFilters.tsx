import Link from "next/link";
import { REASON_LABELS, UNMATCHED_REASONS } from "./reasons";

const FIELD =
  "w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950";

/** Reason filter and the dust toggle: a plain GET form, so the URL says what the list shows. */
export function UnmatchedFilters({ reason, showDust }: { reason: string; showDust: boolean }) {
  return (
    <search aria-label="Unmatched payments">
      <form
        method="get"
        action="/dashboard/unmatched"
        className="grid gap-3 sm:grid-cols-[16rem_auto_auto] sm:items-end sm:justify-start"
      >
        <div>
          <label htmlFor="unmatched-reason" className="block text-sm font-medium">
            Reason
          </label>
          <select
            id="unmatched-reason"
            name="reason"
            defaultValue={reason}
            className={`mt-1 ${FIELD}`}
          >
            <option value="">All reasons</option>
            {UNMATCHED_REASONS.map((value) => (
              <option key={value} value={value}>
                {REASON_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <label className="flex items-center gap-2 text-sm sm:py-2">
          <input
            type="checkbox"
            name="dust"
            value="show"
            defaultChecked={showDust}
            className="size-4 rounded border-slate-300 accent-indigo-600 dark:border-slate-700"
          />
          Show dust (transfers too small to credit)
        </label>
        <div className="flex gap-2">
          <button
            type="submit"
            className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Apply
          </button>
          {(reason || showDust) && (
            <Link
              href="/dashboard/unmatched"
              className="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-100 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800"
            >
              Clear
            </Link>
          )}
        </div>
      </form>
    </search>
  );
}
