import { z } from "zod";

/** Field shapes the API's answers share, for the response schemas of every resource. */

export const address = z
  .templateLiteral(["0x", z.string().regex(/^[0-9a-fA-F]{40}$/)])
  .meta({ description: "An EVM address." });

export const hex = z.templateLiteral(["0x", z.string().regex(/^[0-9a-fA-F]*$/)]);

export const baseUnits = z.string().regex(/^\d+$/).meta({
  description: "Token base units as a decimal string (6 decimals for USDC: 12.50 is 12500000).",
});

export const decimal = z
  .string()
  .regex(/^\d+\.\d+$/)
  .meta({ description: 'A decimal string such as "12.50".' });

export const timestamp = z.iso.datetime().meta({ description: "ISO 8601 time, UTC." });

export function listSchema<Item extends z.ZodType>(item: Item, id: string) {
  return z.object({ object: z.literal("list"), data: z.array(item), has_more: z.boolean() }).meta({
    id,
    description: "A page, newest first; pass the last id as starting_after for the next.",
  });
}

/** A 0x string read back from the database, which stores only what was checked on the way in. */
export function asHex(value: string): `0x${string}` {
  return value as `0x${string}`;
}
