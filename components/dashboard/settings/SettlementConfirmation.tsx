"use client";

import { useState } from "react";
import { isAddressEqual } from "viem";
import { useAccount, useSignTypedData, useSwitchChain } from "wagmi";
import { ConnectWalletButton } from "@/components/ui/ConnectWalletButton";
import {
  CONFIRMATION_WINDOW_MS,
  settlementConfirmationTypedData,
} from "@/lib/merchants/settlementConfirmation";
import { AddressText } from "../AddressText";
import { fieldClass, hintClass, secondaryButton } from "./settingsStyles";
import type { ConfirmationDraft, ConfirmationNeed } from "./settlementConfirmations";
import type { SettingsChain } from "./useSettingsForm";

/** What a confirmation needs from the form around it. */
export type ConfirmationContext = {
  /** The deployment's origin (PUBLIC_URL), as the message names it. */
  deployment: string;
  merchantId: string;
  chains: SettingsChain[];
  drafts: Record<string, ConfirmationDraft>;
  setDraft: (key: string, draft: ConfirmationDraft) => void;
};

/** The typed data as eth_signTypedData_v4 takes it, each field of its type on one line. */
function messageJson(typedData: unknown): string {
  return JSON.stringify(typedData, null, 2).replace(
    /\{\s*"name": ("[^"]*"),\s*"type": ("[^"]*")\s*\}/g,
    '{ "name": $1, "type": $2 }',
  );
}

type SignState = { status: "idle" } | { status: "signing" } | { status: "failed"; message: string };

/**
 * The message a new settlement address signs before the store may be paid there: signed by the
 * connected wallet when it is that address, or made elsewhere (a Safe's owners, another device)
 * and pasted.
 */
export function SettlementConfirmation({
  need,
  context,
  describedById,
}: {
  need: ConfirmationNeed;
  context: ConfirmationContext;
  describedById: string;
}) {
  const draft = context.drafts[need.key];
  const account = useAccount();
  const { signTypedDataAsync } = useSignTypedData();
  const { switchChainAsync } = useSwitchChain();
  const [sign, setSign] = useState<SignState>({ status: "idle" });
  if (!draft) return null;
  const chain = context.chains.find((candidate) => candidate.id === draft.chainId);
  const typedData = settlementConfirmationTypedData({
    deployment: context.deployment,
    merchantId: context.merchantId,
    address: need.address,
    chainId: draft.chainId,
    issuedAt: draft.issuedAt,
  });
  const connectedIsAddress =
    account.address !== undefined && isAddressEqual(account.address, need.address);
  const signed = draft.signature.trim() !== "";
  const minutes = CONFIRMATION_WINDOW_MS / 60_000;

  const signWithWallet = async () => {
    setSign({ status: "signing" });
    // A fresh time: the confirmation is accepted for a while after it.
    const issuedAt = new Date().toISOString();
    try {
      if (account.chainId !== draft.chainId) await switchChainAsync({ chainId: draft.chainId });
      const signature = await signTypedDataAsync(
        settlementConfirmationTypedData({
          deployment: context.deployment,
          merchantId: context.merchantId,
          address: need.address,
          chainId: draft.chainId,
          issuedAt,
        }),
      );
      context.setDraft(need.key, { ...draft, issuedAt, signature });
      setSign({ status: "idle" });
    } catch (caught) {
      const short = (caught as { shortMessage?: string }).shortMessage;
      setSign({ status: "failed", message: short ?? "The wallet did not sign." });
    }
  };

  return (
    <section
      id={describedById}
      aria-label={`Confirm ${need.address}`}
      data-testid="settlement-confirmation"
      className={`mt-3 rounded-xl p-4 text-sm ring-1 ${
        signed
          ? "bg-emerald-50 text-emerald-950 ring-emerald-200 dark:bg-emerald-400/10 dark:text-emerald-50 dark:ring-emerald-400/30"
          : "bg-amber-50 text-amber-950 ring-amber-200 dark:bg-amber-400/10 dark:text-amber-50 dark:ring-amber-400/30"
      }`}
    >
      <p className="font-medium">
        {signed ? "Signed: this address is confirmed when you save." : "Confirmation needed"}
      </p>
      <p className="mt-1">
        <AddressText address={need.address} /> is not the signed-in wallet. Payments go there only
        after that address signs the message below (within {minutes} minutes of its time).
      </p>

      {need.chainId === null ? (
        <label className="mt-3 block">
          <span className="block text-xs font-medium">Checked on chain</span>
          <select
            value={draft.chainId}
            onChange={(event) =>
              context.setDraft(need.key, {
                ...draft,
                chainId: Number(event.target.value),
                signature: "",
              })
            }
            className={`mt-1 ${fieldClass}`}
          >
            {context.chains.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} (chain {candidate.id})
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="mt-3 text-xs">
          Checked on {chain?.name ?? "chain"} (chain {draft.chainId}), the chain this address is
          for.
        </p>
      )}

      <details className="mt-3" open={!signed}>
        <summary className="cursor-pointer text-xs font-medium">
          Message to sign (EIP-712 typed data)
        </summary>
        <pre
          data-testid="confirmation-message"
          className="mt-2 whitespace-pre-wrap break-all rounded-lg bg-white p-3 font-mono text-xs text-slate-900 ring-1 ring-amber-200 dark:bg-slate-950 dark:text-slate-100 dark:ring-amber-400/30"
        >
          {messageJson(typedData)}
        </pre>
      </details>

      <div className="mt-3 flex flex-wrap items-center gap-3">
        {account.isConnected ? (
          <button
            type="button"
            className={secondaryButton}
            disabled={!connectedIsAddress || sign.status === "signing"}
            onClick={() => void signWithWallet()}
          >
            {sign.status === "signing" ? "Signing…" : "Sign with the connected wallet"}
          </button>
        ) : (
          <ConnectWalletButton className={secondaryButton}>Connect wallet</ConnectWalletButton>
        )}
        <button
          type="button"
          className="text-xs font-medium underline"
          onClick={() =>
            context.setDraft(need.key, {
              ...draft,
              issuedAt: new Date().toISOString(),
              signature: "",
            })
          }
        >
          New message with the current time
        </button>
      </div>
      {account.isConnected && !connectedIsAddress && (
        <p className={hintClass}>
          The connected wallet is <AddressText address={account.address ?? ""} />: switch it to{" "}
          <AddressText address={need.address} /> to sign here, or paste a signature made elsewhere.
        </p>
      )}
      {sign.status === "failed" && (
        <p role="alert" className="mt-2 text-red-700 dark:text-red-300">
          {sign.message}
        </p>
      )}

      <label className="mt-3 block">
        <span className="block text-xs font-medium">Signature</span>
        <textarea
          rows={2}
          spellCheck={false}
          value={draft.signature}
          placeholder="0x… (from a Safe, a smart account or another device)"
          onChange={(event) =>
            context.setDraft(need.key, { ...draft, signature: event.target.value })
          }
          className={`mt-1 w-full font-mono text-xs ${fieldClass}`}
        />
      </label>
      <p className={hintClass}>
        For a Safe: its owners sign this message in the Safe app (as a signed message) on the chain
        above; paste the signature the Safe gives.
      </p>
    </section>
  );
}
