"use client";

import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { formatTokenAmount } from "./format";

export function PaymentOptions({
  options,
  chains,
  selected,
  onSelect,
}: {
  options: PaymentOption[];
  chains: CheckoutChain[];
  selected: number;
  onSelect: (index: number) => void;
}) {
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium text-slate-700 dark:text-slate-200">
        Pay with
      </legend>
      <div className="grid gap-2">
        {options.map((option, index) => {
          const chain = chains.find((candidate) => candidate.id === option.chain_id);
          const checked = index === selected;
          return (
            <label
              key={`${option.chain_id}:${option.token.address}`}
              className={`flex cursor-pointer items-center gap-3 rounded-xl px-3.5 py-3 ring-1 transition ${
                checked
                  ? "bg-indigo-50 ring-2 ring-indigo-600 dark:bg-indigo-500/10 dark:ring-indigo-400"
                  : "ring-slate-200 hover:bg-slate-50 dark:ring-slate-700 dark:hover:bg-slate-800/60"
              }`}
            >
              <input
                type="radio"
                name="payment-option"
                className="size-4 accent-indigo-600"
                checked={checked}
                onChange={() => onSelect(index)}
              />
              <span className="flex-1">
                <span className="block text-[15px] font-semibold">{option.token.symbol}</span>
                <span className="block text-xs text-slate-500 dark:text-slate-400">
                  on {chain?.name ?? option.chain_name}
                </span>
              </span>
              <span className="font-mono text-sm tabular-nums text-slate-700 dark:text-slate-200">
                {formatTokenAmount(option.amount, option.token.decimals, option.token.symbol)}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
