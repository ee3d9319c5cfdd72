"use client";

import type { ReactNode } from "react";
import { useI18n } from "./i18n";
import { secondaryButton } from "./styles";

/**
 * The wallet tab before a wallet is connected: `connect` (RainbowKit's button, or its stand-in
 * before the wallet code loads), then the demo wallet where the invoice offers it.
 */
export function WalletButtons({
  connect,
  onDemo,
  onPrefetch,
}: {
  connect: ReactNode;
  onDemo: (() => void) | null;
  /** Starts loading the wallet code as the shopper reaches for a button. */
  onPrefetch?: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="space-y-3">
      {connect}
      {onDemo && (
        <>
          <button
            type="button"
            className={secondaryButton}
            onClick={onDemo}
            onPointerEnter={onPrefetch}
            onFocus={onPrefetch}
          >
            {t("wallet.useDemo")}
          </button>
          <p className="text-xs text-slate-600 dark:text-slate-400">{t("wallet.demoNote")}</p>
        </>
      )}
    </div>
  );
}
