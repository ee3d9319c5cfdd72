import { Card } from "@/components/ui/Card";
import type { ChainRelayer } from "@/lib/dashboard/relayers";
import { FeeCapField } from "./FeeCapField";
import { FieldError } from "./FieldError";
import { GaslessSwitch } from "./GaslessSwitch";
import { hintClass } from "./settingsStyles";
import type { SettingsFields } from "./useSettingsForm";

/** Whether new invoices offer paying by signature, and what the relayer may spend on each. */
export function GaslessSection({
  relayers,
  ...fields
}: SettingsFields & { relayers: ChainRelayer[] }) {
  const { formId, draft, update, errorFor, errorId, describedBy } = fields;
  const tokens = [...new Set(relayers.flatMap((chain) => chain.gaslessTokens))];
  return (
    <Card
      layout="form"
      title="Gasless payments"
      description={
        tokens.length
          ? `Shoppers paying in ${tokens.join(" or ")} can sign a transfer instead of sending a transaction; this deployment's relayer sends it and pays its gas.`
          : "No token of this deployment can be paid by signature."
      }
    >
      <div>
        <GaslessSwitch
          id={`${formId}-gasless`}
          checked={draft.gaslessEnabled}
          onChange={(gaslessEnabled) => update({ gaslessEnabled })}
          describedBy={describedBy("gasless_enabled", `${formId}-gasless-hint`)}
        />
        <p id={`${formId}-gasless-hint`} className={`${hintClass} ml-14`}>
          New invoices offer it where the token supports it; invoices keep the choice they were
          created with. Off: shoppers always pay from their wallet, with their own gas.
        </p>
        <FieldError id={errorId("gasless_enabled")} message={errorFor("gasless_enabled")} />
      </div>

      <fieldset className="min-w-0">
        <legend className="text-sm font-medium">Fee cap per chain</legend>
        <p className={hintClass}>
          The most one payment's gas may be worth, in the invoice's currency (0.05 is 5 cents on a
          USD invoice); above it, gasless is not offered. Empty: 0.05.
        </p>
        <div className="mt-3 space-y-4">
          {relayers.map((chain) => (
            <FeeCapField key={chain.chainId} chain={chain} {...fields} />
          ))}
        </div>
        <FieldError id={errorId("gasless_fee_caps")} message={errorFor("gasless_fee_caps", true)} />
      </fieldset>
    </Card>
  );
}
