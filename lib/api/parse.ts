import type { z } from "zod";
import { fromZodError } from "./errors";

/** Validates input against a schema; the first problem becomes a 400 that names the field. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  // reportInput lets the error tell a missing field from a wrong one.
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw fromZodError(result.error);
  return result.data;
}
