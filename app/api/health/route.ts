import { json, publicRoute } from "@/lib/api/route";
import { chainHealth } from "@/lib/server/health";

export const GET = publicRoute(async ({ db }) => {
  const health = await chainHealth(db);
  return json(health, health.status === "ok" ? 200 : 503);
});
