"use client";

import { roundToSignificant } from "@/lib/checkout/significant";
import type { CheckoutChain } from "@/lib/checkout/view";
import { formatNumber } from "@/lib/i18n/format";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";
import type { PayMethod } from "./checkoutState";
import { useI18n } from "./i18n";
import { optionKey } from "./PaymentOptions";
import { warningNote } from "./styles";
import type { WalletBalances } from "./useWalletBalances";

/**
 * What the connected wallet lacks to pay `option`: its token, or the gas to send it. Gas counts
 * only when the wallet sends the transaction itself: `method` "signature" needs none.
 */
export function shortfall(
  option: PaymentOption,
  balances: WalletBalances | undefined,
  method: PayMethod,
) {
  const tokenBalance = balances?.tokens[optionKey(option)];
  const native = balances?.native[option.chain_id];
  return {
    tokenBalance,
    tokenShort: tokenBalance !== undefined && BigInt(tokenBalance) < BigInt(option.amount),
    native,
    gasShort: method === "transaction" && native !== undefined && native.balance < native.fee,
  };
}

/**
 * Why Pay is held: the wallet holds too little of the token, or too little gas for a
 * transaction (then, where the option can be paid by signature, the note says so).
 */
export function BalanceNotes({
  option,
  chain,
  balances,
  method,
  signatureOffered,
  lowTokenId,
  lowGasId,
}: {
  option: PaymentOption;
  chain: CheckoutChain;
  balances: WalletBalances | undefined;
  method: PayMethod;
  signatureOffered: boolean;
  lowTokenId: string;
  lowGasId: string;
}) {
  const { t, locale } = useI18n();
  const { tokenBalance, tokenShort, native, gasShort } = shortfall(option, balances, method);
  const { symbol, decimals } = chain.nativeCurrency;
  // A fee is an estimate: three significant digits, rounded up so it is never understated; the
  // balance is rounded down so it is never overstated.
  const nativeAmount = (wei: bigint, direction: "up" | "down") =>
    `${formatNumber(roundToSignificant(wei, decimals, 3, direction), locale)} ${symbol}`;
  const token = (units: string) =>
    formatTokenAmount(units, option.token.decimals, option.token.symbol, locale);
  return (
    <>
      {tokenShort && tokenBalance !== undefined && (
        <p id={lowTokenId} className={warningNote} data-testid="low-token" role="status">
          {t("wallet.lowToken", {
            balance: token(tokenBalance),
            amount: token(option.amount),
            symbol: option.token.symbol,
          })}
        </p>
      )}
      {gasShort && native && (
        <p id={lowGasId} className={warningNote} data-testid="low-gas" role="status">
          {t(signatureOffered ? "wallet.lowGasSignature" : "wallet.lowGas", {
            symbol,
            chain: chain.name,
            fee: nativeAmount(native.fee, "up"),
            balance: nativeAmount(native.balance, "down"),
          })}
        </p>
      )}
    </>
  );
}
