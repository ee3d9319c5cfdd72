"use client";

import { Button } from "@/components/dashboard/developers/ui";

export function PrintButton() {
  return (
    <Button variant="primary" onClick={() => window.print()}>
      Print
    </Button>
  );
}
