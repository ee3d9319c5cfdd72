"use client";

import { CheckoutSection } from "./CheckoutSection";
import { GaslessSection } from "./GaslessSection";
import { PaymentsSection } from "./PaymentsSection";
import { SaveBar, SaveProblem } from "./SaveBar";
import { StoreSection } from "./StoreSection";
import { type SettingsFormProps, useSettingsForm } from "./useSettingsForm";

/** The store's settings, saved together; only what changed is sent. Owners edit, members read. */
export function SettingsForm(props: SettingsFormProps) {
  const { state, problem, save, formRef, fields, tokenOrder, confirmation } =
    useSettingsForm(props);
  const { chains, relayers, canEdit } = props;
  return (
    <form
      ref={formRef}
      aria-label="Store settings"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      className="space-y-6"
    >
      {!canEdit && (
        <p className="rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-200 dark:bg-amber-400/10 dark:text-amber-100 dark:ring-amber-400/30">
          You are a member of this store: only an owner can change its settings.
        </p>
      )}
      <fieldset disabled={!canEdit || state.status === "saving"} className="min-w-0 space-y-6">
        <legend className="sr-only">Store settings</legend>
        <StoreSection {...fields} />
        <PaymentsSection
          {...fields}
          chains={chains}
          tokenOrder={tokenOrder}
          confirmation={confirmation}
        />
        <CheckoutSection {...fields} />
        <GaslessSection {...fields} relayers={relayers} />
      </fieldset>
      {canEdit && <SaveBar state={state} />}
      {problem && <SaveProblem problem={problem} />}
    </form>
  );
}
