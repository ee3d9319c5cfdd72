"use client";

import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { CopyButton } from "@/components/ui/CopyButton";
import { AddressText } from "./AddressText";
import { DashboardApiError, dashboardFetch } from "./api";
import { signOut } from "./DashboardWallet";

type SessionView = { memberships: { merchant_id: string }[] };

/**
 * What a signed-in wallet with no store sees where sign-up is closed (SIGNUP=closed): the address
 * to be invited, to copy, instead of the create-store form. Once a store has added it, "Check
 * again" opens that store without signing in anew.
 */
export function SignupClosed({ address }: { address: string }) {
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center px-6 py-12">
      <section
        aria-labelledby="signup-closed-title"
        className="rounded-2xl bg-white p-8 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
      >
        <h1 id="signup-closed-title" className="text-2xl font-semibold tracking-tight">
          No store for this wallet
        </h1>
        <p className="mt-3 text-sm text-slate-700 dark:text-slate-300">
          This deployment does not take new merchants. To work on a store here, ask its operator, or
          an owner of the store, to add this address as a member:
        </p>
        <div className="mt-4 flex items-center justify-between gap-3 rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-slate-200 dark:bg-slate-950 dark:ring-slate-800">
          <AddressText address={address} className="text-sm" testId="invite-address" />
          <CopyButton value={address} context="address" />
        </div>
        <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
          An owner adds it under Settings, Members. The operator creates a store with its owner
          wallet:{" "}
          <code className="whitespace-nowrap font-mono">
            npm run merchant -- create … --owner {"<address>"}
          </code>
          .
        </p>
        {note && (
          <p role="status" className="mt-4 text-sm text-slate-700 dark:text-slate-300">
            {note}
          </p>
        )}
        <div className="mt-6 flex items-center justify-between gap-3">
          <button
            type="button"
            onClick={() => void signOut()}
            className="text-sm font-medium text-slate-700 underline dark:text-slate-300"
          >
            Sign out
          </button>
          <Button
            variant="primary"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              setNote(null);
              try {
                const session = await dashboardFetch<SessionView>("/api/dashboard/auth/session");
                const [first] = session.memberships;
                if (!first) {
                  setNote("Not added to a store yet.");
                  setBusy(false);
                  return;
                }
                await dashboardFetch("/api/dashboard/session/merchant", {
                  body: { merchant_id: first.merchant_id },
                });
                window.location.assign("/dashboard");
              } catch (caught) {
                setNote(caught instanceof DashboardApiError ? caught.message : String(caught));
                setBusy(false);
              }
            }}
          >
            Check again
          </Button>
        </div>
      </section>
    </main>
  );
}
