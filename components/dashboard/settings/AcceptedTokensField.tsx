import { FieldError } from "./FieldError";
import { tokenKey } from "./settingsDraft";
import type { SettingsChain, SettingsFields } from "./useSettingsForm";

/** Which tokens shoppers may pay with: every one, or those ticked per chain. */
export function AcceptedTokensField({
  chains,
  tokenOrder,
  draft,
  update,
  errorFor,
  errorId,
  describedBy,
}: SettingsFields & { chains: SettingsChain[]; tokenOrder: string[] }) {
  return (
    <fieldset className="min-w-0" aria-describedby={describedBy("accepted_tokens")}>
      <legend className="text-sm font-medium">Accepted tokens</legend>
      <label className="mt-2 flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          checked={draft.acceptAll}
          onChange={(event) =>
            update({
              acceptAll: event.target.checked,
              // Unticking "every token" starts from every token ticked.
              accepted:
                !event.target.checked && draft.accepted.length === 0 ? tokenOrder : draft.accepted,
            })
          }
          className="mt-0.5 size-4 accent-indigo-600"
        />
        <span>
          Every token on every chain this deployment offers
          <span className="block text-xs text-slate-600 dark:text-slate-400">
            Including tokens added to the deployment later.
          </span>
        </span>
      </label>
      {!draft.acceptAll && (
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          {chains.map((chain) => (
            <fieldset
              key={chain.id}
              className="rounded-xl p-3 ring-1 ring-slate-200 dark:ring-slate-700"
            >
              <legend className="px-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
                {chain.name}
              </legend>
              <div className="space-y-1.5">
                {chain.tokens.map((token) => {
                  const key = tokenKey(chain.id, token.symbol);
                  return (
                    <label key={key} className="flex items-center gap-2 text-sm">
                      <input
                        type="checkbox"
                        checked={draft.accepted.includes(key)}
                        onChange={(event) =>
                          update({
                            accepted: event.target.checked
                              ? [...draft.accepted, key]
                              : draft.accepted.filter((candidate) => candidate !== key),
                          })
                        }
                        className="size-4 accent-indigo-600"
                        aria-label={`${token.symbol} on ${chain.name}`}
                      />
                      <span aria-hidden="true">
                        <span className="font-medium">{token.symbol}</span>{" "}
                        <span className="text-slate-600 dark:text-slate-400">{token.name}</span>
                      </span>
                    </label>
                  );
                })}
              </div>
            </fieldset>
          ))}
        </div>
      )}
      <FieldError id={errorId("accepted_tokens")} message={errorFor("accepted_tokens")} />
    </fieldset>
  );
}
