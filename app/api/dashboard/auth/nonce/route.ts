import { otherMethods } from "@/lib/api/methods";
import { json, publicRoute } from "@/lib/api/route";
import { issueNonce } from "@/lib/dashboard/sessions";

export const dynamic = "force-dynamic";

/** A one-time nonce for the Sign-In with Ethereum message (valid 10 minutes). */
export const GET = publicRoute(async ({ db }) => json({ nonce: await issueNonce(db) }));

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
