import { LegalPage } from "@/components/layout/legal-page";
import { OPERATOR } from "@/lib/site/operator";

export const metadata = { title: "Privacy · Gemini Chat" };

export default function PrivacyPage() {
  return (
    <LegalPage title="Privacy">
      <p>{OPERATOR.name} is responsible for the personal data this service keeps.</p>
      <h2 className="text-xl font-semibold">What is kept</h2>
      <p>
        Your email address, your conversations (so you can come back to them), how many tokens each message used, and,
        on a paid plan, the billing records Stripe shares with us. Card details stay with Stripe.
      </p>
      <h2 className="text-xl font-semibold">Who else sees it</h2>
      <p>
        Messages are sent to Google&apos;s Gemini API to be answered. Payments go through Stripe. [Hosting provider,
        retention periods, legal basis.]
      </p>
      <h2 className="text-xl font-semibold">Your choices</h2>
      <p>
        Download everything from your account page, or delete your account there: it removes your conversations, keys
        and settings. For anything else write to {OPERATOR.email}.
      </p>
    </LegalPage>
  );
}
