// Stripe's documented test card numbers, reduced to the outcomes the app can
// observe: paid now, declined now, or accepted now but failing later.
export type CardOutcome =
  { ok: true; failsLater: boolean } | { ok: false; message: string; code: string; declineCode?: string };

export const TEST_CARDS = [
  { number: "4242 4242 4242 4242", effect: "Succeeds" },
  { number: "4000 0000 0000 0002", effect: "Declined (generic_decline)" },
  { number: "4000 0000 0000 9995", effect: "Declined (insufficient_funds)" },
  { number: "4000 0000 0000 0341", effect: "Attaches; later charges fail (a trial starts, renewals fail)" },
] as const;

export function evaluateCard(rawNumber: string, chargeNow: boolean): CardOutcome {
  const number = rawNumber.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
    return { ok: false, message: "Your card number is invalid.", code: "invalid_number" };
  }
  if (number === "4000000000000002") {
    return { ok: false, message: "Your card was declined.", code: "card_declined", declineCode: "generic_decline" };
  }
  if (number === "4000000000009995") {
    return {
      ok: false,
      message: "Your card has insufficient funds.",
      code: "card_declined",
      declineCode: "insufficient_funds",
    };
  }
  if (number === "4000000000000341") {
    // Saving the card works; charging it does not.
    return chargeNow
      ? { ok: false, message: "Your card was declined.", code: "card_declined", declineCode: "generic_decline" }
      : { ok: true, failsLater: true };
  }
  return { ok: true, failsLater: false };
}

function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
