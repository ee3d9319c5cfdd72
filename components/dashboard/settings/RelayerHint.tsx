import type { ChainRelayer } from "@/lib/dashboard/relayers";
import { gasAmount } from "../overview/gasAmount";
import { whyStopped } from "../overview/whyStopped";
import { hintClass } from "./settingsStyles";

/** Who pays what for a gasless payment on one chain, and whether its relayer can pay now. */
export function RelayerHint({ id, chain }: { id: string; chain: ChainRelayer }) {
  const { relayer, gaslessTokens } = chain;
  if (gaslessTokens.length === 0) {
    return (
      <p id={id} className={hintClass}>
        No token on this chain can be paid by signature: shoppers pay from their wallet.
      </p>
    );
  }
  if (!relayer) {
    return (
      <p id={id} className={hintClass}>
        This deployment has no relayer on this chain (RELAYER_PRIVATE_KEY): gasless payment is not
        offered here.
      </p>
    );
  }
  const fee = relayer.fee_per_payment && gasAmount(relayer.fee_per_payment, relayer.gas_token);
  const warning = !relayer.available
    ? `Not offered now: ${whyStopped(relayer)}`
    : relayer.low
      ? `The relayer's balance is low (${gasAmount(relayer.balance ?? "0", relayer.gas_token)}): top it up on the overview.`
      : null;
  return (
    <div id={id} className={hintClass}>
      <p>
        Offered for {gaslessTokens.join(" and ")}. Your relayer pays the network fee
        {fee ? `, about ${fee} a payment now` : ""}; shoppers pay nothing extra. Above the cap,
        shoppers pay from their wallet, gas included.
      </p>
      {warning && (
        <p
          className="mt-1 font-medium text-amber-800 dark:text-amber-300"
          data-testid="relayer-hint-warning"
        >
          {warning}
        </p>
      )}
    </div>
  );
}
