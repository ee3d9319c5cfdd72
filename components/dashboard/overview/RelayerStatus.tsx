import type { ChainRelayer } from "@/lib/dashboard/relayers";
import { RelayerCard } from "./RelayerCard";

/** The deployment's gasless relayers, one card per chain where paying by signature exists. */
export function RelayerStatus({ chains }: { chains: ChainRelayer[] }) {
  const shown = chains.filter((chain) => chain.relayer || chain.gaslessTokens.length > 0);
  if (shown.length === 0) return null;
  return (
    <section aria-labelledby="relayer-status">
      <h2 id="relayer-status" className="text-base font-semibold">
        Gasless relayer
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        It sends shoppers' signed payments and pays their gas from its own balance.
      </p>
      <ul className="mt-3 grid gap-3 md:grid-cols-2">
        {shown.map((chain) => (
          <RelayerCard key={chain.chainId} chain={chain} />
        ))}
      </ul>
    </section>
  );
}
