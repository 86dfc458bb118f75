-- History rollups (lib/history/rollup.ts has the design).
--
-- agent_state_day / agent_day: per local day (TIMEZONE) and agent, the seconds in each state
-- and the day's counters, derived from agent_event by the same pure state model as the live
-- board. queue_interval: per queue and 15-minute bucket, the sums behind offered, answered,
-- abandoned, SL, ASA and AHT, derived from call. Both are re-derived by an incremental job
-- from history_dirty, which triggers on agent_event and call fill in the same transaction as
-- the rows that changed, so nothing committed can be missed.

-- CreateTable
CREATE TABLE "agent_state_day" (
    "day" TEXT NOT NULL,
    "agent_user" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "pause_code" TEXT NOT NULL DEFAULT '',
    "seconds" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "agent_state_day_pkey" PRIMARY KEY ("day","agent_user","campaign","state","pause_code")
);

-- CreateTable
CREATE TABLE "agent_day" (
    "day" TEXT NOT NULL,
    "agent_user" TEXT NOT NULL,
    "campaign" TEXT NOT NULL,
    "team" TEXT,
    "logged_in_sec" DOUBLE PRECISION NOT NULL,
    "calls_handled" INTEGER NOT NULL,
    "talk_sec" DOUBLE PRECISION NOT NULL,
    "dispositions" JSONB NOT NULL,
    "first_at" TIMESTAMPTZ(3),
    "last_at" TIMESTAMPTZ(3),

    CONSTRAINT "agent_day_pkey" PRIMARY KEY ("day","agent_user","campaign")
);

-- CreateTable
CREATE TABLE "queue_interval" (
    "queue" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "answered" INTEGER NOT NULL,
    "answered_within_sl" INTEGER NOT NULL,
    "abandoned" INTEGER NOT NULL,
    "wait_ms_sum" DOUBLE PRECISION NOT NULL,
    "handled" INTEGER NOT NULL,
    "talk_ms_sum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "queue_interval_pkey" PRIMARY KEY ("queue","bucket")
);

-- CreateTable
CREATE TABLE "history_dirty" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "from_at" TIMESTAMPTZ(3) NOT NULL,
    "to_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "history_dirty_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "agent_state_day_agent_user_day_idx" ON "agent_state_day"("agent_user", "day");
CREATE INDEX "agent_day_campaign_day_idx" ON "agent_day"("campaign", "day");
CREATE INDEX "agent_day_agent_user_day_idx" ON "agent_day"("agent_user", "day");
CREATE INDEX "queue_interval_bucket_idx" ON "queue_interval"("bucket");
-- The abandoned-calls list (not expressible in schema.prisma: a partial index).
CREATE INDEX "call_abandoned_ended_at_idx" ON "call"("ended_at") WHERE "outcome" = 'abandoned';
-- The calls of an agent's day (timeline page). SQL only: the Call model is not ours to change.
CREATE INDEX "call_agent_extension_answered_at_idx" ON "call"("agent_extension", "answered_at");

-- Dirty ranges, one row per agent (or queue) per statement.
CREATE FUNCTION history_dirty_agent_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO history_dirty (kind, key, from_at, to_at)
  SELECT 'agent', agent_user, min(received_at), max(received_at) FROM new_rows GROUP BY agent_user;
  RETURN NULL;
END $$;

CREATE FUNCTION history_dirty_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO history_dirty (kind, key, from_at, to_at)
  SELECT 'queue', queue, min(entered_at), max(GREATEST(entered_at, answered_at, ended_at))
  FROM new_rows WHERE queue IS NOT NULL GROUP BY queue;
  RETURN NULL;
END $$;

CREATE TRIGGER agent_event_history_dirty AFTER INSERT ON agent_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION history_dirty_agent_events();
CREATE TRIGGER call_insert_history_dirty AFTER INSERT ON call
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION history_dirty_calls();
CREATE TRIGGER call_update_history_dirty AFTER UPDATE ON call
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION history_dirty_calls();

-- What was stored before this migration is rolled up by the first run of the job.
INSERT INTO history_dirty (kind, key, from_at, to_at)
SELECT 'agent', agent_user, min(received_at), max(received_at) FROM agent_event GROUP BY agent_user;
INSERT INTO history_dirty (kind, key, from_at, to_at)
SELECT 'queue', queue, min(entered_at), max(GREATEST(entered_at, answered_at, ended_at)) FROM call WHERE queue IS NOT NULL GROUP BY queue;
