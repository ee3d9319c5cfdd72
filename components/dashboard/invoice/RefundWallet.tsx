"use client";

import { type Address, isAddressEqual } from "viem";
import { useAccount } from "wagmi";
import { ConnectWalletButton } from "@/components/ui/ConnectWalletButton";
import { AddressText } from "../AddressText";
import { refundButton } from "./refundStyles";

/** The wallet that sends the refund, a warning if the server would not accept it, and Refund. */
export function RefundWallet({
  merchantWallets,
  tokenSymbol,
  busy,
}: {
  /** Wallets the server accepts a refund from. */
  merchantWallets: string[];
  tokenSymbol: string;
  busy: boolean;
}) {
  const account = useAccount();
  if (!account.isConnected) {
    return (
      <ConnectWalletButton className={refundButton}>Connect wallet to refund</ConnectWalletButton>
    );
  }
  const connectedIsMerchant =
    account.address !== undefined &&
    merchantWallets.some((wallet) => isAddressEqual(wallet as Address, account.address!));
  return (
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
      <button type="submit" className={refundButton} disabled={busy}>
        {busy ? "Refunding…" : `Refund ${tokenSymbol}`}
      </button>
    </div>
  );
}
