import { Webhook } from "standardwebhooks";

export type SigningSecrets = { current: string; previous: string | null };

/**
 * The Standard Webhooks headers for one attempt: webhook-id is the event id (stable across
 * retries, so receivers can drop duplicates), webhook-timestamp the attempt's time, and
 * webhook-signature one `v1,<base64>` per secret, space-separated, while a rotated-out secret
 * still signs.
 */
export function signWebhook(
  secrets: SigningSecrets,
  messageId: string,
  timestamp: Date,
  body: string,
): Record<string, string> {
  const signatures = [secrets.current, ...(secrets.previous ? [secrets.previous] : [])].map(
    (secret) => new Webhook(secret).sign(messageId, timestamp, body),
  );
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}
