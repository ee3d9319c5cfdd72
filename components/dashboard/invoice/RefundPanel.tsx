"use client";

import { ConnectButton } from "@rainbow-me/rainbowkit";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import {
  type Address,
  BaseError,
  erc20Abi,
  type Hash,
  isAddress,
  isAddressEqual,
  UserRejectedRequestError,
} from "viem";
import { useAccount, useConfig, useSwitchChain, useWriteContract } from "wagmi";
import { waitForTransactionReceipt } from "wagmi/actions";
import { formatDecimal, ParseDecimalError, parseDecimal } from "@/lib/money/decimal";
import { AddressInput } from "../AddressInput";
import { AddressText } from "../AddressText";
import { DashboardApiError, dashboardFetch } from "../api";
import { money } from "../invoices/format";
import { formatTokenAmount, shortAddress } from "./format";

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

/** The refund's lifecycle: each step carries what it shows. */
type Step =
  | { kind: "idle" }
  | { kind: "switching" }
  | { kind: "signing" }
  | { kind: "mining"; hash: Hash }
  | { kind: "recording"; hash: Hash }
  | { kind: "done"; text: string }
  | { kind: "error"; text: string; field: "amount" | "recipient" | null };

const CURRENCY_SCALE = 18;

/** The most of this payment's token that may still go back: the remaining refundable, capped at the payment. */
function defaultUnits(refundable: string, payment: RefundablePayment): bigint {
  const remaining =
    parseDecimal(refundable, CURRENCY_SCALE) /
    10n ** BigInt(CURRENCY_SCALE - payment.token_decimals);
  const paid = BigInt(payment.amount);
  return remaining < paid ? remaining : paid;
}

/** A plain decimal for the amount field ("1234.50", no grouping): what the merchant types. */
function decimalOf(units: bigint, decimals: number): string {
  return formatDecimal(units, decimals, Math.min(2, decimals));
}

function walletError(error: unknown): string {
  const rejected =
    error instanceof BaseError
      ? error.walk((cause) => cause instanceof UserRejectedRequestError) !== null ||
        /reject|denied|cancel/i.test(error.shortMessage)
      : /reject|denied|cancel/i.test(String(error));
  if (rejected) return "The wallet declined the transaction; nothing was sent.";
  const text = error instanceof BaseError ? error.shortMessage : String(error);
  if (/insufficient|exceeds balance/i.test(text)) {
    return "The connected wallet does not hold enough of the token (or gas) for this refund.";
  }
  return `The wallet could not send the refund: ${text.replace(/\.$/, "")}.`;
}

/** Posts the refund; the server's node may see the receipt a moment after the wallet's did. */
async function recordWithRetry(invoiceId: string, body: Record<string, unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dashboardFetch(`/api/dashboard/invoices/${invoiceId}/refunds`, { body });
      return;
    } catch (error) {
      const notMinedYet =
        error instanceof DashboardApiError &&
        error.status === 409 &&
        error.param === "tx_hash" &&
        /not mined/i.test(error.message);
      if (!notMinedYet || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  }
}

const input =
  "mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950 aria-[invalid=true]:border-red-600";
const primary =
  "rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60";

/**
 * Refund all or part of a payment: the merchant's connected wallet sends the payment's token
 * back to the payer (or an address typed here), then the server verifies the transfer on-chain
 * and records it. Nothing is recorded unless the transfer is there, from the merchant's wallet.
 */
