import { CopyButton } from "@/components/ui/CopyButton";
import type { ChainRelayer } from "@/lib/dashboard/relayers";
import { AddressText } from "../AddressText";
import { utcTime } from "../invoices/format";
import { gasAmount } from "./gasAmount";
import { RelayerWarning } from "./RelayerWarning";

const TERM = "text-xs text-slate-600 dark:text-slate-400";

/** One chain's relayer: where to send gas money, what it holds, and what it has not got mined. */
export function RelayerCard({ chain }: { chain: ChainRelayer }) {
  const { relayer } = chain;
  return (
    <li
      className="min-w-0 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      data-testid={`relayer-${chain.chainId}`}
    >
      <h3 className="text-sm font-semibold">{chain.chainName}</h3>
      {relayer ? (
        <>
          <dl className="mt-2 space-y-2 text-sm">
            <div>
              <dt className={TERM}>Relayer address</dt>
              <dd className="mt-0.5 flex flex-wrap items-center gap-2">
                <AddressText address={relayer.address} className="text-xs" />
                <CopyButton
                  value={relayer.address}
                  context={`relayer address on ${chain.chainName}`}
                />
              </dd>
            </div>
            <div>
              <dt className={TERM}>Balance</dt>
              <dd className="tabular-nums" data-testid="relayer-balance">
                {relayer.balance === null
                  ? "Unknown (the chain could not be read)"
                  : gasAmount(relayer.balance, relayer.gas_token)}
              </dd>
            </div>
            <div>
              <dt className={TERM}>Pending transactions</dt>
              <dd data-testid="relayer-pending">
                {relayer.pending === 0
                  ? "None"
                  : `${relayer.pending}${relayer.oldest_pending_at ? `, the oldest since ${utcTime(relayer.oldest_pending_at)}` : ""}`}
              </dd>
            </div>
            <div>
              <dt className={TERM}>x402 settlements, 24 h</dt>
              <dd className="tabular-nums" data-testid="relayer-x402">
                {relayer.x402.settled_24h + relayer.x402.failed_24h + relayer.x402.pending === 0
                  ? "None"
                  : `${relayer.x402.settled_24h} settled${relayer.x402.failed_24h > 0 ? `, ${relayer.x402.failed_24h} failed` : ""}${relayer.x402.pending > 0 ? `, ${relayer.x402.pending} pending` : ""}`}
              </dd>
            </div>
          </dl>
          <RelayerWarning relayer={relayer} />
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          No relayer: gasless payment is not offered on this chain. Set RELAYER_PRIVATE_KEY_
          {chain.chainId} (or RELAYER_PRIVATE_KEY) to turn it on.
        </p>
      )}
    </li>
  );
}
