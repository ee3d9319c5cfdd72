"use client";

import dynamic from "next/dynamic";
import type { WalletIntent, WalletPanel } from "./checkoutState";
import { useI18n } from "./i18n";
import type { PayPanelProps } from "./PayPanel";
import { placeholderButton, primaryButton } from "./styles";
import { authorizationOffer } from "./transferAuthorization";
import { WalletButtons } from "./WalletButtons";

const loadWalletPay = () => import("./WalletPay");

// Wallet code is large: it loads when the shopper reaches for a wallet (or had one connected),
// never before the invoice is on screen, so the page is interactive at once.
const WalletPay = dynamic(loadWalletPay, {
  ssr: false,
  loading: () => <LoadingWallets />,
});

function LoadingWallets() {
  const { t } = useI18n();
  return (
    <button type="button" disabled className={placeholderButton}>
      {t("wallet.loading")}
    </button>
  );
}

/**
 * The wallet tab: until the shopper reaches for a wallet, the server-rendered stand-in (the same
 * buttons, no wallet code yet); then the wallet code, which carries out that click.
 */
export function WalletTab({
  wallet,
  onReach,
  ...props
}: Omit<PayPanelProps, "intent"> & {
  wallet: WalletPanel;
  onReach: (intent: WalletIntent) => void;
}) {
  const { t } = useI18n();
  if (wallet.status === "wanted") return <WalletPay intent={wallet.intent} {...props} />;
  const prefetch = () => void loadWalletPay();
  return (
    <WalletButtons
      connect={
        <button
          type="button"
          className={primaryButton}
          onClick={() => onReach("connect")}
          onPointerEnter={prefetch}
          onFocus={prefetch}
          onTouchStart={prefetch}
        >
          {t("wallet.connect")}
        </button>
      }
      onDemo={props.demo !== null ? () => onReach("demo") : null}
      onDemoWithoutGas={
        props.demo !== null && authorizationOffer(props.option)
          ? () => onReach("demoWithoutGas")
          : null
      }
      onPrefetch={prefetch}
    />
  );
}