export function RefundPanel({ invoiceId, currency, refundable, payments, merchantWallets }: Props) {
  const router = useRouter();
  const ids = useId();
  const account = useAccount();
  const config = useConfig();
  const { switchChainAsync } = useSwitchChain();
  const { writeContractAsync } = useWriteContract();
  const [paymentId, setPaymentId] = useState(payments[0]?.id ?? "");
  const payment = payments.find((candidate) => candidate.id === paymentId) ?? payments[0];
  const [amount, setAmount] = useState(() =>
    payment ? decimalOf(defaultUnits(refundable, payment), payment.token_decimals) : "",
  );
  const [recipientKind, setRecipientKind] = useState<"payer" | "other">("payer");
  const [otherRecipient, setOtherRecipient] = useState("");
  const [step, setStep] = useState<Step>({ kind: "idle" });

  // After a refund the page's data comes back with less left: offer that as the new amount.
  useEffect(() => {
    const chosen = payments.find((candidate) => candidate.id === paymentId) ?? payments[0];
    if (chosen) setAmount(decimalOf(defaultUnits(refundable, chosen), chosen.token_decimals));
  }, [refundable, payments, paymentId]);

  const nothingLeft = parseDecimal(refundable, CURRENCY_SCALE) === 0n;
  if (!payment || nothingLeft) {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="refund-none">
        {nothingLeft && payments.length > 0
          ? "Everything paid has been refunded."
          : "Nothing to refund: the invoice has no confirmed payment."}
      </p>
    );
  }

  const busy = ["switching", "signing", "mining", "recording"].includes(step.kind);
  const connectedIsMerchant =
    account.address !== undefined &&
    merchantWallets.some((wallet) => isAddressEqual(wallet as Address, account.address!));

  function choosePayment(id: string) {
    setPaymentId(id);
    const chosen = payments.find((candidate) => candidate.id === id);
    if (chosen) setAmount(decimalOf(defaultUnits(refundable, chosen), chosen.token_decimals));
    setStep({ kind: "idle" });
  }

  async function refund() {
    if (!payment || !account.address) return;
    const token = { decimals: payment.token_decimals, symbol: payment.token_symbol };
    let units: bigint;
    try {
      units = parseDecimal(amount, token.decimals);
    } catch (error) {
      const reason = error instanceof ParseDecimalError ? error.message : "is not a number";
      setStep({ kind: "error", text: `The amount ${reason}.`, field: "amount" });
      return;
    }
    if (units === 0n) {
      setStep({ kind: "error", text: "The amount must be more than 0.", field: "amount" });
      return;
    }
    const most = defaultUnits(refundable, payment);
    if (units > most) {
      setStep({
        kind: "error",
        text: `That is more than can be refunded: at most ${formatTokenAmount(most, token.decimals, token.symbol)} from this payment (${money(refundable, currency)} left on the invoice).`,
        field: "amount",
      });
      return;
    }
    const to = recipientKind === "payer" ? payment.from : otherRecipient.trim();
    if (!isAddress(to, { strict: false })) {
      setStep({
        kind: "error",
        text: "The recipient must be an address (0x…).",
        field: "recipient",
      });
      return;
    }

    try {
      if (account.chainId !== payment.chain_id) {
        setStep({ kind: "switching" });
        await switchChainAsync({ chainId: payment.chain_id });
      }
      setStep({ kind: "signing" });
      const hash = await writeContractAsync({
        chainId: payment.chain_id,
        address: payment.token as Address,
        abi: erc20Abi,
        functionName: "transfer",
        args: [to as Address, units],
      });
      setStep({ kind: "mining", hash });
      const receipt = await waitForTransactionReceipt(config, { hash, chainId: payment.chain_id });
      if (receipt.status !== "success") {
        setStep({
          kind: "error",
          text: "The refund transaction failed on-chain; no tokens were sent and nothing was recorded.",
          field: null,
        });
        return;
      }
      setStep({ kind: "recording", hash });
      await recordWithRetry(invoiceId, {
        payment_id: payment.id,
        chain_id: payment.chain_id,
        tx_hash: hash,
        to,
        amount: decimalOf(units, token.decimals),
      });
      setStep({
        kind: "done",
        text: `Refund of ${formatTokenAmount(units, token.decimals, token.symbol)} to ${shortAddress(to)} recorded.`,
      });
      router.refresh();
    } catch (error) {
      const text =
        error instanceof DashboardApiError
          ? `The refund was not recorded: ${error.message}`
          : walletError(error);
      setStep({ kind: "error", text, field: null });
    }
  }

  const amountId = `${ids}-amount`;
  const recipientId = `${ids}-recipient`;
  const paymentSelectId = `${ids}-payment`;
  return (
    <form
      className="space-y-4"
      aria-label="Refund"
      onSubmit={(event) => {
        event.preventDefault();
        void refund();
      }}
    >
      <p className="text-sm text-slate-700 dark:text-slate-300">
        <span data-testid="refundable">{money(refundable, currency)}</span> can still be refunded.
        Your wallet sends the payment's token back; the refund counts once the transfer is verified
        on-chain.
      </p>
      {payments.length > 1 && (
        <div>
          <label htmlFor={paymentSelectId} className="block text-sm font-medium">
            Payment to refund
          </label>
          <select
            id={paymentSelectId}
            className={input}
            value={payment.id}
            onChange={(event) => choosePayment(event.target.value)}
          >
            {payments.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {formatTokenAmount(
                  candidate.amount,
                  candidate.token_decimals,
                  candidate.token_symbol,
                )}{" "}
                on {candidate.chain_name} from {shortAddress(candidate.from)}
              </option>
            ))}
          </select>
        </div>
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
          aria-invalid={step.kind === "error" && step.field === "amount"}
          aria-describedby={
            step.kind === "error" && step.field === "amount" ? `${ids}-error` : undefined
          }
          className={`${input} font-mono sm:max-w-xs`}
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium">Send to</legend>
        <div className="mt-2 space-y-2 text-sm">
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name={`${ids}-recipient-kind`}
              className="mt-0.5"
              checked={recipientKind === "payer"}
              onChange={() => setRecipientKind("payer")}
            />
            <span>
              The payer <AddressText address={payment.from} className="text-xs" />
            </span>
          </label>
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name={`${ids}-recipient-kind`}
              className="mt-0.5"
              checked={recipientKind === "other"}
              onChange={() => setRecipientKind("other")}
            />
            <span>Another address</span>
          </label>
          {recipientKind === "other" && (
            <div className="pl-6">
              <label htmlFor={recipientId} className="sr-only">
                Recipient address
              </label>
              <AddressInput
                id={recipientId}
                placeholder="0x…"
                value={otherRecipient}
                onValueChange={setOtherRecipient}
                aria-invalid={step.kind === "error" && step.field === "recipient"}
                className={`${input} text-xs`}
              />
            </div>
          )}
        </div>
      </fieldset>

      {account.isConnected ? (
        <div className="space-y-2">
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Connected wallet: <AddressText address={account.address ?? ""} testId="refund-wallet" />
          </p>
          {!connectedIsMerchant && (
            <p className="text-sm text-amber-800 dark:text-amber-200">
              This wallet is not your settlement address nor a member wallet of this store: a refund
              from it would not be recorded.
            </p>
          )}
          <button type="submit" className={primary} disabled={busy}>
            {busy ? "Refunding…" : `Refund ${payment.token_symbol}`}
          </button>
        </div>
      ) : (
        <ConnectButton.Custom>
          {({ openConnectModal, mounted }) => (
            <button
              type="button"
              className={primary}
              onClick={openConnectModal}
              disabled={!mounted}
            >
              Connect wallet to refund
            </button>
          )}
        </ConnectButton.Custom>
      )}

      <div aria-live="polite" className="text-sm">
        {step.kind === "switching" && <p>Switching the wallet to {payment.chain_name}…</p>}
        {step.kind === "signing" && <p>Confirm the transfer in your wallet…</p>}
        {step.kind === "mining" && <p>Waiting for the transaction to be mined…</p>}
        {step.kind === "recording" && <p>Verifying the transfer on-chain…</p>}
        {step.kind === "done" && (
          <p className="font-medium text-emerald-800 dark:text-emerald-300" role="status">
            {step.text}
          </p>
        )}
      </div>
      {step.kind === "error" && (
        <p id={`${ids}-error`} role="alert" className="text-sm text-red-700 dark:text-red-300">
          {step.text}
        </p>
      )}
    </form>
  );
}
