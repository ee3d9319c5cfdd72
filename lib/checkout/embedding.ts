/*
 * Embedding the checkout in a merchant's page: which sites may frame it (the
 * Content-Security-Policy frame-ancestors of /pay and /l pages) and to which origin the frame
 * posts its messages. Pure, so both are unit-tested.
 */

/** A host name of DNS labels (letters, digits, hyphens; IDNs as URL writes them, xn--), or an IP. */
const EXACT_HOST =
  /^(?:\[[0-9a-f:.]+\]|(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)$/;

/** Whether an origin names exactly one site: no wildcard (`https://*`, `https://*.example`). */
export function isExactOrigin(origin: string): boolean {
  return URL.canParse(origin) && EXACT_HOST.test(new URL(origin).hostname);
}

/**
 * "https://shop.example" from an origin or URL; null unless http(s) with nothing after the host
 * and a host naming exactly one site (a wildcard in frame-ancestors would let any site frame it).
 */
export function normalizeOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password) return null;
  if (!EXACT_HOST.test(url.hostname)) return null;
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
