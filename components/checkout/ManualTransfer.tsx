"use client";

import { useEffect, useMemo, useState } from "react";
import { renderSVG } from "uqr";
import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { formatDecimal } from "@/lib/money/decimal";

/**
 * "Pay from another wallet or exchange": a QR code of the EIP-681 link and the exact amount and
 * address to copy. Such a transfer carries no reference; the server recognises it by its amount,
 * which no other open invoice to this address has.
 */
export function ManualTransfer({ option, chain }: { option: PaymentOption; chain: CheckoutChain }) {
  const manual = option.manual;
  const qr = useMemo(
    () => (manual ? renderSVG(manual.uri, { border: 2, ecc: "M" }) : ""),
    [manual],
  );
  if (!manual) return null;
  const amount = formatDecimal(BigInt(manual.amount), option.token.decimals, 2);
  const symbol = option.token.symbol;

  return (
    <details
      className="group rounded-xl ring-1 ring-slate-200 dark:ring-slate-700"
      data-testid="manual-transfer"
    >
      <summary className="flex cursor-pointer list-none items-center justify-between gap-3 rounded-xl px-3.5 py-3 text-[15px] font-medium hover:bg-slate-50 dark:hover:bg-slate-800/60 [&::-webkit-details-marker]:hidden">
        Pay from another wallet or exchange
        <svg
          viewBox="0 0 20 20"
          className="size-4 shrink-0 text-slate-500 transition group-open:rotate-180 dark:text-slate-400"
          fill="currentColor"
          aria-hidden
        >
          <path d="M5.2 7.2a.75.75 0 0 1 1.06 0L10 10.94l3.74-3.74a.75.75 0 1 1 1.06 1.06l-4.27 4.27a.75.75 0 0 1-1.06 0L5.2 8.26a.75.75 0 0 1 0-1.06Z" />
        </svg>
      </summary>
      <div className="space-y-4 border-t border-slate-100 px-3.5 pb-4 pt-4 dark:border-slate-800">
        <div
          role="img"
          aria-label={`QR code: send ${amount} ${symbol} on ${chain.name}`}
          className="mx-auto size-48 overflow-hidden rounded-lg bg-white p-1 ring-1 ring-slate-200 dark:ring-0 [&>svg]:size-full"
          // uqr renders the QR code as an SVG string from our own URI; no user input reaches it.
          // biome-ignore lint/security/noDangerouslySetInnerHtml: generated SVG, see above.
          dangerouslySetInnerHTML={{ __html: qr }}
        />
        <CopyField
          label="Amount, exactly"
          value={`${amount} ${symbol}`}
          copyValue={amount}
          copyLabel="Copy amount"
          testId="manual-amount"
        />
        <CopyField
          label={`To this address on ${chain.name}`}
          value={option.recipient}
          copyValue={option.recipient}
          copyLabel="Copy address"
          mono
          testId="manual-address"
        />
        <p className="rounded-lg bg-amber-50 px-3 py-2.5 text-sm text-amber-900 dark:bg-amber-400/10 dark:text-amber-200">
          Send <strong>exactly {amount}</strong> {symbol} on <strong>{chain.name}</strong>: the
          amount is how we recognise your payment, so any other amount, token or network will not
          count. If your exchange deducts a fee, add it so that exactly this amount arrives.
        </p>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {symbol} contract <span className="break-all font-mono">{option.token.address}</span>.
          This page updates by itself once the transfer is on-chain.
        </p>
      </div>
    </details>
  );
}

function CopyField({
  label,
  value,
  copyValue,
  copyLabel,
  mono = false,
  testId,
}: {
  label: string;
  value: string;
  copyValue: string;
  copyLabel: string;
  mono?: boolean;
  testId: string;
}) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <div>
      <p className="text-xs font-medium text-slate-500 dark:text-slate-400">{label}</p>
      <div className="mt-1 flex items-center gap-2 rounded-lg bg-slate-50 px-3 py-2 dark:bg-slate-800/60">
        <span
          className={`min-w-0 flex-1 break-all text-[15px] ${mono ? "font-mono text-sm" : "font-semibold tabular-nums"}`}
          data-testid={testId}
        >
          {value}
        </span>
        <button
          type="button"
          aria-label={copyLabel}
          className="shrink-0 rounded-md px-2 py-1 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 transition hover:bg-indigo-50 dark:text-indigo-300 dark:ring-indigo-500/40 dark:hover:bg-indigo-500/10"
          onClick={() => {
            void navigator.clipboard?.writeText(copyValue).then(
              () => setCopied(true),
              () => {},
            );
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
