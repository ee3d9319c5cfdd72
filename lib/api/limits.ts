import "server-only";
import { type AppConfig, getConfig } from "../config/config";
import { DomainError } from "../errors";
import { CLIENT_ADDRESS_HEADER } from "../server/clientAddress";
import { RateLimiter } from "./rateLimit";

type Limiters = {
  perKey: RateLimiter;
  perAddress: RateLimiter;
  authorizationsPerAddress: RateLimiter;
  authorizationsPerInvoice: RateLimiter;
  x402PerAddress: RateLimiter;
  x402PerKey: RateLimiter;
  authFailuresPerAddress: RateLimiter;
  paymasterPerAddress: RateLimiter;
  sponsorStubsPerInvoice: RateLimiter;
  sponsorSignaturesPerInvoice: RateLimiter;
};
const limitersByConfig = new WeakMap<AppConfig, Limiters>();

function limiters(): Limiters {
  const config = getConfig();
  let found = limitersByConfig.get(config);
  if (!found) {
    found = {
      perKey: new RateLimiter(config.rateLimitPerKey, config.rateLimitPerKey * 2),
      // Shoppers behind one carrier address share it: allow bursts well above one page's polling.
      perAddress: new RateLimiter(config.rateLimitPerAddress, config.rateLimitPerAddress * 6),
      // Each posted authorization may cost RPC reads (a signature check, a simulation): a few a
      // minute is plenty for a shopper, and bounds what a stream of bad ones costs the relayer.
      authorizationsPerAddress: new RateLimiter(
        config.rateLimitPerAddress > 0 ? 10 / 60 : 0,
        config.rateLimitPerAddress > 0 ? 10 : 0,
      ),
      authorizationsPerInvoice: new RateLimiter(
        config.rateLimitPerAddress > 0 ? 5 / 60 : 0,
        config.rateLimitPerAddress > 0 ? 5 : 0,
      ),
      // An x402 payment costs a signature check, a simulation and a relayed transaction's wait:
      // a paying agent makes one a second at most; a stream of bad ones stops here.
      x402PerAddress: new RateLimiter(
        config.rateLimitPerAddress > 0 ? 1 : 0,
        config.rateLimitPerAddress > 0 ? 30 : 0,
      ),
      // A merchant's own resource server settles through its key: more, but still bounded.
      x402PerKey: new RateLimiter(
        config.rateLimitPerKey > 0 ? 10 : 0,
        config.rateLimitPerKey > 0 ? 100 : 0,
      ),
      // Failed authentication (a wrong API key, admin token or sign-in): 20 in a row from one
      // address, then one a minute; every attempt from it is refused meanwhile, good ones too.
      authFailuresPerAddress: new RateLimiter(
        config.rateLimitPerAddress > 0 ? 1 / 60 : 0,
        config.rateLimitPerAddress > 0 ? 20 : 0,
      ),
      // A wallet asks the paymaster twice per user operation (stub data, then data): a shopper
      // needs a few; each refused one costs a database read.
      paymasterPerAddress: new RateLimiter(
        config.rateLimitPerAddress > 0 ? 20 / 60 : 0,
        config.rateLimitPerAddress > 0 ? 20 : 0,
      ),
      // The merchant pays the gas of each sponsored operation: a few per invoice and day, however
      // many addresses ask (a wallet may re-estimate, so stubs get twice the signatures).
      sponsorStubsPerInvoice: new RateLimiter(
        (2 * SPONSORED_OPERATIONS_PER_INVOICE) / 86_400,
        2 * SPONSORED_OPERATIONS_PER_INVOICE,
      ),
      sponsorSignaturesPerInvoice: new RateLimiter(
        SPONSORED_OPERATIONS_PER_INVOICE / 86_400,
        SPONSORED_OPERATIONS_PER_INVOICE,
      ),
    };
    limitersByConfig.set(config, found);
  }
  return found;
}

/** Paymaster signatures (sponsored user operations) an invoice may have a day. */
export const SPONSORED_OPERATIONS_PER_INVOICE = 3;

