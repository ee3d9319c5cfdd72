import "server-only";
import { getConfig } from "../config/config";
import { SESSION_LIFETIME_MS } from "./sessions";

/**
 * The session cookie: httpOnly, SameSite=Lax, Path=/, expiring with the session, and Secure with
 * the `__Host-` prefix whenever the app is served over https (PUBLIC_URL). Over plain http (the
 * local demo) browsers would drop a Secure cookie, so it is sent without.
 */
export function sessionCookieName(publicUrl = getConfig().publicUrl): string {
  return isHttps(publicUrl) ? "__Host-checkout_session" : "checkout_session";
}

function isHttps(publicUrl: string): boolean {
  return publicUrl.startsWith("https:");
}

export function sessionCookieHeader(
  token: string,
  expiresAt: Date,
  publicUrl = getConfig().publicUrl,
): string {
  const maxAge = Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000));
  return [
    `${sessionCookieName(publicUrl)}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.min(maxAge, SESSION_LIFETIME_MS / 1000)}`,
    `Expires=${expiresAt.toUTCString()}`,
    ...(isHttps(publicUrl) ? ["Secure"] : []),
  ].join("; ");
}

export function clearedSessionCookieHeader(publicUrl = getConfig().publicUrl): string {
  return [
    `${sessionCookieName(publicUrl)}=`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    "Max-Age=0",
    "Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    ...(isHttps(publicUrl) ? ["Secure"] : []),
  ].join("; ");
}

/** The session token from a Cookie header, or null. */
export function sessionTokenFrom(cookieHeader: string | null, name = sessionCookieName()) {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim() || null;
  }
  return null;
}
