/**
 * The headers every answer carries, as a payments site is expected to send them:
 * - `X-Content-Type-Options: nosniff`: a response is only ever read as the type it says;
 * - `Referrer-Policy: strict-origin-when-cross-origin`: other sites learn the origin only, never
 *   an invoice's path;
 * - `Permissions-Policy`: no camera, microphone, geolocation, USB, serial, HID or payment handler
 *   for any page (the wallet is an extension or a WalletConnect session, not a browser feature);
 * - `Strict-Transport-Security` when the app is served over https (PUBLIC_URL), two years;
 * - framing: the checkout and payment-link pages may be framed by the app and the merchant's
 *   allowed origins (their Content-Security-Policy is set per merchant); every other page, the
 *   dashboard above all, by nobody (`frame-ancestors 'none'` and `X-Frame-Options: DENY`).
 */
export function securityHeaders(options: {
  https: boolean;
  /** The checkout's frame-ancestors directive, for /pay and /l pages; null for any other path. */
  checkoutFrameAncestors: string | null;
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
  if (options.checkoutFrameAncestors === null) {
    headers["content-security-policy"] = "frame-ancestors 'none'";
    headers["x-frame-options"] = "DENY";
  } else {
    headers["content-security-policy"] = options.checkoutFrameAncestors;
  }
  return headers;
}

/** The checkout pages whose framing the merchant decides: /pay/{id} and /l/{id}. */
export function isCheckoutPath(pathname: string): boolean {
  return /^\/(pay|l)\/[^/]+\/?$/.test(pathname);
}
