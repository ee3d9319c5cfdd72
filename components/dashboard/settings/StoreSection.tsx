import { Card } from "@/components/ui/Card";
import { FieldError } from "./FieldError";
import { LogoField } from "./LogoField";
import { inputClass } from "./settingsStyles";
import type { SettingsFields } from "./useSettingsForm";

/** What shoppers see of the store: its name and logo. */
export function StoreSection(fields: SettingsFields) {
  const { formId, draft, update, errorFor, errorId, describedBy } = fields;
  return (
    <Card layout="form" title="Store" description="What shoppers see on the checkout page.">
      <div>
        <label htmlFor={`${formId}-name`} className="block text-sm font-medium">
          Store name
        </label>
        <input
          id={`${formId}-name`}
          value={draft.name}
          maxLength={100}
          onChange={(event) => update({ name: event.target.value })}
          aria-invalid={Boolean(errorFor("name"))}
          aria-describedby={describedBy("name")}
          className={inputClass}
        />
        <FieldError id={errorId("name")} message={errorFor("name")} />
      </div>
      <LogoField {...fields} />
    </Card>
  );
}
