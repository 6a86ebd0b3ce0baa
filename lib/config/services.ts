// Which outside services are real and which are the project's local stand-ins.
// The UI shows this plainly; the same switch picks the client configuration.
// Gemini's answer is the client's own (usingEmulator): with GEMINI_BACKEND=vertex
// there is no API key, and Vertex AI is real unless GEMINI_BASE_URL points elsewhere.
import { backendName, usingEmulator } from "@/lib/ai/gemini-client";
import { env } from "./env";

export type ServiceMode = "real" | "local";

export interface ServiceStatus {
  name: string;
  mode: ServiceMode;
  detail: string;
}

export function servicesStatus(): ServiceStatus[] {
  const e = env();
  return [
    {
      name: "Database",
      mode: e.DATABASE_EMBEDDED === "1" ? "local" : "real",
      detail: e.DATABASE_EMBEDDED === "1" ? "embedded PostgreSQL" : "PostgreSQL",
    },
    {
      name: "Gemini",
      mode: usingEmulator() ? "local" : "real",
      detail: usingEmulator() ? "offline Gemini emulator" : backendName(),
    },
    {
      name: "Stripe",
      mode: e.STRIPE_SECRET_KEY ? "real" : "local",
      detail: e.STRIPE_SECRET_KEY ? "Stripe API" : "Stripe emulator (no real money)",
    },
    {
      name: "Email",
      mode: e.SMTP_URL ? "real" : "local",
      detail: e.SMTP_URL ? "SMTP" : "local mailbox",
    },
  ];
}
