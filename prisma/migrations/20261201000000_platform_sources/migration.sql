-- Issue 15: platform links (XiVO XuC, VoIPBin) configured by admins, their agents' identities,
-- and roster links of one person across systems.
ALTER TABLE "agent" ADD COLUMN "xuc_agent_id" TEXT, ADD COLUMN "voipbin_agent_id" TEXT;
CREATE UNIQUE INDEX "agent_xuc_agent_id_key" ON "agent"("xuc_agent_id");
CREATE UNIQUE INDEX "agent_voipbin_agent_id_key" ON "agent"("voipbin_agent_id");

CREATE TABLE "source_connection" (
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "secrets" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "source_connection_pkey" PRIMARY KEY ("name")
);

CREATE TABLE "platform_agent" (
    "source" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "user" TEXT NOT NULL,
    "login" TEXT,
    "name" TEXT,
    "phone" TEXT,
    "queues" TEXT[],
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "platform_agent_pkey" PRIMARY KEY ("source","agent_id")
);
