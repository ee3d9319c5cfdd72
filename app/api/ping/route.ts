/** Liveness: answers without touching the database or a chain (and is the benchmarks' ceiling). */
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}
