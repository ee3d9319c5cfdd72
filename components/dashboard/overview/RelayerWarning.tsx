import type { DashboardRelayer } from "@/lib/dashboard/relayers";
import { gasAmount } from "./gasAmount";
import { whyStopped } from "./whyStopped";

/** What needs doing about a relayer: topping it up, or what stops it paying now. */
export function RelayerWarning({ relayer }: { relayer: DashboardRelayer }) {
  const messages: string[] = [];
  if (relayer.low) {
    messages.push(
      `Top up the relayer: below ${gasAmount(relayer.balance_floor, relayer.gas_token)}, gasless payment stops when it cannot pay.`,
    );
  }
  if (!relayer.available) {
    messages.push(`Gasless payment is not offered now: ${whyStopped(relayer)}`);
  }
  if (messages.length === 0) return null;
  return (
    <div
      className="mt-3 space-y-1 rounded-xl bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-amber-300 dark:bg-amber-400/10 dark:text-amber-100 dark:ring-amber-400/40"
      data-testid="relayer-warning"
    >
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
