"use client";

import type { CheckoutChain } from "@/lib/checkout/view";
import { CopyButton } from "./CopyButton";
import { explorerTxUrl, shortHash } from "./format";
import { useI18n } from "./i18n";

/** A transaction hash: a link to the chain's block explorer, or the hash with a copy button. */
export function TxLink({
  chains,
  chainId,
  hash,
}: {
  chains: readonly CheckoutChain[];
  chainId: number;
  hash: string;
}) {
  const { t } = useI18n();
  const chain = chains.find((candidate) => candidate.id === chainId);
  const url = explorerTxUrl(chain?.explorerUrl ?? null, hash);
  if (url) {
    return (
      <a
        href={url}
        target="_blank"
        rel="noreferrer"
        className="font-mono underline underline-offset-2"
        aria-label={t("progress.transaction", { hash })}
      >
        {shortHash(hash)}
      </a>
    );
  }
  return (
    <span className="inline-flex items-center gap-2">
      <span className="font-mono" title={hash}>
        {shortHash(hash)}
      </span>
      <CopyButton
        value={hash}
        label={`${t("copy.copy")}: ${t("progress.transaction", { hash })}`}
      />
    </span>
  );
}