function tooMany(retryAfterSeconds: number, what: string): DomainError {
  return new DomainError(
    "rate_limited",
    `Too many requests ${what}; retry after ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`,
    null,
    retryAfterSeconds,
  );
}

export function limitApiKey(keyId: string): void {
  const result = limiters().perKey.take(keyId);
  if (!result.allowed) throw tooMany(result.retryAfterSeconds, "with this API key");
}

export function clientAddressOf(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}

export function limitClientAddress(request: Request): void {
  const result = limiters().perAddress.take(clientAddressOf(request));
  if (!result.allowed) throw tooMany(result.retryAfterSeconds, "from your address");
}

/** Signed authorizations (gasless payments) are limited per client address and per invoice. */
export function limitAuthorizations(request: Request, invoiceId: string): void {
  const { authorizationsPerAddress, authorizationsPerInvoice } = limiters();
  const byAddress = authorizationsPerAddress.take(clientAddressOf(request));
  if (!byAddress.allowed) throw tooMany(byAddress.retryAfterSeconds, "from your address");
  const byInvoice = authorizationsPerInvoice.take(invoiceId);
  if (!byInvoice.allowed) throw tooMany(byInvoice.retryAfterSeconds, "for this invoice");
}

/** x402 payments (a PAYMENT-SIGNATURE to settle) are limited per client address. */
export function limitX402Payments(request: Request): void {
  const result = limiters().x402PerAddress.take(clientAddressOf(request));
  if (!result.allowed) throw tooMany(result.retryAfterSeconds, "paying from your address");
}

/** Facilitator verifications and settlements are limited per API key. */
export function limitX402Facilitator(keyId: string): void {
  const result = limiters().x402PerKey.take(keyId);
  if (!result.allowed)
    throw tooMany(result.retryAfterSeconds, "to the facilitator with this API key");
}

/**
 * Runs an authentication, throttled per client address: refused with a 429 while the address has
 * failed too often, and each failure (an error of one of `failures`' codes) counted.
 */
export async function throttledAuthentication<T>(
  request: Request,
  failures: readonly string[],
  authenticate: () => Promise<T> | T,
): Promise<T> {
  const { authFailuresPerAddress } = limiters();
  const address = clientAddressOf(request);
  const blocked = authFailuresPerAddress.peek(address);
  if (!blocked.allowed) {
    throw tooMany(blocked.retryAfterSeconds, "that failed to authenticate from your address");
  }
  try {
    return await authenticate();
  } catch (error) {
    if (error instanceof DomainError && failures.includes(error.code)) {
      authFailuresPerAddress.take(address);
    }
    throw error;
  }
}

/** Requests to the paymaster proxy, per client address (before anything is read). */
export function limitPaymasterRequests(request: Request): void {
  const result = limiters().paymasterPerAddress.take(clientAddressOf(request));
  if (!result.allowed)
    throw tooMany(result.retryAfterSeconds, "to the paymaster from your address");
}

/**
 * The sponsorship budget of an invoice: a user operation that pays it gets paymaster stub data and
 * a paymaster signature a few times a day, not more. Taken only for requests that passed the checks.
 */
export function takeSponsorshipBudget(
  invoiceId: string,
  method: "pm_getPaymasterStubData" | "pm_getPaymasterData",
): void {
  const { sponsorStubsPerInvoice, sponsorSignaturesPerInvoice } = limiters();
  const limiter =
    method === "pm_getPaymasterData" ? sponsorSignaturesPerInvoice : sponsorStubsPerInvoice;
  const result = limiter.take(invoiceId);
  if (!result.allowed) {
    throw new DomainError(
      "sponsorship_refused",
      `This invoice has used its ${SPONSORED_OPERATIONS_PER_INVOICE} sponsored operations for today; pay the gas from the account, or retry after ${result.retryAfterSeconds} seconds.`,
      null,
      result.retryAfterSeconds,
    );
  }
}
