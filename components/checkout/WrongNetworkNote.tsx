"use client";

import { useI18n } from "./i18n";
import { warningNote } from "./styles";

/** The wallet is on another network than the option's: say so, with a button to switch. */
export function WrongNetworkNote({
  chainName,
  busy,
  onSwitch,
}: {
  chainName: string;
  busy: boolean;
  onSwitch: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className={`${warningNote} flex flex-wrap items-center justify-between gap-2`}>
      <span>{t("wallet.wrongNetwork", { chain: chainName })}</span>
      <button
        type="button"
        className="rounded-md bg-white px-2.5 py-1 text-sm font-medium text-amber-950 ring-1 ring-amber-300 hover:bg-amber-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:bg-transparent dark:text-amber-100 dark:ring-amber-400/40"
        onClick={onSwitch}
        disabled={busy}
      >
        {t("wallet.switchTo", { chain: chainName })}
      </button>
    </div>
  );
}
