// event-feed.ts - the order events as front doors read them (GET /events, webhooks): the journal's event log read
// by id, listened to after each commit, and the webhook deliveries; front doors see this, never the journal itself.
import { GatewayError } from '../core/errors.ts';
import type { OrderGate } from '../journal/gate.ts';
import type { Delivery, DeliveryCounts, DeliveryState } from '../journal/deliveries.ts';
import type { EventListener, JournalEvent } from '../journal/event-log.ts';

export type { Delivery, DeliveryCounts, DeliveryState } from '../journal/deliveries.ts';
export type { EventListener, JournalEvent } from '../journal/event-log.ts';

/** Most events one read returns (a stream pages through a long backlog). */
export const MAX_EVENTS_PER_READ = 500;

export class EventFeed {
  private readonly gate: OrderGate;

  constructor(gate: OrderGate) {
    this.gate = gate;
  }

  /** Whether the journal is open (without it there are no events, and /events answers journal_unavailable). */
  get available(): boolean {
    return this.gate.events !== undefined;
  }

  private log(): NonNullable<OrderGate['events']> {
    const log = this.gate.events;
    if (!log) throw new GatewayError('journal_unavailable', '委托日志无法打开：没有可读的委托事件。(the order journal is not open: no events)');
    return log;
  }

  /** Events after `afterId`, oldest first, at most `limit` (capped at MAX_EVENTS_PER_READ). */
  since(afterId: number, limit = MAX_EVENTS_PER_READ): JournalEvent[] {
    return this.log().since(afterId, Math.min(limit, MAX_EVENTS_PER_READ));
  }

  /** The newest event's id (0: none yet). */
  latestId(): number {
    return this.log().latestId();
  }

  /** The id after which the events of Beijing day `day` start. */
  lastIdBefore(day: string): number {
    return this.log().lastIdBefore(day);
  }

  /** Calls `listener` after each committed event; returns the unsubscribe (a no-op without a journal). */
  onEvent(listener: EventListener): () => void {
    return this.gate.events?.onEvent(listener) ?? (() => undefined);
  }

  /** Each new event gets a pending delivery for each of these webhook URLs (in the event's transaction). */
  setDeliveryTargets(urls: readonly string[]): void {
    this.gate.events?.setDeliveryTargets(urls);
  }

  /** The oldest pending delivery to `url`. */
  nextDelivery(url: string): Delivery | undefined {
    return this.gate.deliveries?.head(url);
  }

  /** Records one delivery attempt. */
  deliveryAttempted(id: number, state: DeliveryState, error: string | null, nextAt: Date): void {
    this.gate.deliveries?.attempted(id, state, error, nextAt);
  }

  /** Pending / delivered / failed counts of one URL. */
  deliveryCounts(url: string): DeliveryCounts {
    return this.gate.deliveries?.counts(url) ?? { url, pending: 0, delivered: 0, failed: 0, lastError: null };
  }
}
