import { otherMethods } from "@/lib/api/methods";
import { json, publicRoute } from "@/lib/api/route";
import { chainHealth } from "@/lib/server/health";

export const GET = publicRoute(async ({ db }) => {
  const health = await chainHealth(db);
  return json(health, health.status === "ok" ? 200 : 503);
});

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
