-- The replication notification names the writing process too ("<table>|<writer>"), so a
-- follower is not woken by its own commits: on one instance ingesting 2,000 events/s, the
-- wake-ups it caused itself cost PostgreSQL 0.65 s of CPU per second in catch-up queries that
-- found nothing (pg_stat_statements, issue 14). Followers still poll every second as a
-- safety net, and accept the old payload ("<table>") during a rolling upgrade.
CREATE OR REPLACE FUNCTION replication_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('wallboard_changes', TG_TABLE_NAME || '|' || coalesce(current_setting('wallboard.writer', true), ''));
  RETURN NULL;
END $$;
