import { buildOpenApiDocument } from "@/lib/api/openapi";
import { getConfig } from "@/lib/config/config";

export function GET(): Response {
  return Response.json(buildOpenApiDocument(getConfig().publicUrl), {
    headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" },
  });
}
