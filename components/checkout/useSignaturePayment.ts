"use client";

import { useState } from "react";
import { useAccount, useSignTypedData } from "wagmi";
import type { CheckoutChain } from "@/lib/checkout/view";
import type { PaymentOption } from "@/lib/invoices/paymentOptions";
import type { PayMethod } from "./checkoutState";
import type { SignedAuthorization } from "./postAuthorization";
import { type TransferAuthorizationOffer, typedDataToSign } from "./transferAuthorization";
import { useNetworkSwitch } from "./useNetworkSwitch";
import { type WalletErrorMessage, walletErrorMessage } from "./walletErrors";

/** What the wallet is asked for now: nothing, a network switch, or the authorization's signature. */
export type SignatureStep = { status: "idle" } | { status: "switching" } | { status: "signing" };

/**
 * Pays `option` by signature: the wallet (switched to the option's network first, as wallets
 * sign typed data only for the chain they are on) signs the offered transfer authorization,
 * which goes to the server to relay. A wallet that cannot sign typed data turns the page to a
 * transaction.
 */
export function useSignaturePayment({
  option,
  offer,
  chain,
  onAuthorizationSigned,
  onError,
  onChooseMethod,
}: {
  option: PaymentOption;
  offer: TransferAuthorizationOffer;
  chain: CheckoutChain;
  onAuthorizationSigned: (signed: SignedAuthorization) => void;
  onError: (message: WalletErrorMessage | null) => void;
  onChooseMethod: (method: PayMethod) => void;
}) {
  const account = useAccount();
  const { signTypedDataAsync } = useSignTypedData();
  const { wrongNetwork, switching, switchNetwork } = useNetworkSwitch({ chain, onError });
  const [signing, setSigning] = useState(false);
  const step: SignatureStep = switching
    ? { status: "switching" }
    : signing
      ? { status: "signing" }
      : { status: "idle" };

  async function sign() {
    const from = account.address;
    if (!from) return;
    onError(null);
    if (wrongNetwork && !(await switchNetwork())) return;
    setSigning(true);
    try {
      const signature = await signTypedDataAsync({
        account: from,
        ...typedDataToSign(offer, from),
      });
      setSigning(false);
      onAuthorizationSigned({
        chainId: option.chain_id,
        token: option.token.address,
        from,
        to: offer.to,
        value: offer.value,
        validAfter: offer.validAfter,
        validBefore: offer.validBefore,
        nonce: offer.nonce,
        signature,
      });
    } catch (error) {
      setSigning(false);
      const message = walletErrorMessage(error, "sign", chain.name);
      if (message.key === "wallet.error.signUnsupported") onChooseMethod("transaction");
      onError(message);
    }
  }

  return { step, wrongNetwork, switchNetwork, sign };
}
