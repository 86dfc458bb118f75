-- The history job reads and deletes the dirty rows of 200 agents (or queues) at a time by
-- (kind, key). Without an index each batch scanned the whole table: with 300,000 dirty rows
-- of 10,000 agents (a few minutes of 2,000 pushes/s) ~310 ms to list and ~100 ms to delete,
-- PostgreSQL CPU the pushes' commits waited behind (issue 14).
CREATE INDEX "history_dirty_kind_key_idx" ON "history_dirty"("kind", "key");
