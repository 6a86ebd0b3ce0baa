// One decision: a user with a live subscription
// manages it in the portal; anyone else goes to Checkout for the chosen price.
import { AppError } from "@/lib/http/app-error";
import { billingState, needsPortal } from "./billing-state";
import { plans } from "./catalog";
import { createCheckout } from "./checkout";
import { createPortal } from "./portal";

export async function resolveBillingUrl(
  userId: string,
  priceId?: string,
): Promise<{ kind: "checkout" | "portal"; url: string }> {
  const state = await billingState(userId);
  if (!state) throw new AppError("not_found:billing", "Account not found.");
  if (needsPortal(state)) return { kind: "portal", url: await createPortal(userId) };
  const price = priceId ?? plans()[0]?.prices[0]?.id;
  if (!price) throw new AppError("internal:billing", "No plans are configured.");
  return { kind: "checkout", url: await createCheckout(userId, price) };
}
