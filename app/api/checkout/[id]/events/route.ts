import { errorResponse } from "@/lib/api/errors";
import { clientAddressOf, limitClientAddress } from "@/lib/api/limits";
import { otherMethods } from "@/lib/api/methods";
import { newRequestId } from "@/lib/api/route";
import { isStorableText } from "@/lib/api/text";
import { getPaymentChains } from "@/lib/chains/registry";
import { formatServerSentEvent, runInvoiceStream } from "@/lib/checkout/invoiceStream";
import {
  closeStreamSlot,
  onInvoiceSignal,
  openStreamSlot,
  readInvoiceVersion,
} from "@/lib/checkout/liveUpdates";
import { isSettled } from "@/lib/checkout/settled";
import { checkoutView } from "@/lib/checkout/view";
import { getDb } from "@/lib/db/client";
import { DomainError } from "@/lib/errors";
import { findInvoice } from "@/lib/invoices/queries";
import { describeFailure } from "@/lib/logSafe";

export const dynamic = "force-dynamic";

function refuse(error: DomainError, requestId: string): Response {
  const response = errorResponse(error, requestId);
  response.headers.set("x-request-id", requestId);
  response.headers.set("cache-control", "no-store");
  return response;
}

/** Server-sent events: the invoice as the checkout sees it, each time it changes. */
export async function GET(
  request: Request,
  context: { params: Promise<{ id: string }> },
): Promise<Response> {
  const requestId = newRequestId();
  const address = clientAddressOf(request);
  try {
    limitClientAddress(request);
  } catch (error) {
    if (error instanceof DomainError) return refuse(error, requestId);
    throw error;
  }
  const [{ id }, db] = await Promise.all([context.params, getDb()]);
  if (!isStorableText(id) || (await readInvoiceVersion(db, id)) === null) {
    return refuse(new DomainError("resource_not_found", "No such invoice.", "id"), requestId);
  }
  if (!openStreamSlot(address)) {
    const error = new DomainError(
      "rate_limited",
      "Too many open checkout streams from your address; close a tab or retry later.",
      null,
      5,
    );
    return refuse(error, requestId);
  }

  const encoder = new TextEncoder();
  let closed = false;
  let wake: (() => void) | null = null;
  const stopSignal = onInvoiceSignal(id, () => wake?.());
  const finish = () => {
    if (closed) return;
    closed = true;
    stopSignal();
    closeStreamSlot(address);
    wake?.();
  };
  request.signal.addEventListener("abort", finish);

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // Reconnect after a second when the stream ends early (a restart, a proxy timeout).
      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      void runInvoiceStream({
        readVersion: () => readInvoiceVersion(db, id),
        readInvoice: async () => {
          const invoice = await findInvoice(db, id);
          return invoice ? checkoutView(db, invoice, getPaymentChains()) : null;
        },
        isSettled,
        send: (event) => {
          if (!closed) controller.enqueue(encoder.encode(formatServerSentEvent(event)));
        },
        wait: (ms) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(done, ms);
            function done() {
              clearTimeout(timer);
              wake = null;
              resolve();
            }
            wake = done;
          }),
        now: () => Date.now(),
        aborted: () => closed,
      })
        .catch((error: unknown) => {
          // A database hiccup ends this stream; the page reconnects or falls back to polling.
          console.error(`checkout stream for ${id} stopped: ${describeFailure(error)}`);
        })
        .finally(() => {
          // Also keeps the request reachable while the stream runs: a Request passes its
          // caller's abort on only while it is alive (undici holds it weakly), and without this
          // nothing else holds it once GET has answered, so a collected one never frees the slot.
          request.signal.removeEventListener("abort", finish);
          const wasOpen = !closed;
          finish();
          if (wasOpen) controller.close();
        });
    },
    cancel: finish,
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: a compressing proxy (or Next's own gzip) must not buffer the events.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      connection: "keep-alive",
      "x-request-id": requestId,
    },
  });
}

// Other methods get a JSON 405 naming these, not an empty answer.
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
