"use client";

import { ConnectButton } from "@rainbow-me/rainbowkit";
import type { ReactNode } from "react";

/** Opens RainbowKit's wallet list; held until RainbowKit has mounted. */
export function ConnectWalletButton({
  className,
  children,
}: {
  className: string;
  children: ReactNode;
}) {
  return (
    <ConnectButton.Custom>
      {({ openConnectModal, mounted }) => (
        <button type="button" className={className} onClick={openConnectModal} disabled={!mounted}>
          {children}
        </button>
      )}
    </ConnectButton.Custom>
  );
}
