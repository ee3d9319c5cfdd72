"use client";

import Script from "next/script";
import { useEffect, useState } from "react";

type Result =
  | { kind: "none" }
  | { kind: "paid"; invoiceId: string; confirmed: boolean }
  | { kind: "closed" };

/**
 * What a merchant writes: a button with data-checkout-link and the embed script. The result comes
 * from the frame's "checkout:paid" message; the page then checks the invoice with the server, as
 * a real store must before it ships.
 */
export function StoreDemo({
  linkId,
  product,
}: {
  linkId: string;
  product: { name: string; amount: string; currency: string };
}) {
  const [result, setResult] = useState<Result>({ kind: "none" });

  useEffect(() => {
    const onPaid = (event: Event) => {
      const { invoice_id: invoiceId } = (event as CustomEvent<{ invoice_id: string }>).detail;
      setResult({ kind: "paid", invoiceId, confirmed: false });
      void fetch(`/api/checkout/${encodeURIComponent(invoiceId)}`)
        .then((response) => response.json())
        .then((invoice: { status?: string }) => {
          if (invoice.status === "paid") setResult({ kind: "paid", invoiceId, confirmed: true });
        });
    };
    const onClosed = () =>
      setResult((previous) => (previous.kind === "paid" ? previous : { kind: "closed" }));
    document.addEventListener("checkout:paid", onPaid);
    document.addEventListener("checkout:closed", onClosed);
    return () => {
      document.removeEventListener("checkout:paid", onPaid);
      document.removeEventListener("checkout:closed", onClosed);
    };
  }, []);

  return (
    <main className="mx-auto flex min-h-dvh max-w-3xl flex-col px-6 py-10">
      <Script src="/embed.js" strategy="afterInteractive" />
      <header className="flex items-center justify-between">
        <p className="text-lg font-semibold tracking-tight">Demo Roasters</p>
        <p className="text-sm text-slate-600 dark:text-slate-400">An example merchant page</p>
      </header>
      <section className="mt-10 grid gap-8 sm:grid-cols-2">
        <div
          aria-hidden
          className="aspect-square rounded-2xl bg-gradient-to-br from-amber-700 via-amber-900 to-stone-900"
        />
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">{product.name}</h1>
          <p className="mt-2 text-2xl">
            ${product.amount} <span className="text-base text-slate-600">{product.currency}</span>
          </p>
          <p className="mt-4 text-slate-700 dark:text-slate-300">
            Washed, notes of panela and red apple. Roasted to order and shipped within two days.
          </p>
          <button
            type="button"
            data-checkout-link={linkId}
            className="mt-6 w-full rounded-xl bg-indigo-600 px-5 py-3.5 text-base font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Buy with stablecoins
          </button>
          <div aria-live="polite" className="mt-4 text-sm" data-testid="store-result">
            {result.kind === "paid" && (
              <p className="rounded-lg bg-emerald-50 px-3 py-2.5 text-emerald-950 dark:bg-emerald-500/10 dark:text-emerald-100">
                {result.confirmed ? "Thank you! Order paid" : "Payment reported, checking"}:{" "}
                <span className="font-mono">{result.invoiceId}</span>
              </p>
            )}
            {result.kind === "closed" && (
              <p className="text-slate-700 dark:text-slate-300">
                Checkout closed without paying. The button opens a fresh one.
              </p>
            )}
          </div>
        </div>
      </section>
      <section className="mt-12 rounded-xl bg-slate-100 p-4 text-sm dark:bg-slate-900">
        <h2 className="font-semibold">The merchant's code</h2>
        <pre className="mt-2 overflow-x-auto font-mono text-xs leading-5">
          {`<script src="${"<checkout host>"}/embed.js" defer></script>
<button data-checkout-link="${linkId}">Buy with stablecoins</button>
<script>
  document.addEventListener("checkout:paid", (event) => {
    // event.detail.invoice_id: confirm it server-side, then fulfil the order
  });
</script>`}
        </pre>
      </section>
    </main>
  );
}
