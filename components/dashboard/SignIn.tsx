"use client";

import { ConnectButton } from "@rainbow-me/rainbowkit";

/** The only thing the dashboard shows without a session. */
export function SignIn({ demo }: { demo: boolean }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-6 py-12">
      <div className="rounded-2xl bg-white p-8 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800">
        <h1 className="text-2xl font-semibold tracking-tight">Merchant dashboard</h1>
        <p className="mt-3 text-sm leading-6 text-slate-700 dark:text-slate-300">
          Sign in with your wallet: connect it, then sign a message. Signing costs nothing and sends
          no transaction; it proves the wallet is yours.
        </p>
        <div className="mt-6" data-testid="sign-in">
          <ConnectButton label="Connect wallet to sign in" showBalance={false} />
        </div>
        {demo && (
          <p className="mt-6 text-sm leading-6 text-slate-700 dark:text-slate-300">
            On this local demo, choose <strong>Demo wallet</strong> to sign in as the Demo Store's
            owner without installing anything.
          </p>
        )}
      </div>
    </main>
  );
}
