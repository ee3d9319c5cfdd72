/** Says which money the dashboard shows: test money on test chains, or live money. */
export function ModeNote({ livemode }: { livemode: boolean }) {
  return livemode ? null : (
    <span className="rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-500/15 dark:text-amber-200">
      Test mode
    </span>
  );
}
