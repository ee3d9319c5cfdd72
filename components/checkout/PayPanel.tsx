"use client";

import { useEffect } from "react";
import { useAccount, useConnect } from "wagmi";
import { ConnectWalletButton } from "@/components/ui/ConnectWalletButton";
import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import type { WalletIntent } from "./checkoutState";
import type { DemoWalletProps } from "./demoProvider";
import { useI18n } from "./i18n";
import { PayWithWallet } from "./PayWithWallet";
import { primaryButton } from "./styles";
import { useWalletBalances } from "./useWalletBalances";
import { useWalletIntent } from "./useWalletIntent";
import { WalletButtons } from "./WalletButtons";
import { DEMO_CONNECTOR_ID } from "./walletConfig";
import type { WalletErrorMessage } from "./walletErrors";

export type PayPanelProps = {
  /** What the shopper clicked before this code loaded: open the wallet list, or the demo wallet. */
  intent: WalletIntent | null;
  onIntentDone: () => void;
  option: PaymentOption;
  options: PaymentOption[];
  chain: CheckoutChain;
  chains: CheckoutChain[];
  demo: DemoWalletProps | null;
  busy: boolean;
  onTransactionSent: (chainId: number, txHash: string) => void;
  onError: (message: WalletErrorMessage | null) => void;
  onBalances: (balances: Record<string, string> | null) => void;
};

/** The wallet tab once the wallet code is here: connect a wallet, then pay from it. */
export function PayPanel({
  intent,
  onIntentDone,
  option,
  options,
  chain,
  demo,
  busy,
  onTransactionSent,
  onError,
  onBalances,
}: PayPanelProps) {
  const { t } = useI18n();
  const account = useAccount();
  const { connect, connectors } = useConnect();
  const balances = useWalletBalances(account.isConnected ? account.address : undefined, options);
  const demoConnector = demo
    ? connectors.find((connector) => connector.id === DEMO_CONNECTOR_ID)
    : undefined;
  const payButton = useWalletIntent({
    intent,
    onIntentDone,
    demoConnector,
    chainId: option.chain_id,
  });

  useEffect(() => {
    onBalances(account.isConnected && balances.data ? balances.data.tokens : null);
  }, [account.isConnected, balances.data, onBalances]);

  if (!account.isConnected) {
    return (
      <WalletButtons
        connect={
          <ConnectWalletButton className={primaryButton}>{t("wallet.connect")}</ConnectWalletButton>
        }
        onDemo={
          demoConnector
            ? () => connect({ connector: demoConnector, chainId: option.chain_id })
            : null
        }
      />
    );
  }
  return (
    <PayWithWallet
      option={option}
      chain={chain}
      balances={balances.data}
      busy={busy}
      payButton={payButton}
      onTransactionSent={onTransactionSent}
      onError={onError}
    />
  );
}
