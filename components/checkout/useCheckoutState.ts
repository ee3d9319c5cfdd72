"use client";

import { useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import type { CheckoutInvoice } from "@/lib/checkout/view";
import {
  type CheckoutTab,
  checkoutReducer,
  initialCheckoutState,
  type WalletIntent,
} from "./checkoutState";
import { rejectionKey } from "./Stepper";
import { submitTransaction } from "./submitTransaction";
import type { WalletErrorMessage } from "./walletErrors";

/** A wallet this browser connected before: load the wallet code at once to reconnect it. */
function hadWalletBefore(): boolean {
  try {
    return Boolean(window.localStorage.getItem("wagmi.recentConnectorId"));
  } catch {
    return false;
  }
}

export type CheckoutControls = ReturnType<typeof useCheckoutState>;

/**
 * The checkout's lifecycle around the live invoice: the shopper's choices, the wallet, and the
 * payment this page sends, moved by one reducer.
 */
export function useCheckoutState({
  invoice,
  setInvoice,
  onPaid,
}: {
  invoice: CheckoutInvoice;
  setInvoice: (invoice: CheckoutInvoice) => void;
  /** Once, as the invoice turns paid in front of the shopper. */
  onPaid: () => void;
}) {
  const [state, dispatch] = useReducer(checkoutReducer, initialCheckoutState);

  useEffect(() => {
    if (hadWalletBefore()) dispatch({ type: "reconnectWallet" });
  }, []);

  const previousStatus = useRef(invoice.status);
  useEffect(() => {
    if (invoice.status === "paid" && previousStatus.current !== "paid") {
      dispatch({ type: "paid" });
      onPaid();
    }
    previousStatus.current = invoice.status;
  }, [invoice.status, onPaid]);

  const onTransactionSent = useCallback(
    async (chainId: number, txHash: string) => {
      dispatch({ type: "sending" });
      const outcome = await submitTransaction(invoice.id, chainId, txHash);
      if (outcome.status === "accepted") {
        dispatch({ type: "recorded" });
        setInvoice(outcome.invoice);
      } else if (outcome.code === "unreachable" || outcome.code === "too_many_pending_payments") {
        // Not a failed payment: the transaction is on its way and is found once mined.
        dispatch({
          type: "unrecorded",
          submission: {
            chain_id: chainId,
            tx_hash: txHash as `0x${string}`,
            status: "unseen",
            error_code: null,
            created_at: new Date().toISOString(),
          },
          note: outcome.code === "unreachable" ? "progress.unreachable" : "progress.unrecorded",
        });
      } else {
        dispatch({ type: "refused", error: { key: rejectionKey(outcome.code), values: {} } });
      }
    },
    [invoice.id, setInvoice],
  );

  const actions = useMemo(
    () => ({
      chooseOption: (option: number) => dispatch({ type: "chooseOption", option }),
      chooseTab: (tab: CheckoutTab) => dispatch({ type: "chooseTab", tab }),
      reachForWallet: (intent: WalletIntent) => dispatch({ type: "reachForWallet", intent }),
      intentDone: () => dispatch({ type: "intentDone" }),
      walletError: (error: WalletErrorMessage | null) => dispatch({ type: "walletError", error }),
      balances: (balances: Record<string, string> | null) =>
        dispatch({ type: "balances", balances }),
    }),
    [],
  );

  return { state, onTransactionSent, ...actions };
}
