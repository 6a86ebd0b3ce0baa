import { LegalPage } from "@/components/layout/legal-page";
import { OPERATOR } from "@/lib/site/operator";

export const metadata = { title: "Terms of service · Gemini Chat" };

export default function TermsPage() {
  return (
    <LegalPage title="Terms of service">
      <p>
        This service is provided by {OPERATOR.name}, {OPERATOR.address}. By using it you agree to these terms.
      </p>
      <h2 className="text-xl font-semibold">The service</h2>
      <p>
        Answers are written by Google&apos;s Gemini models and can be wrong. Check anything important before relying on
        it. Daily and monthly allowances are listed on the pricing page.
      </p>
      <h2 className="text-xl font-semibold">Plans and payment</h2>
      <p>
        Paid plans renew every month or year until cancelled. Cancel any time from your account; the plan stays until
        the end of the period already paid.
      </p>
      <h2 className="text-xl font-semibold">Acceptable use</h2>
      <p>[What customers may not use the service for.]</p>
      <h2 className="text-xl font-semibold">Governing law</h2>
      <p>These terms are governed by the law of {OPERATOR.jurisdiction}.</p>
    </LegalPage>
  );
}
