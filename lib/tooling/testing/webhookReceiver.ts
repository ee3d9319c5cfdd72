import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { Webhook } from "standardwebhooks";

export type ReceivedWebhook = {
  id: string;
  type: string;
  verified: boolean;
  body: string;
  headers: IncomingHttpHeaders;
  status: number;
  at: number;
};

/**
 * A merchant's webhook receiver on loopback, as a merchant would write it: it verifies every
 * request with the standardwebhooks package against the raw body, and answers as told (status
 * codes to answer in turn, then 200; delays to answer after in turn, then `delayMs`, to make
 * requests overlap or outlast the sender's timeout).
 */
export async function startWebhookReceiver(
  options: { secret?: string; answers?: number[]; delayMs?: number; delaysMs?: number[] } = {},
) {
  const received: ReceivedWebhook[] = [];
  const answers = [...(options.answers ?? [])];
  const delays = [...(options.delaysMs ?? [])];
  const inFlight = new Set<string>();
  let overlaps = 0;
  let secret = options.secret ?? null;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const id = String(request.headers["webhook-id"] ?? "");
      // The same message in flight twice at once is what several senders must never do.
      if (inFlight.has(id)) overlaps++;
      inFlight.add(id);
      let verified = false;
      let type = "";
      try {
        if (!secret) throw new Error("no secret yet");
        const payload = new Webhook(secret).verify(
          body,
          request.headers as Record<string, string>,
        ) as {
          type: string;
        };
        verified = true;
        type = payload.type;
      } catch {
        verified = false;
      }
      const delay = delays.shift() ?? options.delayMs;
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      const status = verified ? (answers.shift() ?? 200) : 400;
      received.push({ id, type, verified, body, headers: request.headers, status, at: Date.now() });
      inFlight.delete(id);
      response.writeHead(status, { "content-type": "text/plain" });
      response.end(status < 300 ? "ok" : `failing on purpose (${status})`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    /** Successfully verified and acknowledged deliveries, in arrival order. */
    accepted: () => received.filter((entry) => entry.verified && entry.status < 300),
    overlaps: () => overlaps,
    setSecret(value: string) {
      secret = value;
    },
    answerNext(...statuses: number[]) {
      answers.push(...statuses);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
