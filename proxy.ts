import { type NextRequest, NextResponse } from "next/server";
import { frameAncestorsDirective } from "@/lib/checkout/embedding";
import { merchantOriginsForCheckoutPath } from "@/lib/checkout/frameOrigins";
import { getConfig } from "@/lib/config/config";
import { getDb } from "@/lib/db/client";
import { isCheckoutPath, securityHeaders } from "@/lib/server/securityHeaders";

/**
 * Every answer gets the security headers (lib/server/securityHeaders.ts). Checkout pages may be
 * framed only by the app itself and the origins their merchant allows (Content-Security-Policy
 * frame-ancestors); every other page by nobody.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const response = NextResponse.next();
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
  const headers = securityHeaders({
    https: getConfig().publicUrl.startsWith("https://"),
    checkoutFrameAncestors,
  });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but Next's own static files (hashed, immutable: nothing there to frame or sniff).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
