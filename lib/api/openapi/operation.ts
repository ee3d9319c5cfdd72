import type { z } from "zod";

/** One operation of the API as its resource file declares it; document.ts turns it into OpenAPI. */
export type Operation = {
  tag: string;
  summary: string;
  description?: string;
  /** false: a public endpoint with no API key. */
  auth?: boolean;
  pathParams?: Record<string, string>;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema: z.ZodType }>;
  errors: number[];
  /** Answered as server-sent events: the 200 schema is each `invoice` event's data. */
  stream?: boolean;
};

export type PathOperations = Record<string, Partial<Record<"get" | "post" | "delete", Operation>>>;

/** The description of an `id` path parameter. */
export function id(what: string): Record<string, string> {
  return { id: `The ${what}'s id.` };
}
