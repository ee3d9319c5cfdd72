import { Card } from "@/components/ui/Card";
import { AddressInput } from "../AddressInput";
import { AcceptedTokensField } from "./AcceptedTokensField";
import { FieldError } from "./FieldError";
import { type ConfirmationContext, SettlementConfirmation } from "./SettlementConfirmation";
import { hintClass, inputClass } from "./settingsStyles";
import type { ConfirmationNeed } from "./settlementConfirmations";
import type { SettingsChain, SettingsFields } from "./useSettingsForm";

/**
 * Where payments go (per chain, if need be) and which tokens shoppers may pay with. A new address
 * that is not the signed-in wallet's shows the confirmation its owner signs.
 */
export function PaymentsSection({
  chains,
  tokenOrder,
  confirmation,
  ...fields
}: SettingsFields & {
  chains: SettingsChain[];
  tokenOrder: string[];
  confirmation: ConfirmationContext & { needs: ConfirmationNeed[] };
}) {
  const { formId, draft, update, canEdit, errorFor, errorId, describedBy } = fields;
  const confirm = (param: string) => {
    const need = confirmation.needs.find((candidate) => candidate.param === param);
    if (!need) return { id: undefined, panel: null };
    const id = `${formId}-${param.replaceAll(".", "-")}-confirmation`;
    return {
      id,
      panel: <SettlementConfirmation need={need} context={confirmation} describedById={id} />,
    };
  };
  const defaultConfirmation = confirm("settlement_address");
  return (
    <Card
      layout="form"
      title="Payments"
      description="Where payments go, and which tokens shoppers may pay with."
    >
      <div>
        <label htmlFor={`${formId}-settlement`} className="block text-sm font-medium">
          Settlement address
        </label>
        <AddressInput
          id={`${formId}-settlement`}
          value={draft.settlementAddress}
          onValueChange={(settlementAddress) => update({ settlementAddress })}
          aria-invalid={Boolean(errorFor("settlement_address"))}
          aria-describedby={describedBy(
            "settlement_address",
            [`${formId}-settlement-hint`, defaultConfirmation.id].filter(Boolean).join(" "),
          )}
          className={inputClass}
        />
        <p id={`${formId}-settlement-hint`} className={hintClass}>
          Every payment goes to this address unless its chain has its own below.
        </p>
        <FieldError id={errorId("settlement_address")} message={errorFor("settlement_address")} />
        {defaultConfirmation.panel}
      </div>

      <fieldset className="min-w-0">
        <legend className="text-sm font-medium">Settlement address per chain</legend>
        <p className={hintClass}>Empty: the settlement address above.</p>
        <div className="mt-2 space-y-3">
          {chains.map((chain) => {
            const param = `settlement_overrides.${chain.id}`;
            const overrideConfirmation = confirm(param);
            return (
              <div key={chain.id}>
                <label
                  htmlFor={`${formId}-override-${chain.id}`}
                  className="block text-sm text-slate-700 dark:text-slate-300"
                >
                  {chain.name}{" "}
                  <span className="text-slate-600 dark:text-slate-400">(chain {chain.id})</span>
                </label>
                <AddressInput
                  id={`${formId}-override-${chain.id}`}
                  value={draft.overrides[String(chain.id)] ?? ""}
                  placeholder={canEdit ? "Same as the settlement address" : undefined}
                  onValueChange={(address) =>
                    update({ overrides: { ...draft.overrides, [String(chain.id)]: address } })
                  }
                  aria-invalid={Boolean(errorFor(param))}
                  aria-describedby={describedBy(param, overrideConfirmation.id)}
                  className={inputClass}
                />
                <FieldError id={errorId(param)} message={errorFor(param)} />
                {overrideConfirmation.panel}
              </div>
            );
          })}
        </div>
        <FieldError
          id={errorId("settlement_overrides")}
          message={errorFor("settlement_overrides", true)}
        />
      </fieldset>

      <AcceptedTokensField {...fields} chains={chains} tokenOrder={tokenOrder} />
    </Card>
  );
}
