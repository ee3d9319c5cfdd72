import { fieldMessage } from "./settingsDraft";
import type { SettingsFormState, SettingsProblem } from "./useSettingsForm";

/** Save, with what the last one did. */
export function SaveBar({ state }: { state: SettingsFormState }) {
  return (
    <div className="flex flex-wrap items-center justify-end gap-3">
      <p role="status" className="mr-auto text-sm text-slate-700 dark:text-slate-300">
        {state.status === "saved" && "Settings saved. New invoices use them."}
        {state.status === "unchanged" && "Nothing to save: no setting changed."}
      </p>
      <button
        type="submit"
        disabled={state.status === "saving"}
        className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
      >
        {state.status === "saving" ? "Saving…" : "Save settings"}
      </button>
    </div>
  );
}

const FIELD_LABELS: [prefix: string, label: string][] = [
  ["name", "Store name"],
  ["logo_url", "Logo"],
  ["settlement_address", "Settlement address"],
  ["settlement_overrides", "Settlement address per chain"],
  ["accepted_tokens", "Accepted tokens"],
  ["allowed_origins", "Allowed embed origins"],
  ["default_expires_in", "Default expiry"],
  ["underpayment_tolerance_bps", "Underpayment tolerance"],
  ["gasless_enabled", "Gasless payments"],
  ["gasless_fee_caps", "Fee cap"],
];

function labelOf(param: string | null): string | undefined {
  const label = FIELD_LABELS.find(
    ([prefix]) => param === prefix || param?.startsWith(`${prefix}.`),
  )?.[1];
  // A cap is one of several alike: say whose chain it is.
  const capChain = /^gasless_fee_caps\.(\d+)$/.exec(param ?? "")?.[1];
  return capChain ? `${label} on chain ${capChain}` : label;
}

/** Why nothing was saved, naming the field it is about. */
export function SaveProblem({ problem }: { problem: SettingsProblem }) {
  const label = labelOf(problem.param);
  return (
    <p
      role="alert"
      tabIndex={-1}
      className="rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200 dark:bg-red-500/10 dark:text-red-200 dark:ring-red-500/30"
    >
      Not saved. {label ? `${label}: ` : ""}
      {label ? fieldMessage(problem.message) : problem.message}
    </p>
  );
}
