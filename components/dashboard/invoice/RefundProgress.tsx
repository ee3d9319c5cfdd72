import type { RefundStep } from "./useRefund";

/** Where the refund is (announced as it moves), or why it stopped. */
export function RefundProgress({
  step,
  chainName,
  errorId,
}: {
  step: RefundStep;
  chainName: string;
  errorId: string;
}) {
  return (
    <>
      <div aria-live="polite" className="text-sm">
        {step.status === "switching" && <p>Switching the wallet to {chainName}…</p>}
        {step.status === "signing" && <p>Confirm the transfer in your wallet…</p>}
        {step.status === "mining" && <p>Waiting for the transaction to be mined…</p>}
        {step.status === "recording" && <p>Verifying the transfer on-chain…</p>}
        {step.status === "done" && (
          <p className="font-medium text-emerald-800 dark:text-emerald-300" role="status">
            {step.text}
          </p>
        )}
      </div>
      {step.status === "error" && (
        <p id={errorId} role="alert" className="text-sm text-red-700 dark:text-red-300">
          {step.text}
        </p>
      )}
    </>
  );
}
