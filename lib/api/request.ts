import { DomainError } from "../errors";
import { unstorableText, unstorableTextPath } from "./text";

export const MAX_BODY_BYTES = 64 * 1024;

/** A body must have arrived this long after its headers: a client trickling it in is cut off. */
export const BODY_TIMEOUT_MS = 10_000;

/**
 * Reads a JSON object body: 415 for another content type, 413 past 64 KB, 408 when it has not all
 * arrived within BODY_TIMEOUT_MS, 400 for bad JSON or for text that cannot be stored (a NUL
 * character, an unpaired surrogate), naming the field.
 */
export async function readJsonBody(
  request: Request,
  options: { timeoutMs?: number } = {},
): Promise<unknown> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType.trim())) {
    throw new DomainError(
      "unsupported_content_type",
      "Send the body as JSON with Content-Type: application/json.",
    );
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw bodyTooLarge();

  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    const timeoutMs = options.timeoutMs ?? BODY_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), timeoutMs);
      timer.unref?.();
    });
    for (;;) {
      const next = await Promise.race([reader.read(), late]).catch((error: unknown) => {
        clearTimeout(timer);
        throw error;
      });
      if (next === "late") {
        await reader.cancel().catch(() => undefined);
        throw new DomainError(
          "request_timeout",
          `The body did not arrive within ${timeoutMs / 1000} seconds.`,
        );
      }
      const { done, value } = next;
      if (done) {
        clearTimeout(timer);
        break;
      }
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        clearTimeout(timer);
        await reader.cancel();
        throw bodyTooLarge();
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DomainError("invalid_json", "The body is not valid JSON.");
  }
  const unstorable = unstorableTextPath(parsed);
  if (unstorable !== null) throw unstorableText(unstorable);
  return parsed;
}

function bodyTooLarge(): DomainError {
  return new DomainError("body_too_large", `The body must be at most ${MAX_BODY_BYTES} bytes.`);
}
