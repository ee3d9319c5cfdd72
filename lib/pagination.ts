import { z } from "zod";

/** A time as Unix seconds ("1764032400") or ISO 8601 ("2026-11-25T01:00:00Z"). */
export const timestampParam = z
  .string()
  .transform((value, context) => {
    const date = /^\d{1,12}$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
    if (Number.isNaN(date.getTime()) || !/^\d|^\d{4}-/.test(value)) {
      context.addIssue({ code: "custom", message: "must be Unix seconds or an ISO 8601 time" });
      return z.NEVER;
    }
    return date;
  })
  .meta({ description: "Unix seconds or an ISO 8601 time." });

export const limitParam = z
  .string()
  .regex(/^\d+$/, "must be a whole number from 1 to 100")
  .transform(Number)
  .pipe(z.number().int().min(1, "must be at least 1").max(100, "must be at most 100"))
  .optional()
  .meta({ description: "How many to return, 1 to 100; default 20." });

export type ListResponse<Item> = { object: "list"; data: Item[]; has_more: boolean };
