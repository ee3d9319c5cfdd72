"use client";

import type { RefObject } from "react";
import type { CheckoutChain, CheckoutInvoice } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import type { CheckoutTab } from "./checkoutState";
import type { DemoWallets } from "./demoProvider";
import { useI18n } from "./i18n";
import { ManualTransfer } from "./ManualTransfer";
import { PaymentOptions } from "./PaymentOptions";
import { Tabs } from "./Tabs";
import type { CheckoutControls } from "./useCheckoutState";
import { WalletTab } from "./WalletTab";

const TABS: CheckoutTab[] = ["wallet", "manual"];

/** How the shopper pays: the option, then a wallet or a manual transfer, and what went wrong. */
export function PaymentChoice({
  section,
  hidden,
  invoice,
  option,
  chain,
  demo,
  checkout,
}: {
  section: RefObject<HTMLElement | null>;
  /** Held (kept mounted, so a wallet mid-payment is not torn down) while a hash is waited on. */
  hidden: boolean;
  invoice: CheckoutInvoice;
  option: PaymentOption;
  chain: CheckoutChain;
  demo: DemoWallets | null;
  checkout: CheckoutControls;
}) {
  const { t } = useI18n();
  const { state } = checkout;
  const { payment } = state;
  return (
    <section ref={section} hidden={hidden} className="space-y-4 px-6 pb-6">
      <PaymentOptions
        options={invoice.payment_options}
        chains={invoice.chains}
        selected={state.option}
        onSelect={checkout.chooseOption}
        balances={state.balances}
      />
      <Tabs
        label={t("tabs.label")}
        selected={TABS.indexOf(state.tab)}
        onSelect={(index) => checkout.chooseTab(TABS[index] ?? "wallet")}
        tabs={[
          {
            id: "wallet",
            title: t("tabs.wallet"),
            panel: (
              <WalletTab
                key={invoice.id}
                wallet={state.wallet}
                onReach={checkout.reachForWallet}
                onIntentDone={checkout.intentDone}
                option={option}
                options={invoice.payment_options}
                chain={chain}
                chains={invoice.chains}
                merchantName={invoice.merchant_name}
                demo={demo}
                method={state.method}
                busy={payment.status === "sending"}
                onTransactionSent={checkout.onTransactionSent}
                onAuthorizationSigned={checkout.onAuthorizationSigned}
                onChooseMethod={checkout.chooseMethod}
                onError={checkout.walletError}
                onBalances={checkout.balances}
              />
            ),
          },
          {
            id: "manual",
            title: t("tabs.manual"),
            panel: <ManualTransfer option={option} chain={chain} />,
          },
        ]}
      />
      {payment.status === "failed" && (
        <p
          role="alert"
          className="rounded-lg bg-red-50 px-3 py-2.5 text-sm text-red-900 dark:bg-red-500/10 dark:text-red-100"
        >
          {t(payment.error.key, payment.error.values)}
        </p>
      )}
    </section>
  );
}
