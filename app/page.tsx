import { getConfig } from "@/lib/config/config";
import { startDemoPayment } from "./actions";

export const dynamic = "force-dynamic";

export default function Home() {
  const local = getConfig().localChain !== null;
  return (
    <main className="mx-auto flex min-h-dvh max-w-2xl flex-col justify-center px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wider text-indigo-600 dark:text-indigo-400">
        Stablecoin checkout
      </p>
      <h1 className="mt-3 text-4xl font-semibold tracking-tight sm:text-5xl">
        Get paid in stablecoins, straight to your own wallet.
      </h1>
      <p className="mt-5 text-lg text-slate-600 dark:text-slate-300">
        Your invoice becomes a payment request. The shopper pays it from their browser wallet in
        USDC or USDT, directly to your address; the server checks the transfer on-chain and marks
        the order paid. No card network, no custody, no fee beyond gas.
      </p>
      {local ? (
        <div className="mt-8 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
          <h2 className="text-lg font-semibold">Try it on the local chain</h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
            This server runs its own test chain with test USDC and USDT. Create an invoice of the
            Demo Store and pay it from a browser wallet connected to{" "}
            <code className="font-mono">http://127.0.0.1:8545</code> (chain id 31337) with one of
            the funded dev accounts, or with the built-in demo wallet. The{" "}
            <a href="/examples/store" className="font-medium underline underline-offset-2">
              example store
            </a>{" "}
            embeds the checkout in a merchant&apos;s page.
          </p>
          <form action={startDemoPayment} className="mt-4">
            <button
              type="submit"
              className="rounded-xl bg-indigo-600 px-5 py-3 text-base font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              Create a demo invoice
            </button>
          </form>
        </div>
      ) : null}
      <p className="mt-8 text-sm text-slate-500 dark:text-slate-400">
        Merchants create invoices with <code className="font-mono">POST /api/v1/invoices</code>; see
        the README for the API.
      </p>
    </main>
  );
}
