import type { ReactNode } from "react";

export type LinkCardMerchant = {
  merchantName: string;
  merchantLogoUrl: string | null;
  livemode: boolean;
};

/** The frame of a payment link's page: the checkout's card, with who is paid at its top. */
export function LinkCard({ link, children }: { link: LinkCardMerchant; children: ReactNode }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col px-3 py-4 sm:px-4 sm:py-12">
      <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
        <div className="flex items-center justify-between gap-3">
          <div className="flex min-w-0 items-center gap-2.5">
            {link.merchantLogoUrl && (
              // A merchant's own image (https or data:); a plain img keeps the page free of loaders.
              // biome-ignore lint/performance/noImgElement: see above.
              <img
                src={link.merchantLogoUrl}
                alt=""
                width={32}
                height={32}
                className="size-8 shrink-0 rounded-lg object-contain"
              />
            )}
            <p className="truncate text-sm font-medium text-slate-700 dark:text-slate-300">
              {link.merchantName}
            </p>
          </div>
          {!link.livemode && (
            <span className="shrink-0 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-950 dark:bg-amber-400/15 dark:text-amber-100">
              Test mode
            </span>
          )}
        </div>
        {children}
      </div>
    </main>
  );
}
