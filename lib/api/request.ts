import { DomainError } from "../errors";

export const MAX_BODY_BYTES = 64 * 1024;

/** Reads a JSON object body: 415 for another content type, 413 past 64 KB, 400 for bad JSON. */
export async function readJsonBody(request: Request): Promise<unknown> {
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
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        throw bodyTooLarge();
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("invalid_json", "The body is not valid JSON.");
  }
}

function bodyTooLarge(): DomainError {
  return new DomainError("body_too_large", `The body must be at most ${MAX_BODY_BYTES} bytes.`);
}
