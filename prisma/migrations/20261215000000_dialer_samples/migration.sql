-- Issue 13: per-minute samples of VICIdial's dialer (per campaign) and in-group queues (per
-- in-group), read from VICIdial's database by the leader: drop % and calls waiting over a day.
CREATE TABLE "dialer_sample" (
    "kind" TEXT NOT NULL,
    "group_id" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "calls" INTEGER NOT NULL,
    "answers" INTEGER NOT NULL,
    "drops" DOUBLE PRECISION NOT NULL,
    "drop_pct" DOUBLE PRECISION,
    "drop_pct_of_calls" DOUBLE PRECISION,
    "waiting" INTEGER NOT NULL,
    "waiting_max" INTEGER NOT NULL,
    "longest_wait_sec" INTEGER NOT NULL,
    "placed" INTEGER,
    "ringing" INTEGER,
    "hopper" INTEGER,
    "dialable_leads" INTEGER,
    "dial_level" DOUBLE PRECISION,
    CONSTRAINT "dialer_sample_pkey" PRIMARY KEY ("kind","group_id","minute")
);
CREATE INDEX "dialer_sample_minute_idx" ON "dialer_sample"("minute");
