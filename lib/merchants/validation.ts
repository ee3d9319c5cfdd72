import { type core, ZodError, type z } from "zod";
import { fromZodError } from "../errors";

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function withApiNames(issue: core.$ZodIssue): core.$ZodIssue {
  const path = issue.path.map((segment) =>
    typeof segment === "string" ? snakeCase(segment) : segment,
  );
  if (issue.code === "unrecognized_keys") {
    return { ...issue, path, keys: issue.keys.map(snakeCase) };
  }
  return { ...issue, path };
}

/**
 * Parses a lib input (camelCase, as TypeScript callers write it); the first problem becomes a 400
 * DomainError whose param is the field's API name (snake_case), as the API and dashboard show it.
 */
export function parseMerchantsInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.output<Schema> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw fromZodError(new ZodError(result.error.issues.map(withApiNames)));
}
