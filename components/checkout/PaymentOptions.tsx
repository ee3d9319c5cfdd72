"use client";

import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";
import { useI18n } from "./i18n";

/** The key a payment option's balance is kept under. */
export function optionKey(option: Pick<PaymentOption, "chain_id" | "token">): string {
  return `${option.chain_id}:${option.token.address.toLowerCase()}`;
}

export function PaymentOptions({
  options,
  chains,
  selected,
  onSelect,
  balances,
}: {
  options: PaymentOption[];
  chains: CheckoutChain[];
  selected: number;
  onSelect: (index: number) => void;
  /** The connected wallet's balance of each option's token, in base units; null: not connected. */
  balances: Record<string, string> | null;
}) {
  const { t, locale } = useI18n();
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium text-slate-800 dark:text-slate-200">
        {t("options.legend")}
      </legend>
      <div className="grid gap-2">
        {options.map((option, index) => {
          const chain = chains.find((candidate) => candidate.id === option.chain_id);
          const checked = index === selected;
          const balance = balances?.[optionKey(option)];
          const short = balance !== undefined && BigInt(balance) < BigInt(option.amount);
          return (
            <label
              key={optionKey(option)}
              className={`flex cursor-pointer items-center gap-3 rounded-xl px-3.5 py-3 ring-1 transition has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600 ${
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
              <span className="min-w-0 flex-1">
                <span className="block text-[15px] font-semibold">{option.token.symbol}</span>
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  {t("options.on", { chain: chain?.name ?? option.chain_name })}
                </span>
                {balance !== undefined && (
                  <span
                    className={`block text-xs ${short ? "font-medium text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-400"}`}
                    data-testid="option-balance"
                  >
                    {t("options.balance", {
                      amount: formatTokenAmount(
                        balance,
                        option.token.decimals,
                        option.token.symbol,
                        locale,
                      ),
                    })}
                  </span>
                )}
              </span>
              <span className="font-mono text-sm tabular-nums text-slate-800 dark:text-slate-200">
                {formatTokenAmount(
                  option.amount,
                  option.token.decimals,
                  option.token.symbol,
                  locale,
                )}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
