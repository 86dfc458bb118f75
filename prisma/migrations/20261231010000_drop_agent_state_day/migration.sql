-- agent_state_day held an agent-day's seconds per state and pause code, one row each. Since
-- 20261231000000_agent_day_state_seconds the same figures are on the agent_day row
-- (state_sec, pause_sec) and nothing reads agent_state_day: the history job stops writing
-- about five rows per agent-day that no page used.
--
-- During a rolling reload the previous worker keeps running while the new one migrates, and
-- its history job still writes agent_state_day and an agent_day row without these columns.
-- Locking agent_state_day stops that job (each of its transactions writes agent_state_day
-- first, so it never holds agent_day while waiting here); readers of agent_day are not
-- blocked. The agent-days such a worker wrote after the previous migration then get their
-- seconds like every other day, and the table goes; from then on that worker's job fails (its
-- dirty days stay for the new one) instead of writing an incomplete day. A lock not granted
-- within 10 s (the previous worker's export cursor can hold the table for minutes) fails the
-- migration, and the start with it, rather than stalling the previous worker's pages.
SET LOCAL lock_timeout = '10s';
LOCK TABLE "agent_state_day" IN ACCESS EXCLUSIVE MODE;

UPDATE "agent_day" d SET "state_sec" = s.state_sec::json, "pause_sec" = COALESCE(s.pause_sec::json, '{}')
FROM (
  SELECT day, agent_user, campaign, jsonb_object_agg(state, seconds) AS state_sec,
         (array_agg(codes) FILTER (WHERE state = 'PAUSED'))[1] AS pause_sec
  FROM (
    SELECT day, agent_user, campaign, state, sum(seconds) AS seconds, jsonb_object_agg(pause_code, seconds) AS codes
    FROM "agent_state_day"
    WHERE (day, agent_user, campaign) IN (SELECT day, agent_user, campaign FROM "agent_day" WHERE "state_sec"::text = '{}')
    GROUP BY 1, 2, 3, 4
  ) t
  GROUP BY 1, 2, 3
) s
WHERE d.day = s.day AND d.agent_user = s.agent_user AND d.campaign = s.campaign AND d."state_sec"::text = '{}';

DROP TABLE "agent_state_day";
