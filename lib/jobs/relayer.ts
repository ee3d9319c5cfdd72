import "server-only";
import type { PaymentChain } from "../chains/registry";
import type { Database } from "../db/client";
import { relayerAccountFor, relayerState } from "../relayer/relayerState";
import { tendRelayer } from "../relayer/tendRelayer";
import { intervalJob, type Job } from "./job";

/**
 * The relayer's upkeep on each chain it relays on, once a second: pending transactions are
 * recorded when mined, sent again when lost, re-priced when stuck (tendRelayer); and the
 * relayer's balance and the market's fees are read again, so the checkout offers gasless
 * payment only while the relayer can pay.
 */
export function relayerJobs(
  db: Database,
  chains: readonly PaymentChain[],
  options: { everyMs?: number } = {},
): Job[] {
  return chains
    .filter((chain) => relayerAccountFor(chain) !== null)
    .map((chain) =>
      intervalJob({
        name: `Relayer on ${chain.name}`,
        everyMs: options.everyMs ?? 1000,
        run: async () => {
          await relayerState(chain);
          await tendRelayer(db, chain);
        },
      }),
    );
}
