import type { SignupPolicy } from "../config/config";
import { DomainError } from "../errors";

/**
 * On a closed deployment (SIGNUP=closed, the default on real chains) nobody creates a merchant by
 * signing in: the operator creates it with its owner wallet (`npm run merchant -- create --owner`),
 * and others join as members an owner adds.
 */
export function requireOpenSignup(policy: SignupPolicy): void {
  if (policy !== "open") {
    throw new DomainError(
      "signup_closed",
      "This deployment does not take new merchants: ask its operator, or an owner of a store here, to add your wallet.",
    );
  }
}
