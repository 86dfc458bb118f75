-- AlterTable
ALTER TABLE "agent" ADD COLUMN "extension" TEXT;

-- CreateTable
CREATE TABLE "pbx_connection" (
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "session" TEXT,
    "username" TEXT,
    "password" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pbx_connection_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "pbx_frame" (
    "id" BIGSERIAL NOT NULL,
    "pbx" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "action" TEXT,
    "raw" TEXT NOT NULL,

    CONSTRAINT "pbx_frame_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "call" (
    "pbx" TEXT NOT NULL,
    "call_id" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "queue" TEXT,
    "agent_extension" TEXT,
    "state" TEXT NOT NULL,
    "entered_at" TIMESTAMPTZ(3) NOT NULL,
    "answered_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "end_known" BOOLEAN NOT NULL DEFAULT true,
    "outcome" TEXT,
    "wait_sec" DOUBLE PRECISION,
    "talk_sec" DOUBLE PRECISION,

    CONSTRAINT "call_pkey" PRIMARY KEY ("pbx","call_id")
);

-- CreateTable
CREATE TABLE "queue" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "service_level_sec" INTEGER NOT NULL DEFAULT 20,

    CONSTRAINT "queue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_queue" (
    "campaign" TEXT NOT NULL,
    "queue" TEXT NOT NULL,

    CONSTRAINT "campaign_queue_pkey" PRIMARY KEY ("campaign","queue")
);

-- CreateIndex
CREATE INDEX "pbx_frame_received_at_idx" ON "pbx_frame"("received_at");

-- CreateIndex
CREATE INDEX "call_entered_at_idx" ON "call"("entered_at");

-- CreateIndex
CREATE INDEX "call_queue_entered_at_idx" ON "call"("queue", "entered_at");
