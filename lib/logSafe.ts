/**
 * One line for the server log saying what failed and where, never what it was given: no query
 * text or parameters (drizzle puts both in its error's message), no body, no key, no secret.
 * Each error of the cause chain is named with its code (for the database, the SQLSTATE) and the
 * constraint, table or column it names; then the first frame it was thrown from. The messages of
 * programming errors (TypeError, ReferenceError) are kept: they name code, not data.
 */
export function describeFailure(error: unknown): string {
  const parts: string[] = [];
  let where: string | null = null;
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (typeof current !== "object") {
      parts.push(typeof current);
      break;
    }
    const fields = current as Record<string, unknown>;
    const name = typeof fields.name === "string" ? fields.name : "Error";
    const code =
      typeof fields.code === "string" || typeof fields.code === "number" ? ` ${fields.code}` : "";
    const named = (["constraint", "table", "column"] as const)
      .filter((key) => typeof fields[key] === "string")
      .map((key) => `${key} ${String(fields[key])}`);
    const message =
      (name === "TypeError" || name === "ReferenceError") && typeof fields.message === "string"
        ? `: ${fields.message.split("\n")[0]!.slice(0, 200)}`
        : "";
    parts.push(`${name}${code}${named.length > 0 ? ` (${named.join(", ")})` : ""}${message}`);
    if (!where && typeof fields.stack === "string") where = firstFrame(fields.stack);
    current = fields.cause;
  }
  return `${parts.join(" <- ")}${where ? ` at ${where}` : ""}`;
}

function firstFrame(stack: string): string | null {
  const line = stack.split("\n").find((candidate) => /^\s+at /.test(candidate));
  return line ? line.trim().slice(3, 240) : null;
}
