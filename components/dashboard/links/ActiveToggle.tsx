"use client";

import { useState } from "react";
import { dashboardFetch } from "@/components/dashboard/api";
import { More } from "@/components/dashboard/developers/ui";
import { Button } from "@/components/ui/Button";
import type { DashboardPaymentLink } from "./present";

/** Deactivates a link (shoppers then see that it is off) or turns it back on. */
export function ActiveToggle({
  link,
  onChange,
  small = true,
}: {
  link: DashboardPaymentLink;
  onChange: (link: DashboardPaymentLink) => void;
  small?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = link.description ?? link.id;
  return (
    <>
      <Button
        small={small}
        variant={link.active ? "danger" : "secondary"}
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            onChange(
              await dashboardFetch<DashboardPaymentLink>(
                `/api/dashboard/payment-links/${link.id}`,
                {
                  body: { active: !link.active },
                },
              ),
            );
          } catch (caught) {
            setError(caught instanceof Error ? caught.message : String(caught));
          } finally {
            setBusy(false);
          }
        }}
      >
        {link.active ? "Deactivate" : "Reactivate"}
        <More>{name}</More>
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </>
  );
}
