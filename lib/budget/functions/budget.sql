-- The budget functions as PostgreSQL runs them: the source of record for the
-- bodies in prisma/migrations (20261123140000_budget_hot_path, then
-- 20261204140000_budget_broken_limits). A migration
-- cannot carry this text as it is: Prisma's pg adapter splits a migration at
-- every semicolon, even inside a function body, so the migration spells the
-- plpgsql body as an E'' string with each semicolon written \073 and each quote
-- doubled. To change a function, edit it here and put the output of
-- `npx tsx scripts/sql-function-migration.ts lib/budget/functions/budget.sql`
-- (CREATE OR REPLACE; a changed result type needs a DROP FUNCTION before it) in
-- a new migration; tests/integration/budget-functions.test.ts
-- checks the migrated database runs exactly these bodies.
--
-- budget_account_key(): what a budget decision depends on for one user, as one
-- comparable string (tier, overrides, live billing periods). reserve() computes
-- limits and windows from an unlocked read; budget_reserve() refuses ('stale')
-- if this changed before it took the row lock.
CREATE OR REPLACE FUNCTION budget_account_key(p_user TEXT) RETURNS TEXT
LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|', u.tier::text, COALESCE(u.tier_override::text, '-'),
    COALESCE(u.daily_token_override::text, '-'), COALESCE(u.month_token_override::text, '-'),
    COALESCE((SELECT string_agg(s.current_period_start::text || '/' || s.current_period_end::text, ','
        ORDER BY s.current_period_start, s.id)
      FROM subscriptions s
      WHERE s.user_id = u.id AND s.status IN ('active', 'trialing', 'past_due')), '-'))
  FROM users u WHERE u.id = p_user
$$;

-- budget_broken(): the budget rule, in one place. Which limits (day, month, cost)
-- a use breaks: a window's tokens or the month's cost over its limit. NULL limits
-- are unlimited (a comparison with NULL breaks nothing).
CREATE OR REPLACE FUNCTION budget_broken(p_day BIGINT, p_month BIGINT, p_cost BIGINT,
  p_day_limit BIGINT, p_month_limit BIGINT, p_cost_cap BIGINT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_remove(ARRAY[
    CASE WHEN p_day > p_day_limit THEN 'day' END,
    CASE WHEN p_month > p_month_limit THEN 'month' END,
    CASE WHEN p_cost > p_cost_cap THEN 'cost' END], NULL)
$$;

-- budget_reserve(): the reservation in one round trip. Locks the user row
-- (serializing this user's holds across every app instance), checks the account
-- is as the caller read it, marks lapsed holds expired, reads settled use and live
-- holds after the lock, and inserts the hold only if it breaks no limit. A refusal
-- returns the snapshot and the limits broken, with the live holds (`broken`) and
-- on settled use alone (`broken_settled`: empty when only answers in progress are
-- in the way), so the caller explains it without judging the rule again.
CREATE OR REPLACE FUNCTION budget_reserve(
  p_user TEXT, p_account TEXT, p_id TEXT, p_tokens BIGINT, p_cost BIGINT,
  p_day_start TIMESTAMP(3), p_month_start TIMESTAMP(3), p_now TIMESTAMP(3), p_expires TIMESTAMP(3),
  p_day_limit BIGINT, p_month_limit BIGINT, p_cost_cap BIGINT)
RETURNS TABLE (outcome TEXT, day_tokens BIGINT, month_tokens BIGINT, month_cost BIGINT,
  held_tokens BIGINT, held_cost BIGINT, broken TEXT[], broken_settled TEXT[])
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM users WHERE id = p_user FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    outcome := 'no_user';
    RETURN NEXT;
    RETURN;
  END IF;
  IF budget_account_key(p_user) IS DISTINCT FROM p_account THEN
    outcome := 'stale';
    RETURN NEXT;
    RETURN;
  END IF;
  UPDATE budget_reservations SET status = 'expired'
    WHERE user_id = p_user AND status = 'active' AND expires_at <= p_now;
  SELECT COALESCE(SUM(c.tokens_used) FILTER (WHERE c."window" = 'day' AND c.window_start = p_day_start), 0)::bigint,
         COALESCE(SUM(c.tokens_used) FILTER (WHERE c."window" = 'month' AND c.window_start = p_month_start), 0)::bigint,
         COALESCE(SUM(c.cost_micros) FILTER (WHERE c."window" = 'month' AND c.window_start = p_month_start), 0)::bigint
    INTO day_tokens, month_tokens, month_cost
    FROM budget_counters c WHERE c.user_id = p_user AND c.window_start IN (p_day_start, p_month_start);
  SELECT COALESCE(SUM(r.tokens), 0)::bigint, COALESCE(SUM(r.cost_micros), 0)::bigint
    INTO held_tokens, held_cost
    FROM budget_reservations r WHERE r.user_id = p_user AND r.status = 'active' AND r.expires_at > p_now;
  broken := budget_broken(day_tokens + held_tokens + p_tokens, month_tokens + held_tokens + p_tokens,
    month_cost + held_cost + p_cost, p_day_limit, p_month_limit, p_cost_cap);
  IF cardinality(broken) > 0 THEN
    broken_settled := budget_broken(day_tokens + p_tokens, month_tokens + p_tokens, month_cost + p_cost,
      p_day_limit, p_month_limit, p_cost_cap);
    outcome := 'refused';
    RETURN NEXT;
    RETURN;
  END IF;
  INSERT INTO budget_reservations (id, user_id, tokens, cost_micros, status, expires_at, created_at, day_start, month_start)
    VALUES (p_id, p_user, p_tokens, p_cost, 'active', p_expires, p_now, p_day_start, p_month_start);
  outcome := 'reserved';
  RETURN NEXT;
END
$$;
