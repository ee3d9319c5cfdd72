import { FieldError } from "./FieldError";
import { fieldClass, hintClass, secondaryButton } from "./settingsStyles";
import type { SettingsFields } from "./useSettingsForm";

const MAX_ORIGINS = 20;

/** The sites that may frame the checkout, one row each. */
export function AllowedOriginsField({
  draft,
  update,
  errorFor,
  errorId,
  describedBy,
}: SettingsFields) {
  return (
    <fieldset className="min-w-0">
      <legend className="text-sm font-medium">Allowed embed origins</legend>
      <p className={hintClass}>
        Sites that may show the checkout in a frame (embed.js), such as https://shop.example. http
        only for localhost.
      </p>
      <ul className="mt-2 space-y-2">
        {draft.origins.map((origin, index) => {
          const param = `allowed_origins.${index}`;
          return (
            // Rows have no identity but their place in the list.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above.
            <li key={index}>
              <div className="flex gap-2">
                <input
                  aria-label={`Allowed origin ${index + 1}`}
                  value={origin}
                  type="url"
                  inputMode="url"
                  placeholder="https://shop.example"
                  spellCheck={false}
                  onChange={(event) =>
                    update({
                      origins: draft.origins.map((value, at) =>
                        at === index ? event.target.value : value,
                      ),
                    })
                  }
                  aria-invalid={Boolean(errorFor(param))}
                  aria-describedby={describedBy(param)}
                  className={`${fieldClass} w-full min-w-0`}
                />
                <button
                  type="button"
                  className={secondaryButton}
                  aria-label={`Remove allowed origin ${index + 1}`}
                  onClick={() => update({ origins: draft.origins.filter((_, at) => at !== index) })}
                >
                  Remove
                </button>
              </div>
              <FieldError id={errorId(param)} message={errorFor(param)} />
            </li>
          );
        })}
      </ul>
      {draft.origins.length === 0 && (
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
          None: only this app frames the checkout.
        </p>
      )}
      <button
        type="button"
        className={`${secondaryButton} mt-3`}
        disabled={draft.origins.length >= MAX_ORIGINS}
        onClick={() => update({ origins: [...draft.origins, ""] })}
      >
        Add origin
      </button>
      <FieldError id={errorId("allowed_origins")} message={errorFor("allowed_origins", true)} />
    </fieldset>
  );
}
