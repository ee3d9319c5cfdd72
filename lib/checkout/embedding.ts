/*
 * Embedding the checkout in a merchant's page: which sites may frame it (the
 * Content-Security-Policy frame-ancestors of /pay and /l pages) and to which origin the frame
 * posts its messages. Pure, so both are unit-tested.
 */

/** "https://shop.example" from an origin or URL; null unless http(s) with nothing after the host. */
export function normalizeOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password) return null;
  return url.origin;
}

/**
 * The frame-ancestors directive: the app itself ('self', so its own example store can embed it)
 * plus the merchant's allowed origins. A merchant who lists none cannot be framed elsewhere.
 */
export function frameAncestorsDirective(allowedOrigins: readonly string[]): string {
  const origins = allowedOrigins
    .map(normalizeOrigin)
    .filter((origin): origin is string => origin !== null);
  return ["frame-ancestors", "'self'", ...new Set(origins)].join(" ");
}

/**
 * The origin the embedded checkout posts its messages to: the parent origin the embed script
 * named, only if that origin may frame the page (the app's own or one the merchant allows).
 * Anything else gets no messages at all (and the browser refuses the frame anyway).
 */
export function embedTargetOrigin(
  requested: string | null | undefined,
  selfOrigins: readonly string[],
  allowedOrigins: readonly string[],
): string | null {
  if (!requested) return null;
  const origin = normalizeOrigin(requested);
  if (!origin) return null;
  const allowed = new Set(
    [...selfOrigins, ...allowedOrigins]
      .map(normalizeOrigin)
      .filter((candidate): candidate is string => candidate !== null),
  );
  return allowed.has(origin) ? origin : null;
}

/** The messages the frame posts to its parent. */
export type CheckoutFrameMessage =
  | { type: "checkout:loaded"; invoice_id: string }
  | { type: "checkout:paid"; invoice_id: string; status: string }
  | { type: "checkout:closed"; invoice_id: string };
