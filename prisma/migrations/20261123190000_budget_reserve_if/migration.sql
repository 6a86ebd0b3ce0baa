-- budget_reserve() behind a flag, so one statement can take the rate limits and
-- then reserve only if every limit was taken (see lib/budget/admit.ts). With
-- p_go false it does nothing and returns no row. Semicolons are spelt \073 for
-- the reason given in the budget_hot_path migration.
CREATE FUNCTION budget_reserve_if(
  p_go BOOLEAN, p_user TEXT, p_account TEXT, p_id TEXT, p_tokens BIGINT, p_cost BIGINT,
  p_day_start TIMESTAMP(3), p_month_start TIMESTAMP(3), p_now TIMESTAMP(3), p_expires TIMESTAMP(3),
  p_day_limit BIGINT, p_month_limit BIGINT, p_cost_cap BIGINT)
RETURNS TABLE (outcome TEXT, day_tokens BIGINT, month_tokens BIGINT, month_cost BIGINT,
  held_tokens BIGINT, held_cost BIGINT)
LANGUAGE plpgsql AS E'
BEGIN
  IF p_go THEN
    RETURN QUERY SELECT * FROM budget_reserve(p_user, p_account, p_id, p_tokens, p_cost, p_day_start,
      p_month_start, p_now, p_expires, p_day_limit, p_month_limit, p_cost_cap)\073
  END IF\073
END
';
