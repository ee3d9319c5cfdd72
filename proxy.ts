import { type NextRequest, NextResponse } from "next/server";
import { frameAncestorsDirective } from "@/lib/checkout/embedding";
import { merchantOriginsForCheckoutPath } from "@/lib/checkout/frameOrigins";
import { getDb } from "@/lib/db/client";

/**
 * Checkout pages may be framed only by the app itself and the origins their merchant allows
 * (Content-Security-Policy frame-ancestors).
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const response = NextResponse.next();
  let origins: string[] = [];
  try {
    origins = await merchantOriginsForCheckoutPath(await getDb(), request.nextUrl.pathname);
  } catch {
    // The page itself reports a database problem; the header stays at its strictest.
  }
  response.headers.set("content-security-policy", frameAncestorsDirective(origins));
  return response;
}

export const config = {
  matcher: ["/pay/:id", "/l/:id"],
};
