import { Card } from "@/components/ui/Card";
import { AllowedOriginsField } from "./AllowedOriginsField";
import { FieldError } from "./FieldError";
import { EXPIRY_UNITS, type ExpiryUnit } from "./settingsDraft";
import { fieldClass, hintClass } from "./settingsStyles";
import type { SettingsFields } from "./useSettingsForm";

/** How new invoices behave (expiry, underpayment tolerance) and where the checkout is framed. */
export function CheckoutSection(fields: SettingsFields) {
  const { formId, draft, update, canEdit, errorFor, errorId, describedBy } = fields;
  return (
    <Card
      layout="form"
      title="Checkout"
      description="How new invoices behave, and where the checkout may be embedded."
    >
      <div>
        <label htmlFor={`${formId}-expiry`} className="block text-sm font-medium">
          Default expiry for new invoices
        </label>
        <div className="mt-1 flex gap-2">
          <input
            id={`${formId}-expiry`}
            inputMode="numeric"
            placeholder={canEdit ? "30 (default)" : "Default"}
            value={draft.expiryAmount}
            onChange={(event) => update({ expiryAmount: event.target.value })}
            aria-invalid={Boolean(errorFor("default_expires_in"))}
            aria-describedby={describedBy("default_expires_in", `${formId}-expiry-hint`)}
            className={`${fieldClass} w-36`}
          />
          <select
            aria-label="Unit of the default expiry"
            value={draft.expiryUnit}
            onChange={(event) => update({ expiryUnit: event.target.value as ExpiryUnit })}
            className="rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm disabled:bg-slate-100 dark:border-slate-700 dark:bg-slate-950 dark:disabled:bg-slate-900"
          >
            {EXPIRY_UNITS.map((unit) => (
              <option key={unit.unit} value={unit.unit}>
                {unit.label}
              </option>
            ))}
          </select>
        </div>
        <p id={`${formId}-expiry-hint`} className={hintClass}>
          How long a new invoice stays payable when the request does not say: 1 minute to 7 days.
          Empty: 30 minutes.
        </p>
        <FieldError id={errorId("default_expires_in")} message={errorFor("default_expires_in")} />
      </div>

      <div>
        <label htmlFor={`${formId}-tolerance`} className="block text-sm font-medium">
          Underpayment tolerance
        </label>
        <div className="mt-1 flex items-center gap-2">
          <input
            id={`${formId}-tolerance`}
            inputMode="decimal"
            value={draft.tolerancePercent}
            onChange={(event) => update({ tolerancePercent: event.target.value })}
            aria-invalid={Boolean(errorFor("underpayment_tolerance_bps"))}
            aria-describedby={describedBy("underpayment_tolerance_bps", `${formId}-tolerance-hint`)}
            className={`${fieldClass} w-28`}
          />
          <span className="text-sm text-slate-700 dark:text-slate-300">%</span>
        </div>
        <p id={`${formId}-tolerance-hint`} className={hintClass}>
          0 to 5%, up to two decimals. A new invoice counts as paid when at most this share of its
          amount is missing (network fees, rounding). Invoices keep the tolerance they were created
          with.
        </p>
        <FieldError
          id={errorId("underpayment_tolerance_bps")}
          message={errorFor("underpayment_tolerance_bps")}
        />
      </div>

      <AllowedOriginsField {...fields} />
    </Card>
  );
}
