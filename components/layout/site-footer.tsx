import Link from "next/link";
import { servicesStatus } from "@/lib/config/services";

// Links every customer needs; and, only while some outside service is a local
// stand-in (development, a demo), which ones, so nobody mistakes it for the real thing.
export function SiteFooter() {
  const services = servicesStatus();
  const standIns = services.some((s) => s.mode === "local");
  return (
    <footer className="border-t border-slate-200 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-400">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3">
        <nav aria-label="Legal" className="flex gap-4">
          <Link href="/terms" className="hover:underline">
            Terms
          </Link>
          <Link href="/privacy" className="hover:underline">
            Privacy
          </Link>
          <Link href="/contact" className="hover:underline">
            Contact
          </Link>
        </nav>
        {standIns && (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-1" data-testid="services-status">
            <span className="font-medium">Services:</span>
            {services.map((s) => (
              <span key={s.name} data-service={s.name} data-mode={s.mode}>
                {s.name}:{" "}
                <span
                  className={
                    s.mode === "local"
                      ? "font-medium text-amber-800 dark:text-amber-300"
                      : "text-emerald-800 dark:text-emerald-300"
                  }
                >
                  {s.mode === "local" ? `local stand-in (${s.detail})` : s.detail}
                </span>
              </span>
            ))}
          </div>
        )}
      </div>
    </footer>
  );
}
