/**
 * The headers every answer carries, as a payments site is expected to send them:
 * - `Content-Security-Policy`: on pages, scripts run only when they carry this answer's nonce
 *   (Next puts it on its own scripts; `'strict-dynamic'` extends the trust to the chunks those
 *   load), no plugins, no `<base>` pointing elsewhere, forms post to this origin only; on API
 *   answers (JSON, never rendered) nothing at all may load;
 * - framing: the checkout and payment-link pages may be framed by the app and the merchant's
 *   allowed origins (their `frame-ancestors` is set per merchant); every other page, the
 *   dashboard above all, by nobody (`frame-ancestors 'none'` and `X-Frame-Options: DENY`);
 * - `X-Content-Type-Options: nosniff`: a response is only ever read as the type it says;
 * - `Referrer-Policy: strict-origin-when-cross-origin`: other sites learn the origin only, never
 *   an invoice's path;
 * - `Permissions-Policy`: no camera, microphone, geolocation, USB, serial, HID or payment handler
 *   for any page (the wallet is an extension or a WalletConnect session, not a browser feature);
 * - `Strict-Transport-Security` when the app is served over https (PUBLIC_URL), two years.
 */
export function securityHeaders(options: {
  https: boolean;
  /** The checkout's frame-ancestors directive, for /pay and /l pages; null for any other path. */
  checkoutFrameAncestors: string | null;
  /** This answer's script nonce, for pages; null for API answers and files. */
  nonce: string | null;
  /** `next dev` evaluates its modules with eval; a production build never does. */
  development?: boolean;
}): Record<string, string> {
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy":
      "camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=(), interest-cohort=()",
  };
  if (options.https) {
    headers["strict-transport-security"] = "max-age=63072000; includeSubDomains";
  }
  const framing = options.checkoutFrameAncestors ?? "frame-ancestors 'none'";
  if (options.checkoutFrameAncestors === null) headers["x-frame-options"] = "DENY";
  headers["content-security-policy"] =
    options.nonce === null
      ? `default-src 'none'; ${framing}`
      : [
          `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
          "object-src 'none'",
          "base-uri 'self'",
          "form-action 'self'",
          framing,
        ].join("; ");
  return headers;
}

/** A fresh script nonce: 128 random bits, base64. */
export function scriptNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/** The checkout pages whose framing the merchant decides: /pay/{id} and /l/{id}. */
export function isCheckoutPath(pathname: string): boolean {
  return /^\/(pay|l)\/[^/]+\/?$/.test(pathname);
}

/**
 * Answers that are never rendered as a page: the API (JSON, event streams) and the app's files
 * (icons, the embed script). They get no nonce and a policy that loads nothing.
 */
export function isPagePath(pathname: string): boolean {
  return !/^\/api(\/|$)/.test(pathname) && !/\.[a-z0-9]+$/i.test(pathname);
}
