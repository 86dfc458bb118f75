-- Several instances on one PostgreSQL (README "Running several instances"; lib/replication).
--
-- Every replicated row carries the id of the transaction that last wrote it (tx_id, xid8) and
-- the process that wrote it (writer, from the session setting wallboard.writer). A follower
-- reads the rows whose tx_id lies between its cursor and the oldest transaction still in
-- progress (pg_snapshot_xmin of the current snapshot): every transaction below that horizon
-- has finished, so rows of transactions that commit out of id order are never skipped.
--
-- Columns are added without a table rewrite (nullable, the default set afterwards): rows
-- written before this migration have no tx_id and are never replicated (a starting
-- instance rebuilds from the table itself).

ALTER TABLE "agent_event" ADD COLUMN "tx_id" xid8, ADD COLUMN "writer" TEXT;
ALTER TABLE "agent_event" ALTER COLUMN "tx_id" SET DEFAULT pg_current_xact_id(), ALTER COLUMN "writer" SET DEFAULT current_setting('wallboard.writer', true);
CREATE INDEX "agent_event_tx_id_idx" ON "agent_event"("tx_id", "id") WHERE "tx_id" IS NOT NULL;

ALTER TABLE "call" ADD COLUMN "tx_id" xid8, ADD COLUMN "writer" TEXT;
CREATE INDEX "call_tx_id_idx" ON "call"("tx_id") WHERE "tx_id" IS NOT NULL;

-- What the PBX link (held by one instance, the leader) knows that is not a call: each
-- extension's registration and do-not-disturb, and each link's status.
CREATE TABLE "pbx_account" (
    "pbx" TEXT NOT NULL,
    "extension" TEXT NOT NULL,
    "registered" BOOLEAN,
    "dnd" BOOLEAN,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "tx_id" xid8 DEFAULT pg_current_xact_id(),
    "writer" TEXT DEFAULT current_setting('wallboard.writer', true),

    CONSTRAINT "pbx_account_pkey" PRIMARY KEY ("pbx", "extension")
);
CREATE INDEX "pbx_account_tx_id_idx" ON "pbx_account"("tx_id");

CREATE TABLE "source_status" (
    "name" TEXT NOT NULL,
    "status" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "tx_id" xid8 DEFAULT pg_current_xact_id(),
    "writer" TEXT DEFAULT current_setting('wallboard.writer', true),

    CONSTRAINT "source_status_pkey" PRIMARY KEY ("name")
);
CREATE INDEX "source_status_tx_id_idx" ON "source_status"("tx_id");

-- An update stamps the row again (inserts take the defaults).
CREATE FUNCTION replication_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.tx_id := pg_current_xact_id();
  NEW.writer := current_setting('wallboard.writer', true);
  RETURN NEW;
END $$;
CREATE TRIGGER agent_event_replication_stamp BEFORE UPDATE ON "agent_event" FOR EACH ROW EXECUTE FUNCTION replication_stamp();
CREATE TRIGGER call_replication_stamp BEFORE INSERT OR UPDATE ON "call" FOR EACH ROW EXECUTE FUNCTION replication_stamp();
CREATE TRIGGER pbx_account_replication_stamp BEFORE UPDATE ON "pbx_account" FOR EACH ROW EXECUTE FUNCTION replication_stamp();
CREATE TRIGGER source_status_replication_stamp BEFORE UPDATE ON "source_status" FOR EACH ROW EXECUTE FUNCTION replication_stamp();

-- One notification per statement wakes the followers (delivered at commit, coalesced per
-- transaction); the payload names the table.
CREATE FUNCTION replication_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('wallboard_changes', TG_TABLE_NAME);
  RETURN NULL;
END $$;
CREATE TRIGGER agent_event_replication_notify AFTER INSERT OR UPDATE ON "agent_event" FOR EACH STATEMENT EXECUTE FUNCTION replication_notify();
CREATE TRIGGER call_replication_notify AFTER INSERT OR UPDATE ON "call" FOR EACH STATEMENT EXECUTE FUNCTION replication_notify();
CREATE TRIGGER pbx_account_replication_notify AFTER INSERT OR UPDATE ON "pbx_account" FOR EACH STATEMENT EXECUTE FUNCTION replication_notify();
CREATE TRIGGER source_status_replication_notify AFTER INSERT OR UPDATE ON "source_status" FOR EACH STATEMENT EXECUTE FUNCTION replication_notify();

-- Large packets of @socket.io/postgres-adapter (broadcasts between instances that are not
-- derived from the event stream: configuration reloads, access changes).
CREATE TABLE "socket_io_attachments" (
    "id" BIGSERIAL UNIQUE,
    "created_at" TIMESTAMPTZ DEFAULT now(),
    "payload" BYTEA
);
