"use client";

import { useEffect } from "react";
import { useAccount, useConnect } from "wagmi";
import { ConnectWalletButton } from "@/components/ui/ConnectWalletButton";
import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import type { DemoWalletKind, PayMethod, WalletIntent } from "./checkoutState";
import type { DemoWallets } from "./demoProvider";
import { useI18n } from "./i18n";
import { PayWithSignature } from "./PayWithSignature";
import { PayWithWallet } from "./PayWithWallet";
import type { SignedAuthorization } from "./postAuthorization";
import { primaryButton } from "./styles";
import { authorizationOffer } from "./transferAuthorization";
import { useWalletBalances } from "./useWalletBalances";
import { useWalletIntent } from "./useWalletIntent";
import { WalletButtons } from "./WalletButtons";
import { DEMO_CONNECTOR_IDS } from "./walletConfig";
import type { WalletErrorMessage } from "./walletErrors";

export type PayPanelProps = {
  /** What the shopper clicked before this code loaded: open the wallet list, or a demo wallet. */
  intent: WalletIntent | null;
  onIntentDone: () => void;
  option: PaymentOption;
  options: PaymentOption[];
  chain: CheckoutChain;
  chains: CheckoutChain[];
  merchantName: string;
  demo: DemoWallets | null;
  /** How to pay where the option offers a signature. */
  method: PayMethod;
  busy: boolean;
  onTransactionSent: (chainId: number, txHash: string) => void;
  onAuthorizationSigned: (signed: SignedAuthorization) => void;
  onChooseMethod: (method: PayMethod) => void;
  onError: (message: WalletErrorMessage | null) => void;
  onBalances: (balances: Record<string, string> | null) => void;
};

/**
 * The wallet tab once the wallet code is here: connect a wallet, then pay from it, by signature
 * where the option offers one (unless the shopper chose a transaction), else by transaction.
 */
export function PayPanel({
  intent,
  onIntentDone,
  option,
  options,
  chain,
  merchantName,
  demo,
  method,
  busy,
  onTransactionSent,
  onAuthorizationSigned,
  onChooseMethod,
  onError,
  onBalances,
}: PayPanelProps) {
  const { t } = useI18n();
  const account = useAccount();
  const { connect, connectors } = useConnect();
  const balances = useWalletBalances(account.isConnected ? account.address : undefined, options);
  const offer = authorizationOffer(option);
  const demoConnector = (kind: DemoWalletKind) =>
    demo ? connectors.find((connector) => connector.id === DEMO_CONNECTOR_IDS[kind]) : undefined;
  const demoConnectors = {
    demo: demoConnector("demo"),
    // Tokens and no gas can pay only by signature: offered where the option takes one.
    demoWithoutGas: offer ? demoConnector("demoWithoutGas") : undefined,
  };
  const payButton = useWalletIntent({
    intent,
    onIntentDone,
    demoConnectors,
    chainId: option.chain_id,
  });

  useEffect(() => {
    onBalances(account.isConnected && balances.data ? balances.data.tokens : null);
  }, [account.isConnected, balances.data, onBalances]);

  if (!account.isConnected) {
    const onDemo = (kind: DemoWalletKind) => {
      const connector = demoConnectors[kind];
      return connector ? () => connect({ connector, chainId: option.chain_id }) : null;
    };
    return (
      <WalletButtons
        connect={
          <ConnectWalletButton className={primaryButton}>{t("wallet.connect")}</ConnectWalletButton>
        }
        onDemo={onDemo("demo")}
        onDemoWithoutGas={onDemo("demoWithoutGas")}
      />
    );
  }
  if (offer && method === "signature") {
    return (
      <PayWithSignature
        option={option}
        offer={offer}
        chain={chain}
        merchantName={merchantName}
        balances={balances.data}
        busy={busy}
        payButton={payButton}
        onAuthorizationSigned={onAuthorizationSigned}
        onError={onError}
        onChooseMethod={onChooseMethod}
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
      onUseSignature={offer ? () => onChooseMethod("signature") : null}
    />
  );
}
