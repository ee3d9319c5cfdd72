"use client";

import { useEffect, useId, useState } from "react";
import { money } from "../invoices/format";
import { RefundPaymentSelect } from "./RefundPaymentSelect";
import { RefundProgress } from "./RefundProgress";
import { type RecipientKind, RefundRecipient } from "./RefundRecipient";
import { RefundWallet } from "./RefundWallet";
import { amountField, nothingRefundable, refundableUnits } from "./refundAmounts";
import { refundInput } from "./refundStyles";
import { useRefund } from "./useRefund";

export type RefundablePayment = {
  id: string;
  chain_id: number;
  chain_name: string;
  from: string;
  token: string;
  token_symbol: string;
  token_decimals: number;
  /** Token base units. */
  amount: string;
};

type Props = {
  invoiceId: string;
  currency: string;
  /** What may still be refunded, in the invoice currency (decimal string). */
  refundable: string;
  payments: RefundablePayment[];
  /** Wallets the server accepts a refund from: a warning is shown for any other. */
  merchantWallets: string[];
};

/** The whole of what may still go back from `payment`, as the amount field shows it. */
const fullAmount = (refundable: string, payment: RefundablePayment) =>
  amountField(refundableUnits(refundable, payment), payment.token_decimals);

/**
 * Refund all or part of a payment: the merchant's connected wallet sends the payment's token
 * back to the payer (or an address typed here), then the server verifies the transfer on-chain
 * and records it. Nothing is recorded unless the transfer is there, from the merchant's wallet.
 */
export function RefundPanel({ invoiceId, currency, refundable, payments, merchantWallets }: Props) {
  const ids = useId();
  const [paymentId, setPaymentId] = useState(payments[0]?.id ?? "");
  const payment = payments.find((candidate) => candidate.id === paymentId) ?? payments[0];
  const [amount, setAmount] = useState(() => (payment ? fullAmount(refundable, payment) : ""));
  const [recipientKind, setRecipientKind] = useState<RecipientKind>("payer");
  const [otherRecipient, setOtherRecipient] = useState("");
  const { step, busy, refund, reset } = useRefund({ invoiceId, currency, refundable });

  // After a refund the page's data comes back with less left: offer that as the new amount.
  useEffect(() => {
    const chosen = payments.find((candidate) => candidate.id === paymentId) ?? payments[0];
    if (chosen) setAmount(fullAmount(refundable, chosen));
  }, [refundable, payments, paymentId]);

  const nothingLeft = nothingRefundable(refundable);
  if (!payment || nothingLeft) {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="refund-none">
        {nothingLeft && payments.length > 0
          ? "Everything paid has been refunded."
          : "Nothing to refund: the invoice has no confirmed payment."}
      </p>
    );
  }

  function choosePayment(id: string) {
    setPaymentId(id);
    const chosen = payments.find((candidate) => candidate.id === id);
    if (chosen) setAmount(fullAmount(refundable, chosen));
    reset();
  }

  const amountId = `${ids}-amount`;
  const errorId = `${ids}-error`;
  const amountInvalid = step.status === "error" && step.field === "amount";
  return (
    <form
      className="space-y-4"
      aria-label="Refund"
      onSubmit={(event) => {
        event.preventDefault();
        const to = recipientKind === "payer" ? payment.from : otherRecipient.trim();
        void refund(payment, amount, to);
      }}
    >
      <p className="text-sm text-slate-700 dark:text-slate-300">
        <span data-testid="refundable">{money(refundable, currency)}</span> can still be refunded.
        Your wallet sends the payment's token back; the refund counts once the transfer is verified
        on-chain.
      </p>
      {payments.length > 1 && (
        <RefundPaymentSelect
          id={`${ids}-payment`}
          payments={payments}
          value={payment.id}
          onChange={choosePayment}
        />
      )}
      <div>
        <label htmlFor={amountId} className="block text-sm font-medium">
          Amount ({payment.token_symbol} on {payment.chain_name})
        </label>
        <input
          id={amountId}
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(event) => setAmount(event.target.value)}
          aria-invalid={amountInvalid}
          aria-describedby={amountInvalid ? errorId : undefined}
          className={`${refundInput} font-mono sm:max-w-xs`}
        />
      </div>
      <RefundRecipient
        id={`${ids}-recipient`}
        payer={payment.from}
        kind={recipientKind}
        onKind={setRecipientKind}
        other={otherRecipient}
        onOther={setOtherRecipient}
        invalid={step.status === "error" && step.field === "recipient"}
      />
      <RefundWallet
        merchantWallets={merchantWallets}
        tokenSymbol={payment.token_symbol}
        busy={busy}
      />
      <RefundProgress step={step} chainName={payment.chain_name} errorId={errorId} />
    </form>
  );
}
