/**
 * The base of every data source (VICIdial HTTP push, VICIdial agent-screen hook, PBX, ...).
 * One file per source type beside this one, in the manner of Uptime Kuma's monitor types.
 * A source turns its wire format into validated events and hands them to the event store;
 * it keeps the counters an admin page shows about it.
 */
import { EventRefusedError, IngestBusyError } from "../events/store";
import { SpoolFullError } from "../events/spool";
import type { AppendOutcome, EventSourceKind, IncomingAgentEvent } from "../events/types";
import type { IngestLog } from "./ingest-log";

/** Where sources deliver events: the event store (resolves once the event is durable). */
export interface AgentEventSink {
  append(event: IncomingAgentEvent): Promise<AppendOutcome>;
}

export interface SourceStatus {
  kind: EventSourceKind;
  accepted: number;
  duplicates: number;
  rejected: number;
  failed: number;
  /** ms, server clock. */
  lastEventAt: number | null;
  lastRejection: { at: number; status: number; reason: string } | null;
}

/**
 * Why an event could not be delivered, as the sender is told: 400 when the database refused
 * the event itself (final: resending cannot help), 503 otherwise (nothing was stored; a sender
 * that retries, like the hook script, may try again).
 */
export class DeliveryError extends Error {
  constructor(
    readonly status: 400 | 503,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

export abstract class AgentEventSource {
  abstract readonly kind: EventSourceKind;
  protected counters = { accepted: 0, duplicates: 0, rejected: 0, failed: 0 };
  protected lastEventAt: number | null = null;
  protected lastRejection: SourceStatus["lastRejection"] = null;

  constructor(
    protected readonly sink: AgentEventSink,
    protected readonly log?: IngestLog,
  ) {}

  /**
   * Hands an event to the store and keeps count. Rejects with a {@link DeliveryError} (the
   * store's own error is its `cause`).
   */
  protected async deliver(event: IncomingAgentEvent): Promise<AppendOutcome> {
    let outcome: AppendOutcome;
    try {
      outcome = await this.sink.append(event);
    } catch (err) {
      if (err instanceof EventRefusedError) {
        this.rejected(400, err.message, event.receivedAt);
        throw new DeliveryError(400, err.message, { cause: err });
      }
      this.counters.failed++;
      const reason = err instanceof SpoolFullError || err instanceof IngestBusyError ? err.message : "database unavailable, event not stored";
      throw new DeliveryError(503, reason, { cause: err });
    }
    if (outcome !== "duplicate") this.counters.accepted++;
    else this.counters.duplicates++;
    this.lastEventAt = event.receivedAt;
    this.log?.accepted(event.receivedAt, this.kind, outcome, event);
    return outcome;
  }

  protected rejected(status: number, reason: string, at: number): void {
    this.counters.rejected++;
    this.lastRejection = { at, status, reason };
    this.log?.refused(at, this.kind, status, reason);
  }

  status(): SourceStatus {
    return { kind: this.kind, ...this.counters, lastEventAt: this.lastEventAt, lastRejection: this.lastRejection };
  }
}
