import { CopyButton } from "@/components/ui/CopyButton";
import { explorerTxUrl, shortHash } from "./format";

/** A transaction hash: a link to the chain's explorer, or (local chain) the hash and a copy button. */
export function TxHash({ hash, explorerUrl }: { hash: string; explorerUrl: string | null }) {
  const url = explorerTxUrl(explorerUrl, hash);
  if (url) {
    return (
      <a
        href={url}
        target="_blank"
        rel="noreferrer"
        title={hash}
        className="font-mono text-indigo-700 underline underline-offset-2 dark:text-indigo-300"
      >
        {shortHash(hash)}
        <span className="sr-only"> (transaction {hash}, opens the block explorer)</span>
      </a>
    );
  }
  return (
    <span className="inline-flex items-center gap-2">
      <span className="font-mono" title={hash}>
        {shortHash(hash)}
      </span>
      <CopyButton value={hash} context={`transaction hash ${hash}`} />
    </span>
  );
}
