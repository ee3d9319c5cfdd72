"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { unseenHint } from "@/lib/checkout/stage";
import type { CheckoutSubmission } from "@/lib/checkout/view";

/**
 * How long a posted hash the node does not know holds the payment options: a wallet's own
 * transaction reaches the node within seconds, a stranger's random hash never does.
 */
export const UNSEEN_GRACE_MS = 15_000;

export type UnseenHint = {
  /** The newest unseen hash the shopper has not set aside; null: nothing to wait on. */
  hint: CheckoutSubmission | null;
  /** The hint has waited its grace: the shopper may now pay another way. */
  graceOver: boolean;
  /** Hashes the shopper chose to pay past. */
  setAside: ReadonlySet<string>;
  /** Sets every unseen hash aside; one posted later holds the options again for its grace. */
  payAnotherWay: () => void;
};

/** The unseen hash the checkout waits on, and whether its grace is over, on a timer. */
export function useUnseenHint(submissions: readonly CheckoutSubmission[]): UnseenHint {
  const [setAside, setSetAside] = useState<ReadonlySet<string>>(() => new Set());
  const [graceOverFor, setGraceOverFor] = useState<string | null>(null);
  // When this page first saw each hash: a browser clock behind the server's cannot stretch the grace.
  const firstSeen = useRef(new Map<string, number>());
  const hint = unseenHint(submissions, setAside);
  const hash = hint?.tx_hash ?? null;
  const postedAt = hint ? Date.parse(hint.created_at) : null;

  useEffect(() => {
    if (hash === null || postedAt === null) return;
    const now = Date.now();
    const seenAt = firstSeen.current.get(hash) ?? now;
    firstSeen.current.set(hash, seenAt);
    const left = Math.min(postedAt, seenAt) + UNSEEN_GRACE_MS - now;
    if (left <= 0) {
      setGraceOverFor(hash);
      return;
    }
    const timer = setTimeout(() => setGraceOverFor(hash), left);
    return () => clearTimeout(timer);
  }, [hash, postedAt]);

  const payAnotherWay = useCallback(() => {
    const unseen = submissions.filter((submission) => submission.status === "unseen");
    setSetAside(
      (before) => new Set([...before, ...unseen.map((submission) => submission.tx_hash)]),
    );
  }, [submissions]);

  return { hint, graceOver: hash !== null && graceOverFor === hash, setAside, payAnotherWay };
}
