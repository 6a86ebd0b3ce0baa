// Admin: users, searchable, with this month's usage and a plan/budget override each.
import Link from "next/link";
import { Table, utc } from "@/components/admin/table";
import { TierOverrideForm } from "@/components/admin/tier-override-form";
import { requireAdmin } from "@/lib/admin/access";
import { formatMicros } from "@/lib/admin/money";
import { listUsers } from "@/lib/admin/users";

export const dynamic = "force-dynamic";

type Search = { q?: string; page?: string; registered?: string };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireAdmin();
  const { q = "", page: pageParam, registered } = await searchParams;
  const page = Math.max(1, Number.parseInt(pageParam ?? "1", 10) || 1);
  const { rows, more } = await listUsers({ q, page, registered: registered === "1" });
  const link = (p: number) =>
    `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), ...(registered === "1" ? { registered: "1" } : {}), page: String(p) })}`;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Users</h1>
      <form className="flex flex-wrap items-center gap-3 text-sm" role="search">
        <input
          name="q"
          defaultValue={q}
          aria-label="Search users"
          placeholder="email or user id"
          className="w-64 rounded border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
        />
        <label className="flex items-center gap-1">
          <input type="checkbox" name="registered" value="1" defaultChecked={registered === "1"} /> registered only
        </label>
        <button type="submit" className="rounded bg-slate-900 px-3 py-1 text-white dark:bg-white dark:text-slate-900">
          Search
        </button>
      </form>
      <Table
        label="Users"
        head={["User", "Plan", "This month", "Joined", "Override (plan, daily, monthly tokens)"]}
        empty={q ? `No user matches “${q}”.` : "No users yet."}
        rows={rows.map((u) => [
          <div key="who">
            <div className="font-medium">{u.email ?? (u.isGuest ? "guest" : "(no email)")}</div>
            <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{u.id}</div>
            {u.role === "admin" && <div className="text-xs text-amber-700 dark:text-amber-400">admin</div>}
          </div>,
          <span key="tier" data-testid={`tier-${u.id}`}>
            {u.tier}
            {u.tierOverride && ` → ${u.tierOverride}`}
          </span>,
          <span key="use">
            {u.monthTokens.toLocaleString("en-US")} tokens
            <br />
            {formatMicros(u.monthCostMicros)}
          </span>,
          utc(u.createdAt),
          <TierOverrideForm
            key="form"
            userId={u.id}
            label={u.email ?? u.id}
            initial={{
              tierOverride: u.tierOverride,
              dailyTokenOverride: u.dailyTokenOverride,
              monthTokenOverride: u.monthTokenOverride,
            }}
          />,
        ])}
      />
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {page > 1 && <Link href={link(page - 1)}>← Newer</Link>}
        {more && <Link href={link(page + 1)}>Older →</Link>}
      </nav>
    </div>
  );
}
