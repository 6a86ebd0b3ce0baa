// The user list for admins: search by email or id, with each user's plan, the
// admin overrides in force, and what they used this UTC month (from the ledger).
import { effectiveRole } from "@/lib/auth/admin-emails";
import { calendarMonthWindow } from "@/lib/budget/windows";
import { query, toInt } from "@/lib/db/sql";
import type { Role, Tier } from "@/lib/db/generated/enums";
import { registeredOnly, userMatches, userPage } from "./statements";

export const USERS_PAGE = 50;
// Deeper than this, search instead (and OFFSET stays a sane number).
const MAX_PAGE = 10_000;

export interface AdminUserRow {
  id: string;
  email: string | null;
  name: string | null;
  role: Role;
  tier: Tier;
  isGuest: boolean;
  tierOverride: Tier | null;
  dailyTokenOverride: number | null;
  monthTokenOverride: number | null;
  createdAt: Date;
  monthTokens: number;
  monthCostMicros: number;
}

export interface UserQuery {
  /** Part of an email, or a whole user id. */
  q?: string;
  /** Registered users only (no guests). */
  registered?: boolean;
  page?: number;
}

export async function listUsers(input: UserQuery, now = new Date()): Promise<{ rows: AdminUserRow[]; more: boolean }> {
  const page = Math.min(MAX_PAGE, Math.max(1, Math.trunc(input.page ?? 1)));
  const q = input.q?.trim();
  // LIKE wildcards in the search are taken literally.
  const like = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const filters = [...(like && q ? [userMatches(like, q)] : []), ...(input.registered ? [registeredOnly] : [])];
  const month = calendarMonthWindow(now).start;
  const rows = await query<{
    id: string;
    email: string | null;
    name: string | null;
    role: Role;
    tier: Tier;
    is_guest: boolean;
    tier_override: Tier | null;
    daily_token_override: string | null;
    month_token_override: string | null;
    created_at: Date;
    tokens: string;
    cost: string;
  }>(userPage(filters, month, USERS_PAGE + 1, (page - 1) * USERS_PAGE));
  const big = (v: string | null) => (v === null ? null : toInt(v));
  return {
    more: rows.length > USERS_PAGE,
    rows: rows.slice(0, USERS_PAGE).map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: effectiveRole(r),
      tier: r.tier,
      isGuest: r.is_guest,
      tierOverride: r.tier_override,
      dailyTokenOverride: big(r.daily_token_override),
      monthTokenOverride: big(r.month_token_override),
      createdAt: r.created_at,
      monthTokens: toInt(r.tokens),
      monthCostMicros: toInt(r.cost),
    })),
  };
}
