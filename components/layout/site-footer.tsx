import { servicesStatus } from "@/lib/config/services";

// Says plainly which outside services are real and which are local stand-ins.
export function SiteFooter() {
  const services = servicesStatus();
  return (
    <footer className="border-t border-slate-200 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-400">
      <div
        className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3"
        data-testid="services-status"
      >
        <span className="font-medium">Services:</span>
        {services.map((s) => (
          <span key={s.name} data-service={s.name} data-mode={s.mode}>
            {s.name}:{" "}
            <span
              className={
                s.mode === "local"
                  ? "font-medium text-amber-700 dark:text-amber-400"
                  : "text-emerald-700 dark:text-emerald-400"
              }
            >
              {s.mode === "local" ? `local stand-in (${s.detail})` : s.detail}
            </span>
          </span>
        ))}
      </div>
    </footer>
  );
}
