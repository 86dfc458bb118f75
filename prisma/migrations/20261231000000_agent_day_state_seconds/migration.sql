-- An agent-day's seconds per state and per pause code, kept on its agent_day row (issue 14).
-- The agents report read them by grouping agent_state_day (five rows per agent-day): about
-- 190 ms of PostgreSQL for a 90-day, 500-agent export, where reading agent_day alone takes
-- about 30 ms. (The next migration drops agent_state_day.)
--   state_sec: seconds per state, e.g. {"READY": 3740.5, "PAUSED": 2350} (PAUSED: all codes).
--   pause_sec: paused seconds per pause code, "" when none was given, e.g. {"BREAK": 2290, "": 60}.
-- These and `dispositions` are json, not jsonb: nothing queries inside them, and the report
-- hands them on as they are (json_build_array copies json text, where jsonb is printed anew:
-- 159 -> 115 ms of PostgreSQL for the 90-day export).
-- ALTER TABLE waits for every open reader of agent_day, such as a previous worker's export
-- cursor during a rolling reload (minutes at most), and every later query of the table waits
-- behind it: a lock not granted within 10 s fails the migration, and the start with it (the
-- previous worker keeps serving), rather than stalling the history pages.
SET LOCAL lock_timeout = '10s';
ALTER TABLE "agent_day"
  ALTER COLUMN "dispositions" TYPE JSON USING "dispositions"::json,
  ADD COLUMN "state_sec" JSON NOT NULL DEFAULT '{}',
  ADD COLUMN "pause_sec" JSON NOT NULL DEFAULT '{}';

-- The days rolled up before this migration: the same figures from agent_state_day, both
-- columns in one pass over each table.
UPDATE "agent_day" d SET "state_sec" = s.state_sec::json, "pause_sec" = COALESCE(s.pause_sec::json, '{}')
FROM (
  SELECT day, agent_user, campaign, jsonb_object_agg(state, seconds) AS state_sec,
         (array_agg(codes) FILTER (WHERE state = 'PAUSED'))[1] AS pause_sec
  FROM (
    SELECT day, agent_user, campaign, state, sum(seconds) AS seconds, jsonb_object_agg(pause_code, seconds) AS codes
    FROM "agent_state_day" GROUP BY 1, 2, 3, 4
  ) t
  GROUP BY 1, 2, 3
) s
WHERE d.day = s.day AND d.agent_user = s.agent_user AND d.campaign = s.campaign;
