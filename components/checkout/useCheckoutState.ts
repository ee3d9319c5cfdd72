"use client";

import {
  type Dispatch,
  type SetStateAction,
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
} from "react";
import { isAddressEqual } from "viem";
import type { CheckoutInvoice } from "@/lib/checkout/view";
import { authorizationRefusal } from "./authorizationRefusal";
import {
  type CheckoutTab,
  checkoutReducer,
  initialCheckoutState,
  type PayMethod,
  type WalletIntent,
  withRelayedSubmission,
} from "./checkoutState";
import { postAuthorization, type SignedAuthorization } from "./postAuthorization";
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
  refresh,
  onPaid,
}: {
  invoice: CheckoutInvoice;
  setInvoice: Dispatch<SetStateAction<CheckoutInvoice>>;
  /** Reads the invoice again from the server. */
  refresh: () => Promise<void>;
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
      dispatch({ type: "sending", method: "transaction" });
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

  const onAuthorizationSigned = useCallback(
    async (signed: SignedAuthorization) => {
      dispatch({ type: "sending", method: "signature" });
      const outcome = await postAuthorization(invoice.id, signed);
      if (outcome.status === "accepted") {
        setInvoice((current) => withRelayedSubmission(current, signed.chainId, outcome.txHash));
        dispatch({ type: "recorded" });
        return;
      }
      const option = invoice.payment_options.find(
        (candidate) =>
          candidate.chain_id === signed.chainId &&
          isAddressEqual(candidate.token.address, signed.token),
      );
      const chain = invoice.chains.find((candidate) => candidate.id === signed.chainId);
      const refusal = authorizationRefusal(outcome.code, {
        tokenSymbol: option?.token.symbol ?? "",
        gasSymbol: chain?.nativeCurrency.symbol ?? "",
      });
      dispatch({ type: "refused", error: refusal.error, method: refusal.method });
      if (refusal.refresh) await refresh().catch(() => {});
    },
    [invoice.id, invoice.payment_options, invoice.chains, setInvoice, refresh],
  );

  const actions = useMemo(
    () => ({
      chooseOption: (option: number) => dispatch({ type: "chooseOption", option }),
      chooseMethod: (method: PayMethod) => dispatch({ type: "chooseMethod", method }),
      chooseTab: (tab: CheckoutTab) => dispatch({ type: "chooseTab", tab }),
      reachForWallet: (intent: WalletIntent) => dispatch({ type: "reachForWallet", intent }),
      intentDone: () => dispatch({ type: "intentDone" }),
      walletError: (error: WalletErrorMessage | null) => dispatch({ type: "walletError", error }),
      balances: (balances: Record<string, string> | null) =>
        dispatch({ type: "balances", balances }),
    }),
    [],
  );

  return { state, onTransactionSent, onAuthorizationSigned, ...actions };
}
