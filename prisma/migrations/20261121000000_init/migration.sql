-- CreateTable
CREATE TABLE "agent_event" (
    "id" BIGSERIAL NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "source" TEXT NOT NULL,
    "agent_user" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "message" TEXT,
    "lead_id" TEXT,
    "epoch" BIGINT,
    "agent_log_id" TEXT,
    "counter" INTEGER,
    "campaign" TEXT,
    "raw" JSONB NOT NULL,
    "dedup_key" TEXT NOT NULL,

    CONSTRAINT "agent_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent" (
    "user" TEXT NOT NULL,
    "full_name" TEXT,
    "campaign" TEXT,
    "team" TEXT,
    "on_roster" BOOLEAN NOT NULL DEFAULT false,
    "first_seen_at" TIMESTAMPTZ(3),
    "last_event_at" TIMESTAMPTZ(3),

    CONSTRAINT "agent_pkey" PRIMARY KEY ("user")
);

-- CreateTable
CREATE TABLE "setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "agent_event_dedup_key_key" ON "agent_event"("dedup_key");

-- CreateIndex
CREATE INDEX "agent_event_agent_user_id_idx" ON "agent_event"("agent_user", "id");

-- CreateIndex
CREATE INDEX "agent_event_received_at_idx" ON "agent_event"("received_at");

-- CreateIndex
CREATE INDEX "agent_last_event_at_idx" ON "agent"("last_event_at");
