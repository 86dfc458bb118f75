-- Sessions ended by signing out (issue 11 item 14): a sealed cookie stays valid until it
-- expires, so a sign-out records the session id until then; lib/auth/authenticator.ts refuses it.
CREATE TABLE "revoked_session" (
    "sid" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "revoked_session_pkey" PRIMARY KEY ("sid")
);

CREATE INDEX "revoked_session_expires_at_idx" ON "revoked_session"("expires_at");

-- A later copy of an event can fill in a stored one (campaign, lead, the hook's exact text:
-- lib/events/dedup.ts): its agent's days must be rolled up again, as for an insert.
CREATE TRIGGER agent_event_update_history_dirty AFTER UPDATE ON agent_event
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION history_dirty_agent_events();
