-- agent_state_day held an agent-day's seconds per state and pause code, one row each. Since
-- 20261231000000_agent_day_state_seconds the same figures are on the agent_day row
-- (state_sec, pause_sec) and nothing reads agent_state_day: the history job stops writing
-- about five rows per agent-day that no page used.
--
-- During a rolling reload the previous worker keeps running while the new one migrates, and
-- its history job still writes agent_state_day and an agent_day row without these columns.
-- Both tables are locked first (in the order that job takes them, so neither waits on the
-- other), then the agent-days such a worker wrote after the previous migration get their
-- seconds from agent_state_day like every other day, then the table goes. After this, that
-- worker's job fails (its dirty days stay for the new one) instead of writing an incomplete day.
LOCK TABLE "agent_state_day", "agent_day" IN ACCESS EXCLUSIVE MODE;

UPDATE "agent_day" d SET "state_sec" = s.state_sec
FROM (
  SELECT day, agent_user, campaign, jsonb_object_agg(state, seconds) AS state_sec
  FROM (
    SELECT day, agent_user, campaign, state, sum(seconds) AS seconds FROM "agent_state_day"
    WHERE (day, agent_user, campaign) IN (SELECT day, agent_user, campaign FROM "agent_day" WHERE "state_sec" = '{}')
    GROUP BY 1, 2, 3, 4
  ) t
  GROUP BY 1, 2, 3
) s
WHERE d.day = s.day AND d.agent_user = s.agent_user AND d.campaign = s.campaign AND d."state_sec" = '{}';

UPDATE "agent_day" d SET "pause_sec" = s.pause_sec
FROM (
  SELECT day, agent_user, campaign, jsonb_object_agg(pause_code, seconds) AS pause_sec
  FROM "agent_state_day"
  WHERE state = 'PAUSED' AND (day, agent_user, campaign) IN (SELECT day, agent_user, campaign FROM "agent_day" WHERE "pause_sec" = '{}')
  GROUP BY 1, 2, 3
) s
WHERE d.day = s.day AND d.agent_user = s.agent_user AND d.campaign = s.campaign AND d."pause_sec" = '{}';

DROP TABLE "agent_state_day";
