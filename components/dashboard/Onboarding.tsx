"use client";

import { useState } from "react";
import { AddressInput } from "./AddressInput";
import { AddressText } from "./AddressText";
import { DashboardApiError, dashboardFetch } from "./api";
import { signOut } from "./DashboardWallet";

/** A signed-in wallet with no merchant yet creates one, paid to itself unless it says otherwise. */
export function Onboarding({ address }: { address: string }) {
  const [name, setName] = useState("");
  const [settlement, setSettlement] = useState(address);
  const [error, setError] = useState<DashboardApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-6 py-12">
      <form
        className="rounded-2xl bg-white p-8 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await dashboardFetch("/api/dashboard/merchants", {
              body: { name, settlement_address: settlement },
            });
            window.location.assign("/dashboard");
          } catch (caught) {
            setError(
              caught instanceof DashboardApiError
                ? caught
                : new DashboardApiError(String(caught), null, 0),
            );
            setBusy(false);
          }
        }}
      >
        <h1 className="text-2xl font-semibold tracking-tight">Create your store</h1>
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
          Signed in as <AddressText address={address} />.
        </p>
        <label className="mt-6 block text-sm font-medium" htmlFor="merchant-name">
          Store name
        </label>
        <input
          id="merchant-name"
          required
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={error?.param === "name"}
          className="mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
        />
        <label className="mt-4 block text-sm font-medium" htmlFor="settlement-address">
          Settlement address (where payments go)
        </label>
        <AddressInput
          id="settlement-address"
          required
          value={settlement}
          onValueChange={setSettlement}
          aria-invalid={error?.param === "settlement_address"}
          className="mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-xs dark:border-slate-700 dark:bg-slate-950"
        />
        {error && (
          <p role="alert" className="mt-4 text-sm text-red-700 dark:text-red-300">
            {error.message}
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
          <button
            type="submit"
            disabled={busy}
            className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
          >
            Create store
          </button>
        </div>
      </form>
    </main>
  );
}
