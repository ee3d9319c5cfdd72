"use client";

import type { ReactNode } from "react";
import { useI18n } from "./i18n";
import { secondaryButton } from "./styles";

/**
 * The wallet tab before a wallet is connected: `connect` (RainbowKit's button, or its stand-in
 * before the wallet code loads), then the demo wallets where the invoice offers them: one with
 * gas, and one with tokens alone where the option can be paid by signature.
 */
export function WalletButtons({
  connect,
  onDemo,
  onDemoWithoutGas,
  onPrefetch,
}: {
  connect: ReactNode;
  onDemo: (() => void) | null;
  onDemoWithoutGas: (() => void) | null;
  /** Starts loading the wallet code as the shopper reaches for a button. */
  onPrefetch?: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="space-y-3">
      {connect}
      {onDemo && (
        <>
          <div className="grid gap-2">
            <button
              type="button"
              className={secondaryButton}
              onClick={onDemo}
              onPointerEnter={onPrefetch}
              onFocus={onPrefetch}
            >
              {t("wallet.useDemo")}
            </button>
            {onDemoWithoutGas && (
              <button
                type="button"
                className={secondaryButton}
                onClick={onDemoWithoutGas}
                onPointerEnter={onPrefetch}
                onFocus={onPrefetch}
              >
                {t("wallet.useDemoWithoutGas")}
              </button>
            )}
          </div>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {t("wallet.demoNote")}
            {onDemoWithoutGas && ` ${t("wallet.demoWithoutGasNote")}`}
          </p>
        </>
      )}
    </div>
  );
}
