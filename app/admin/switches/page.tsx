// Admin: the operator's switches (strong model, guest chat, new sign-ups).
import { SwitchToggles } from "@/components/admin/switch-toggles";
import { requireAdmin } from "@/lib/admin/access";
import { freshSwitches, SWITCH_KEYS, SWITCH_TTL_MS, SWITCHES } from "@/lib/ops/switches";

export const dynamic = "force-dynamic";

export default async function AdminSwitchesPage() {
  await requireAdmin();
  const rows = SWITCH_KEYS.map((key) => ({ key, label: SWITCHES[key].label, effect: SWITCHES[key].effect }));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Switches</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Each change is audited and reaches every instance within {SWITCH_TTL_MS / 1000} seconds, without a redeploy.
      </p>
      <SwitchToggles rows={rows} initial={await freshSwitches()} />
    </div>
  );
}
