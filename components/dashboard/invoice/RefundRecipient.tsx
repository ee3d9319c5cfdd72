import { AddressInput } from "../AddressInput";
import { AddressText } from "../AddressText";
import { refundInput } from "./refundStyles";

export type RecipientKind = "payer" | "other";

/** Where the refund goes: back to the payer, or to an address the merchant types. */
export function RefundRecipient({
  id,
  payer,
  kind,
  onKind,
  other,
  onOther,
  invalid,
}: {
  id: string;
  payer: string;
  kind: RecipientKind;
  onKind: (kind: RecipientKind) => void;
  other: string;
  onOther: (address: string) => void;
  invalid: boolean;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium">Send to</legend>
      <div className="mt-2 space-y-2 text-sm">
        <label className="flex items-start gap-2">
          <input
            type="radio"
            name={`${id}-kind`}
            className="mt-0.5"
            checked={kind === "payer"}
            onChange={() => onKind("payer")}
          />
          <span>
            The payer <AddressText address={payer} className="text-xs" />
          </span>
        </label>
        <label className="flex items-start gap-2">
          <input
            type="radio"
            name={`${id}-kind`}
            className="mt-0.5"
            checked={kind === "other"}
            onChange={() => onKind("other")}
          />
          <span>Another address</span>
        </label>
        {kind === "other" && (
          <div className="pl-6">
            <label htmlFor={id} className="sr-only">
              Recipient address
            </label>
            <AddressInput
              id={id}
              placeholder="0x…"
              value={other}
              onValueChange={onOther}
              aria-invalid={invalid}
              className={`${refundInput} text-xs`}
            />
          </div>
        )}
      </div>
    </fieldset>
  );
}
