import type { ReactNode } from "react";
import { FIELD, FieldProblem, type FormProblem, invalidProps } from "./invoiceFormFields";

const EXPIRY_CHOICES = [
  { seconds: 15 * 60, label: "15 minutes" },
  { seconds: 30 * 60, label: "30 minutes" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 6 * 3600, label: "6 hours" },
  { seconds: 24 * 3600, label: "1 day" },
  { seconds: 3 * 24 * 3600, label: "3 days" },
  { seconds: 7 * 24 * 3600, label: "7 days" },
];

function describeSeconds(seconds: number): string {
  const known = EXPIRY_CHOICES.find((choice) => choice.seconds === seconds);
  if (known) return known.label;
  return seconds % 3600 === 0 ? `${seconds / 3600} hours` : `${Math.round(seconds / 60)} minutes`;
}

/** A label (with an optional grey note), the control, and the server's message for it. */
function Labelled({
  id,
  label,
  note,
  problem,
  children,
}: {
  id: string;
  label: string;
  note?: string;
  problem: FormProblem;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {note && (
          <>
            {" "}
            <span className="font-normal text-slate-600 dark:text-slate-400">{note}</span>
          </>
        )}
      </label>
      {children}
      <FieldProblem problem={problem} id={id} />
    </div>
  );
}

/** What the invoice is for: amount and currency, description, order id, expiry, redirect. */
export function InvoiceDetailsFields({
  defaultExpiresIn,
  problem,
}: {
  defaultExpiresIn: number;
  problem: FormProblem;
}) {
  const invalid = (id: string) => invalidProps(problem, id);
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
        <Labelled id="amount" label="Amount" problem={problem}>
          <input
            id="amount"
            name="amount"
            required
            inputMode="decimal"
            autoComplete="off"
            placeholder="12.50"
            className={`${FIELD} tabular-nums`}
            {...invalid("amount")}
          />
        </Labelled>
        <Labelled id="currency" label="Currency" problem={problem}>
          <select
            id="currency"
            name="currency"
            defaultValue="USD"
            className={FIELD}
            {...invalid("currency")}
          >
            <option value="USD">USD</option>
            <option value="EUR">EUR</option>
          </select>
        </Labelled>
      </div>

      <Labelled
        id="description"
        label="Description"
        note="(optional, shown to the shopper)"
        problem={problem}
      >
        <textarea
          id="description"
          name="description"
          rows={2}
          maxLength={1000}
          className={FIELD}
          {...invalid("description")}
        />
      </Labelled>

      <div className="grid gap-4 sm:grid-cols-2">
        <Labelled id="order_id" label="Order id" note="(optional)" problem={problem}>
          <input
            id="order_id"
            name="order_id"
            maxLength={200}
            autoComplete="off"
            className={FIELD}
            {...invalid("order_id")}
          />
        </Labelled>
        <Labelled id="expires_in" label="Expires in" problem={problem}>
          <select
            id="expires_in"
            name="expires_in"
            defaultValue=""
            className={FIELD}
            {...invalid("expires_in")}
          >
            <option value="">Store default ({describeSeconds(defaultExpiresIn)})</option>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.seconds} value={choice.seconds}>
                {choice.label}
              </option>
            ))}
          </select>
        </Labelled>
      </div>

      <Labelled
        id="redirect_url"
        label="Redirect URL"
        note="(optional: where the shopper returns after paying)"
        problem={problem}
      >
        <input
          id="redirect_url"
          name="redirect_url"
          type="url"
          placeholder="https://shop.example/thanks"
          className={FIELD}
          {...invalid("redirect_url")}
        />
      </Labelled>
    </>
  );
}
