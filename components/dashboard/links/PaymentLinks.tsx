"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { dashboardFetch } from "@/components/dashboard/api";
import { Badge, formatDate, More } from "@/components/dashboard/developers/ui";
import { Button } from "@/components/ui/Button";
import { Card } from "@/components/ui/Card";
import { CopyButton } from "@/components/ui/CopyButton";
import { ActiveToggle } from "./ActiveToggle";
import { LinkForm } from "./LinkForm";
import { type DashboardPaymentLink, linkAmountText } from "./present";

type LinkList = { data: DashboardPaymentLink[]; has_more: boolean };

/** The merchant's payment links: create one, copy, open, deactivate or reactivate each. */
export function PaymentLinks({ initial }: { initial: LinkList }) {
  const router = useRouter();
  const [links, setLinks] = useState(initial.data);
  const [hasMore, setHasMore] = useState(initial.has_more);
  const [creating, setCreating] = useState(initial.data.length === 0);
  const [loadingMore, setLoadingMore] = useState(false);

  const replace = (updated: DashboardPaymentLink) =>
    setLinks((current) => current.map((link) => (link.id === updated.id ? updated : link)));

  return (
    <div className="space-y-6">
      <Card
        title="New payment link"
        description="A reusable link: every shopper who opens it gets a fresh invoice."
        actions={
          !creating && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              New link
            </Button>
          )
        }
      >
        {creating ? (
          <LinkForm
            onSaved={(link) => router.push(`/dashboard/links/${link.id}?created=1`)}
            onCancel={links.length > 0 ? () => setCreating(false) : undefined}
          />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Share a link in a message, print its QR code, or put a Pay button on your site.
          </p>
        )}
      </Card>

      <Card title="Your links">
        {links.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No payment links yet.</p>
        ) : (
          <ul
            className="-mx-4 divide-y divide-slate-200 sm:-mx-6 dark:divide-slate-800"
            data-testid="link-list"
          >
            {links.map((link) => (
              <li
                key={link.id}
                data-testid="link-row"
                data-link-id={link.id}
                className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-center sm:px-6"
              >
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link
                      href={`/dashboard/links/${link.id}`}
                      className="truncate font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
                    >
                      {link.description ?? "Untitled link"}
                    </Link>
                    {link.active ? (
                      <Badge tone="green">Active</Badge>
                    ) : (
                      <Badge tone="slate">Inactive</Badge>
                    )}
                  </div>
                  <p className="mt-1 text-sm text-slate-800 dark:text-slate-200">
                    {linkAmountText(link)}
                  </p>
                  <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                    <span className="font-mono">{link.id}</span> · Created{" "}
                    {formatDate(link.created_at)}
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  <CopyButton
                    value={link.url}
                    context={`to ${link.description ?? link.id}`}
                    look="secondary"
                  >
                    Copy link
                  </CopyButton>
                  <Link
                    href={`/dashboard/links/${link.id}`}
                    className="inline-flex items-center rounded-lg px-2.5 py-1 text-xs font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 dark:text-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800"
                  >
                    Edit &amp; share
                    <More>{link.description ?? link.id}</More>
                  </Link>
                  <ActiveToggle link={link} onChange={replace} />
                </div>
              </li>
            ))}
          </ul>
        )}
        {hasMore && (
          <div className="mt-4">
            <Button
              disabled={loadingMore}
              onClick={async () => {
                setLoadingMore(true);
                try {
                  const last = links[links.length - 1]!;
                  const page = await dashboardFetch<LinkList>(
                    `/api/dashboard/payment-links?limit=50&starting_after=${encodeURIComponent(last.id)}`,
                  );
                  setLinks((current) => [...current, ...page.data]);
                  setHasMore(page.has_more);
                } finally {
                  setLoadingMore(false);
                }
              }}
            >
              {loadingMore ? "Loading…" : "Show more"}
            </Button>
          </div>
        )}
      </Card>
    </div>
  );
}
