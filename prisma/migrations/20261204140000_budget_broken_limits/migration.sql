-- The budget rule in one function, budget_broken(), and budget_reserve() returning the limits a
-- refused hold breaks (with live holds, and on settled use alone). Its result type changes, so it
-- is dropped first. Servers still running the previous release read the two new columns as extra.
DROP FUNCTION budget_reserve(TEXT, TEXT, TEXT, BIGINT, BIGINT, TIMESTAMP(3), TIMESTAMP(3), TIMESTAMP(3), TIMESTAMP(3), BIGINT, BIGINT, BIGINT);

CREATE OR REPLACE FUNCTION budget_broken(p_day BIGINT, p_month BIGINT, p_cost BIGINT,
  p_day_limit BIGINT, p_month_limit BIGINT, p_cost_cap BIGINT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_remove(ARRAY[
    CASE WHEN p_day > p_day_limit THEN 'day' END,
    CASE WHEN p_month > p_month_limit THEN 'month' END,
    CASE WHEN p_cost > p_cost_cap THEN 'cost' END], NULL)
$$;

CREATE OR REPLACE FUNCTION budget_reserve(
  p_user TEXT, p_account TEXT, p_id TEXT, p_tokens BIGINT, p_cost BIGINT,
  p_day_start TIMESTAMP(3), p_month_start TIMESTAMP(3), p_now TIMESTAMP(3), p_expires TIMESTAMP(3),
  p_day_limit BIGINT, p_month_limit BIGINT, p_cost_cap BIGINT)
RETURNS TABLE (outcome TEXT, day_tokens BIGINT, month_tokens BIGINT, month_cost BIGINT,
  held_tokens BIGINT, held_cost BIGINT, broken TEXT[], broken_settled TEXT[])
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM 1 FROM users WHERE id = p_user FOR NO KEY UPDATE\073
  IF NOT FOUND THEN
    outcome := ''no_user''\073
    RETURN NEXT\073
    RETURN\073
  END IF\073
  IF budget_account_key(p_user) IS DISTINCT FROM p_account THEN
    outcome := ''stale''\073
    RETURN NEXT\073
    RETURN\073
  END IF\073
  UPDATE budget_reservations SET status = ''expired''
    WHERE user_id = p_user AND status = ''active'' AND expires_at <= p_now\073
  SELECT COALESCE(SUM(c.tokens_used) FILTER (WHERE c."window" = ''day'' AND c.window_start = p_day_start), 0)::bigint,
         COALESCE(SUM(c.tokens_used) FILTER (WHERE c."window" = ''month'' AND c.window_start = p_month_start), 0)::bigint,
         COALESCE(SUM(c.cost_micros) FILTER (WHERE c."window" = ''month'' AND c.window_start = p_month_start), 0)::bigint
    INTO day_tokens, month_tokens, month_cost
    FROM budget_counters c WHERE c.user_id = p_user AND c.window_start IN (p_day_start, p_month_start)\073
  SELECT COALESCE(SUM(r.tokens), 0)::bigint, COALESCE(SUM(r.cost_micros), 0)::bigint
    INTO held_tokens, held_cost
    FROM budget_reservations r WHERE r.user_id = p_user AND r.status = ''active'' AND r.expires_at > p_now\073
  broken := budget_broken(day_tokens + held_tokens + p_tokens, month_tokens + held_tokens + p_tokens,
    month_cost + held_cost + p_cost, p_day_limit, p_month_limit, p_cost_cap)\073
  IF cardinality(broken) > 0 THEN
    broken_settled := budget_broken(day_tokens + p_tokens, month_tokens + p_tokens, month_cost + p_cost,
      p_day_limit, p_month_limit, p_cost_cap)\073
    outcome := ''refused''\073
    RETURN NEXT\073
    RETURN\073
  END IF\073
  INSERT INTO budget_reservations (id, user_id, tokens, cost_micros, status, expires_at, created_at, day_start, month_start)
    VALUES (p_id, p_user, p_tokens, p_cost, ''active'', p_expires, p_now, p_day_start, p_month_start)\073
  outcome := ''reserved''\073
  RETURN NEXT\073
END
';

