import { Inject, Injectable } from '@nestjs/common';
import type { AuditDomainEvent, EventMetadata } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { commandTransaction } from '@iam/service-kit';
import { AuditClock } from '../reports/audit-clock';
import { ReportsQueries } from '../reports/reports.queries';
import { evaluateFindings } from './finding-rules';
import { decideFindings, evolveFindings, type OpenFindings } from './findings.decider';

export const findingsStream = (accountId: string) => `findings-${accountId}`;

/**
 * Evaluates an account's rules and records what changed as FindingRaised /
 * FindingCleared on its findings stream (the audit event store, published on
 * `iam.audit.v1`). Two evaluations racing append at the same stream version:
 * the loser runs again on the winner's state and finds nothing left to record.
 */
@Injectable()
export class FindingsRecorder {
  constructor(
    private readonly store: EventStore,
    @Inject(ReportsQueries) private readonly queries: ReportsQueries,
    @Inject(AuditClock) private readonly clock: AuditClock,
  ) {}

  async refresh(accountId: string, metadata: EventMetadata): Promise<AuditDomainEvent[]> {
    const snapshot = await this.queries.snapshot(accountId);
    return commandTransaction(this.store, async (tx) => {
      const stream = findingsStream(accountId);
      const history = await this.store.readStream<AuditDomainEvent>(stream, tx);
      const open = history.reduce<OpenFindings>(evolveFindings, new Map());
      const now = this.clock.now();
      const events = decideFindings(open, evaluateFindings(snapshot, now), now);
      if (events.length > 0) await this.store.appendWithin(tx, stream, history.length, events, metadata);
      return events;
    });
  }
}
