import type { ChainRelayer } from "@/lib/dashboard/relayers";
import { FieldError } from "./FieldError";
import { RelayerHint } from "./RelayerHint";
import { fieldClass } from "./settingsStyles";
import type { SettingsFields } from "./useSettingsForm";

/** One chain's fee cap: the most a gasless payment's gas may be worth, in the invoice currency. */
export function FeeCapField({
  chain,
  formId,
  draft,
  update,
  errorFor,
  errorId,
  describedBy,
}: SettingsFields & { chain: ChainRelayer }) {
  const key = String(chain.chainId);
  const param = `gasless_fee_caps.${key}`;
  const id = `${formId}-fee-cap-${key}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm text-slate-700 dark:text-slate-300">
        Fee cap on {chain.chainName}{" "}
        <span className="text-slate-600 dark:text-slate-400">(chain {chain.chainId})</span>
      </label>
      <div className="mt-1 flex items-center gap-2">
        <input
          id={id}
          inputMode="decimal"
          placeholder="0.05"
          value={draft.feeCaps[key] ?? ""}
          onChange={(event) => update({ feeCaps: { ...draft.feeCaps, [key]: event.target.value } })}
          aria-invalid={Boolean(errorFor(param))}
          aria-describedby={describedBy(param, `${id}-hint`)}
          className={`${fieldClass} w-28`}
        />
        <span className="text-sm text-slate-700 dark:text-slate-300">per payment</span>
      </div>
      <RelayerHint id={`${id}-hint`} chain={chain} />
      <FieldError id={errorId(param)} message={errorFor(param)} />
    </div>
  );
}
