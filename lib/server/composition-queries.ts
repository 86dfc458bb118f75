/**
 * The queries the composition root (./wallboard.ts) runs at start, gathered so that it can
 * import them in one step after the server listens.
 */
export { seedQueueConfigs } from "../queries/queues";
export { upsertRoster } from "../queries/roster";
export { currentPbxState, replicationHorizon } from "../queries/replication";
