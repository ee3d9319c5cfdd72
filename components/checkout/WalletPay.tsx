"use client";

import "@rainbow-me/rainbowkit/styles.css";
import { RainbowKitProvider } from "@rainbow-me/rainbowkit";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { WagmiProvider } from "wagmi";
import { useI18n } from "./i18n";
import { PayPanel, type PayPanelProps } from "./PayPanel";
import { createWalletConfig } from "./walletConfig";
import { THEME, useDecorativeWalletIcons } from "./walletTheme";

const RAINBOWKIT_LOCALES = { en: "en-US", "zh-CN": "zh-CN", es: "es-419", ja: "ja-JP" } as const;

/** RainbowKit + wagmi, loaded after first paint: connect, check balances, switch network, pay. */
export default function WalletPay(props: PayPanelProps) {
  const config = useMemo(
    () => createWalletConfig(props.chains, props.demo),
    [props.chains, props.demo],
  );
  const [queryClient] = useState(() => new QueryClient());
  const { locale } = useI18n();
  useDecorativeWalletIcons();
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <RainbowKitProvider
          theme={THEME}
          initialChain={props.chain.id}
          locale={RAINBOWKIT_LOCALES[locale]}
        >
          <PayPanel {...props} />
        </RainbowKitProvider>
      </QueryClientProvider>
    </WagmiProvider>
  );
}
