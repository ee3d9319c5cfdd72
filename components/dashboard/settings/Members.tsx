"use client";

import { useId, useState } from "react";
import { AddressInput } from "../AddressInput";
import { AddressText } from "../AddressText";
import { DashboardApiError, dashboardFetch } from "../api";
import { fieldMessage } from "./settingsDraft";

export type MemberRow = { address: string; role: "owner" | "member"; added_at: string };

const secondaryButton =
  "rounded-lg px-3 py-1.5 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-60 dark:text-slate-200 dark:ring-slate-700 dark:hover:bg-slate-800";

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/**
 * The wallets that may sign in to this store's dashboard. Owners add and remove them and change
 * their roles; removing a wallet ends its sessions at once. The last owner stays (the server refuses, and so does the page).
 */
export function Members({
  initial,
  me,
  canEdit,
}: {
  initial: MemberRow[];
  me: string;
  canEdit: boolean;
}) {
  const formId = useId();
  const [members, setMembers] = useState(initial);
  const [address, setAddress] = useState("");
  const [role, setRole] = useState<"member" | "owner">("member");
  const [problem, setProblem] = useState<{ param: string | null; message: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const owners = members.filter((member) => member.role === "owner").length;

  const refresh = async () => {
    const { data } = await dashboardFetch<{ data: MemberRow[] }>("/api/dashboard/members");
    setMembers(data);
  };

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      setNotice(await action());
    } catch (caught) {
      setProblem(
        caught instanceof DashboardApiError
          ? { param: caught.param, message: caught.message }
          : { param: null, message: "That did not work; try again." },
      );
    } finally {
      setBusy(false);
    }
  };

  const addressError = problem?.param === "address" ? fieldMessage(problem.message) : null;

  return (
    <section
      aria-labelledby={`${formId}-title`}
      className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800"
    >
      <h2 id={`${formId}-title`} className="text-base font-semibold">
        Members
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Wallets that can sign in to this dashboard. Owners change settings and members; members see
        everything but change neither.
      </p>

      <ul className="mt-5 divide-y divide-slate-200 dark:divide-slate-800" aria-label="Members">
        {members.map((member) => {
          const isMe = member.address === me;
          const lastOwner = member.role === "owner" && owners === 1;
          return (
            <li
              key={member.address}
              className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-3"
              data-testid="member"
            >
              <div className="min-w-0">
                <p className="text-sm" title={member.address}>
                  <AddressText address={member.address} />
                </p>
                <p className="mt-1 flex items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
                  <span
                    className={`rounded-full px-2 py-0.5 font-medium ${
                      member.role === "owner"
                        ? "bg-indigo-50 text-indigo-800 dark:bg-indigo-400/15 dark:text-indigo-200"
                        : "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200"
                    }`}
                  >
                    {member.role === "owner" ? "Owner" : "Member"}
                  </span>
                  {isMe && <span>You</span>}
                </p>
              </div>
              {canEdit && confirming !== member.address && (
                <div className="flex flex-wrap gap-2">
                  <button
                    type="button"
                    className={secondaryButton}
                    disabled={busy || lastOwner}
                    title={lastOwner ? "The last owner stays an owner" : undefined}
                    aria-label={`${member.role === "owner" ? "Make member" : "Make owner"} ${short(member.address)}`}
                    onClick={() =>
                      run(async () => {
                        const role = member.role === "owner" ? "member" : "owner";
                        await dashboardFetch(
                          `/api/dashboard/members/${encodeURIComponent(member.address)}`,
                          { method: "PATCH", body: { role } },
                        );
                        // An owner who made itself a member may no longer manage the store.
                        if (isMe) {
                          window.location.reload();
                          return "You are a member now.";
                        }
                        await refresh();
                        return `${short(member.address)} is ${role === "owner" ? "an owner" : "a member"} now.`;
                      })
                    }
                  >
                    {member.role === "owner" ? "Make member" : "Make owner"}
                  </button>
                  <button
                    type="button"
                    className={secondaryButton}
                    disabled={busy || lastOwner}
                    title={lastOwner ? "The last owner cannot be removed" : undefined}
                    aria-label={`Remove ${short(member.address)}`}
                    onClick={() => {
                      setConfirming(member.address);
                      setProblem(null);
                      setNotice(null);
                    }}
                  >
                    Remove
                  </button>
                </div>
              )}
              {canEdit && confirming === member.address && (
                <div className="flex flex-wrap items-center gap-2">
                  <span className="text-sm text-slate-700 dark:text-slate-300">
                    {isMe ? "Remove yourself?" : "Remove this wallet?"}
                  </span>
                  <button
                    type="button"
                    disabled={busy}
                    className="rounded-lg bg-red-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-500 disabled:opacity-60"
                    onClick={() =>
                      run(async () => {
                        await dashboardFetch(
                          `/api/dashboard/members/${encodeURIComponent(member.address)}`,
                          { method: "DELETE" },
                        );
                        setConfirming(null);
                        // Without membership this session ends too: back to the sign-in.
                        if (isMe) {
                          window.location.assign("/dashboard");
                          return "You left this store.";
                        }
                        await refresh();
                        return `${short(member.address)} was removed and can no longer use this store.`;
                      })
                    }
                  >
                    Confirm removal
                  </button>
                  <button
                    type="button"
                    className={secondaryButton}
                    onClick={() => setConfirming(null)}
                  >
                    Cancel
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>

      {canEdit && (
        <form
          className="mt-4 border-t border-slate-200 pt-4 dark:border-slate-800"
          aria-label="Add a member"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void run(async () => {
              const { member } = await dashboardFetch<{ member: MemberRow }>(
                "/api/dashboard/members",
                { body: { address: address.trim(), role } },
              );
              setAddress("");
              await refresh();
              return `${short(member.address)} was added as ${member.role === "owner" ? "an owner" : "a member"}.`;
            });
          }}
        >
          <h3 className="text-sm font-semibold">Add a wallet</h3>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-end">
            <div className="min-w-0 flex-1">
              <label htmlFor={`${formId}-address`} className="block text-sm">
                Wallet address
              </label>
              <AddressInput
                id={`${formId}-address`}
                value={address}
                placeholder="0x…"
                onValueChange={setAddress}
                aria-invalid={Boolean(addressError)}
                aria-describedby={addressError ? `${formId}-address-error` : undefined}
                className="mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm placeholder:text-slate-500 aria-[invalid=true]:border-red-600 dark:border-slate-700 dark:bg-slate-950 dark:placeholder:text-slate-400"
              />
            </div>
            <div>
              <label htmlFor={`${formId}-role`} className="block text-sm">
                Role
              </label>
              <select
                id={`${formId}-role`}
                value={role}
                onChange={(event) => setRole(event.target.value as "member" | "owner")}
                className="mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm sm:w-auto dark:border-slate-700 dark:bg-slate-950"
              >
                <option value="member">Member</option>
                <option value="owner">Owner</option>
              </select>
            </div>
            <button
              type="submit"
              disabled={busy}
              className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-60"
            >
              Add wallet
            </button>
          </div>
          {addressError && (
            <p
              id={`${formId}-address-error`}
              className="mt-1 text-sm text-red-700 dark:text-red-300"
            >
              {addressError}
            </p>
          )}
        </form>
      )}
      <div aria-live="polite">
        {notice && (
          <p role="status" className="mt-3 text-sm text-slate-700 dark:text-slate-300">
            {notice}
          </p>
        )}
      </div>
      {problem && problem.param !== "address" && (
        <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-300">
          {problem.message}
        </p>
      )}
    </section>
  );
}
