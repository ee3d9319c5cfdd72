"use client";

import { ConnectButton } from "@rainbow-me/rainbowkit";
import { useAccount } from "wagmi";
import { shortAddress } from "./format";
import { useI18n } from "./i18n";

/** The wallet paying: its address and name, and the way to change it. */
export function WalletAccountRow() {
  const { t } = useI18n();
  const account = useAccount();
  return (
    <div className="flex items-center justify-between gap-2 text-xs text-slate-600 dark:text-slate-400">
      <span>
        {t("wallet.from", { address: shortAddress(account.address ?? "") })}
        {account.connector ? ` · ${account.connector.name}` : ""}
      </span>
      <ConnectButton.Custom>
        {({ openAccountModal }) => (
          <button type="button" className="underline underline-offset-2" onClick={openAccountModal}>
            {t("wallet.change")}
          </button>
        )}
      </ConnectButton.Custom>
    </div>
  );
}
