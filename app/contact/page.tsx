import { LegalPage } from "@/components/layout/legal-page";
import { OPERATOR } from "@/lib/site/operator";

export const metadata = { title: "Contact · Gemini Chat" };

export default function ContactPage() {
  return (
    <LegalPage title="Contact">
      <p>
        Questions about your account, a payment or your data: write to <strong>{OPERATOR.email}</strong>. [Expected
        response time.]
      </p>
      <p>
        {OPERATOR.name}
        <br />
        {OPERATOR.address}
      </p>
    </LegalPage>
  );
}
