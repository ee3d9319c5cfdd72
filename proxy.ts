import { type NextRequest, NextResponse } from "next/server";
import { frameAncestorsDirective } from "@/lib/checkout/embedding";
import { merchantOriginsForCheckoutPath } from "@/lib/checkout/frameOrigins";
import { getConfig } from "@/lib/config/config";
import { getDb } from "@/lib/db/client";
import {
  isCheckoutPath,
  isPagePath,
  scriptNonce,
  securityHeaders,
} from "@/lib/server/securityHeaders";

/**
 * Every answer gets the security headers (lib/server/securityHeaders.ts). Each page gets a fresh
 * script nonce: the Content-Security-Policy goes on the request as well, where Next reads it and
 * puts the nonce on the scripts it renders. Checkout pages may be framed only by the app itself
 * and the origins their merchant allows (frame-ancestors); every other page by nobody.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  let checkoutFrameAncestors: string | null = null;
  if (isCheckoutPath(pathname)) {
    let origins: string[] = [];
    try {
      origins = await merchantOriginsForCheckoutPath(await getDb(), pathname);
    } catch {
      // The page itself reports a database problem; the header stays at its strictest.
    }
    checkoutFrameAncestors = frameAncestorsDirective(origins);
  }
  const nonce = isPagePath(pathname) ? scriptNonce() : null;
  const headers = securityHeaders({
    https: getConfig().publicUrl.startsWith("https://"),
    checkoutFrameAncestors,
    nonce,
    development: process.env.NODE_ENV === "development",
  });
  let response: NextResponse;
  if (nonce === null) {
    response = NextResponse.next();
  } else {
    const forwarded = new Headers(request.headers);
    forwarded.set("x-nonce", nonce);
    forwarded.set("content-security-policy", headers["content-security-policy"]!);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but Next's own static files (hashed, immutable: nothing there to frame or sniff).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
