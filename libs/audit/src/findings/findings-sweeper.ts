import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { identifier } from '@iam/event-store';
import { AUDIT_SCHEMA } from '../audit.tokens';
import { ReportsQueries } from '../reports/reports.queries';
import { FindingsRecorder } from './findings-recorder';

/** How often every account's findings are evaluated without anyone asking (time-based rules, the stream). */
export const FINDINGS_SWEEP_INTERVAL_MS = 60_000;

/**
 * Evaluates every known account's findings at a fixed interval, so a finding
 * appears on `iam.audit.v1` (and the trail, and the stream) when it arises,
 * not only when someone lists findings. Replicas may sweep at once: the
 * findings stream's version lets one record each change.
 */
@Injectable()
export class FindingsSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly principals: string;

  constructor(
    private readonly recorder: FindingsRecorder,
    @Inject(ReportsQueries) private readonly queries: ReportsQueries,
    @Inject(AUDIT_SCHEMA) schema: string,
  ) {
    this.principals = `${identifier(schema)}.report_principals`;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch(() => undefined)
        .finally(() => (this.running = undefined));
    }, FINDINGS_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every account the audit service knows a root of. */
  async sweep(): Promise<void> {
    const { rows } = await this.queries.database.query<{ account_id: string; arn: string }>(
      `SELECT account_id, arn FROM ${this.principals} WHERE kind = 'root'`,
    );
    for (const row of rows)
      await this.recorder.refresh(row.account_id, {
        accountId: row.account_id,
        actorArn: 'audit.iam.local',
        correlationId: randomUUID(),
      });
  }
}
