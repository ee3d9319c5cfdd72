"use client";

import { CopyButton } from "@/components/ui/CopyButton";
import type { CheckoutChain } from "@/lib/checkout/view";
import { explorerTxUrl, shortHash } from "./format";
import { useI18n } from "./i18n";

/**
 * A shortened hash that never breaks across lines: a shorter middle ellipsis on phones, the
 * usual one from `sm` up.
 */
function ShortHash({ hash }: { hash: string }) {
  return (
    <span className="whitespace-nowrap">
      <span className="sm:hidden">{shortHash(hash, 8, 6)}</span>
      <span className="hidden sm:inline">{shortHash(hash)}</span>
    </span>
  );
}

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
        className="font-mono whitespace-nowrap underline underline-offset-2"
        aria-label={t("progress.transaction", { hash })}
      >
        <ShortHash hash={hash} />
      </a>
    );
  }
  return (
    <span className="inline-flex items-center gap-2 whitespace-nowrap">
      <span className="font-mono" title={hash}>
        <ShortHash hash={hash} />
      </span>
      <CopyButton
        value={hash}
        label={`${t("copy.copy")}: ${t("progress.transaction", { hash })}`}
        copied={t("copy.copied")}
      >
        {t("copy.copy")}
      </CopyButton>
    </span>
  );
}
