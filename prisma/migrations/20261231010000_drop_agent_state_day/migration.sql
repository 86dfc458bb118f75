-- agent_state_day held an agent-day's seconds per state and pause code, one row each. Since
-- 20261231000000_agent_day_state_seconds the same figures are on the agent_day row
-- (state_sec, pause_sec) and nothing reads agent_state_day: the history job stops writing
-- about five rows per agent-day that no page used.
DROP TABLE "agent_state_day";
