"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { type Address, erc20Abi, type Hash, isAddress } from "viem";
import { useAccount, useConfig, useSwitchChain, useWriteContract } from "wagmi";
import { waitForTransactionReceipt } from "wagmi/actions";
import { ParseDecimalError, parseDecimal } from "@/lib/money/decimal";
import { formatTokenAmount } from "@/lib/money/formatTokenAmount";
import { DashboardApiError } from "../api";
import { money } from "../invoices/format";
import { shortAddress } from "./format";
import type { RefundablePayment } from "./RefundPanel";
import { recordRefund, refundWalletError } from "./recordRefund";
import { amountField, refundableUnits } from "./refundAmounts";

/** The refund's lifecycle: each status carries what it shows. */
export type RefundStep =
  | { status: "idle" }
  | { status: "switching" }
  | { status: "signing" }
  | { status: "mining"; hash: Hash }
  | { status: "recording"; hash: Hash }
  | { status: "done"; text: string }
  | { status: "error"; text: string; field: "amount" | "recipient" | null };

const BUSY: ReadonlySet<RefundStep["status"]> = new Set([
  "switching",
  "signing",
  "mining",
  "recording",
]);

/**
 * Sends a refund from the connected wallet, waits for it to be mined, then has the server verify
 * and record it. Nothing is recorded unless the transfer is there, from the merchant's wallet.
 */
export function useRefund({
  invoiceId,
  currency,
  refundable,
}: {
  invoiceId: string;
  currency: string;
  refundable: string;
}) {
  const router = useRouter();
  const account = useAccount();
  const config = useConfig();
  const { switchChainAsync } = useSwitchChain();
  const { writeContractAsync } = useWriteContract();
  const [step, setStep] = useState<RefundStep>({ status: "idle" });

  async function refund(payment: RefundablePayment, amount: string, to: string) {
    if (!account.address) return;
    const token = { decimals: payment.token_decimals, symbol: payment.token_symbol };
    let units: bigint;
    try {
      units = parseDecimal(amount, token.decimals);
    } catch (error) {
      const reason = error instanceof ParseDecimalError ? error.message : "is not a number";
      setStep({ status: "error", text: `The amount ${reason}.`, field: "amount" });
      return;
    }
    if (units === 0n) {
      setStep({ status: "error", text: "The amount must be more than 0.", field: "amount" });
      return;
    }
    const most = refundableUnits(refundable, payment);
    if (units > most) {
      setStep({
        status: "error",
        text: `That is more than can be refunded: at most ${formatTokenAmount(most, token.decimals, token.symbol)} from this payment (${money(refundable, currency)} left on the invoice).`,
        field: "amount",
      });
      return;
    }
    if (!isAddress(to, { strict: false })) {
      setStep({
        status: "error",
        text: "The recipient must be an address (0x…).",
        field: "recipient",
      });
      return;
    }

    try {
      if (account.chainId !== payment.chain_id) {
        setStep({ status: "switching" });
        await switchChainAsync({ chainId: payment.chain_id });
      }
      setStep({ status: "signing" });
      const hash = await writeContractAsync({
        chainId: payment.chain_id,
        address: payment.token as Address,
        abi: erc20Abi,
        functionName: "transfer",
        args: [to as Address, units],
      });
      setStep({ status: "mining", hash });
      const receipt = await waitForTransactionReceipt(config, { hash, chainId: payment.chain_id });
      if (receipt.status !== "success") {
        setStep({
          status: "error",
          text: "The refund transaction failed on-chain; no tokens were sent and nothing was recorded.",
          field: null,
        });
        return;
      }
      setStep({ status: "recording", hash });
      await recordRefund(invoiceId, {
        payment_id: payment.id,
        chain_id: payment.chain_id,
        tx_hash: hash,
        to,
        amount: amountField(units, token.decimals),
      });
      setStep({
        status: "done",
        text: `Refund of ${formatTokenAmount(units, token.decimals, token.symbol)} to ${shortAddress(to)} recorded.`,
      });
      router.refresh();
    } catch (error) {
      const text =
        error instanceof DashboardApiError
          ? `The refund was not recorded: ${error.message}`
          : refundWalletError(error);
      setStep({ status: "error", text, field: null });
    }
  }

  return {
    step,
    busy: BUSY.has(step.status),
    refund,
    reset: () => setStep({ status: "idle" }),
  };
}
