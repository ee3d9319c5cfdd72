"use client";

import Link from "next/link";
import { type ReactNode, useState } from "react";
import { Badge, formatDate } from "@/components/dashboard/developers/ui";
import { Card } from "@/components/ui/Card";
import { CopyButton } from "@/components/ui/CopyButton";
import { ActiveToggle } from "./ActiveToggle";
import { LinkForm } from "./LinkForm";
import { type DashboardPaymentLink, embedSnippet, linkAmountText } from "./present";

/** One link: share it (URL, embed snippet, QR code to print), edit it, turn it off or on. */
export function LinkDetail({
  initial,
  publicUrl,
  qr,
  created,
}: {
  initial: DashboardPaymentLink;
  publicUrl: string;
  /** The QR code, rendered on the server. */
  qr: ReactNode;
  created: boolean;
}) {
  const [link, setLink] = useState(initial);
  const [saved, setSaved] = useState(false);
  const snippet = embedSnippet(publicUrl, link.id);
  const name = link.description ?? "Untitled link";

  return (
    <div className="space-y-6">
      <div>
        <Link
          href="/dashboard/links"
          className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
        >
          ← Payment links
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight break-words">{name}</h1>
          {link.active ? <Badge tone="green">Active</Badge> : <Badge tone="slate">Inactive</Badge>}
        </div>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          {linkAmountText(link)} · Created {formatDate(link.created_at)}
        </p>
      </div>

      {created && (
        <p
          role="status"
          className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-400/10 dark:text-emerald-200"
        >
          Your payment link is ready. Copy it and share it, or print its QR code.
        </p>
      )}
      {!link.active && (
        <p className="rounded-lg bg-slate-100 px-3 py-2 text-sm text-slate-800 dark:bg-slate-800 dark:text-slate-200">
          This link is inactive: shoppers who open it are told it is no longer active.
        </p>
      )}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <Card title="Share">
          <div className="space-y-5">
            <div>
              <h3 className="text-sm font-medium text-slate-800 dark:text-slate-200">Link</h3>
              <div className="mt-1 flex flex-col gap-2 sm:flex-row sm:items-center">
                <code
                  data-testid="link-url"
                  className="min-w-0 flex-1 break-all rounded-lg bg-slate-50 px-3 py-2 font-mono text-xs text-slate-900 ring-1 ring-slate-200 dark:bg-slate-950 dark:text-slate-100 dark:ring-slate-800"
                >
                  {link.url}
                </code>
                <div className="flex gap-2">
                  <CopyButton value={link.url} look="secondary" small={false}>
                    Copy link
                  </CopyButton>
                  <a
                    href={link.url}
                    target="_blank"
                    rel="noopener"
                    className="inline-flex items-center rounded-lg px-3.5 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 dark:text-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800"
                  >
                    Open<span className="sr-only"> the link in a new tab</span>
                  </a>
                </div>
              </div>
            </div>
            <div>
              <h3 className="text-sm font-medium text-slate-800 dark:text-slate-200">
                Pay button for your website
              </h3>
              <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                Paste this where the button should appear; it opens the checkout over your page. Add
                your site to the allowed embed origins in Settings.
              </p>
              <pre
                data-testid="embed-snippet"
                // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
                tabIndex={0}
                className="mt-2 overflow-x-auto rounded-lg bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100 dark:bg-slate-950 dark:ring-1 dark:ring-slate-800"
              >
                {snippet}
              </pre>
              <div className="mt-2">
                <CopyButton value={snippet} look="secondary" small={false}>
                  Copy embed snippet
                </CopyButton>
              </div>
            </div>
          </div>
        </Card>
        <Card title="QR code">
          <div className="flex flex-col items-center gap-3">
            {qr}
            <Link
              href={`/dashboard/links/${link.id}/print`}
              className="inline-flex items-center rounded-lg px-3.5 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 dark:text-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800"
            >
              Printable page
            </Link>
          </div>
        </Card>
      </div>

      <Card title="Edit">
        {saved && (
          <p role="status" className="mb-4 text-sm text-emerald-800 dark:text-emerald-300">
            Saved. The next invoice from this link uses the new terms.
          </p>
        )}
        <LinkForm
          key={link.updated_at}
          link={link}
          onSaved={(updated) => {
            setLink(updated);
            setSaved(true);
          }}
        />
      </Card>

      <Card
        title={link.active ? "Deactivate" : "Reactivate"}
        description={
          link.active
            ? "Stops new payments through this link at once; invoices already opened stay payable."
            : "Lets shoppers pay through this link again."
        }
      >
        <div className="flex flex-wrap items-center gap-2">
          <ActiveToggle link={link} onChange={setLink} small={false} />
        </div>
      </Card>
    </div>
  );
}
