import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { SqlDatabase } from '@iam/event-store';
import type { EventBus } from '@iam/messaging';
import type { TtlStore } from '@iam/ttl-store';
import { Public } from '../http/public-route';
import { EVENT_BUS, SQL_DATABASE, TTL_STORE } from '../runtime/tokens';
import { Readiness } from './readiness';

/**
 * Liveness says the process answers; readiness that its Postgres, Redis and
 * Kafka (or stand-ins) do, and that its background parts (outbox relays) are
 * doing their work.
 */
// Not in the API's OpenAPI document (like /metrics): probes, described in the README.
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(TTL_STORE) private readonly ttlStore: TtlStore,
    private readonly readiness: Readiness,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.probe('database', () => this.database.ping()),
      () => this.probe('ttlStore', () => this.ttlStore.ping()),
      () => this.probe('eventBus', () => this.bus.ping()),
      ...this.readiness.states().map(([name, state]) => () => {
        const session = this.indicator.check(name);
        return state.ready ? session.up(state.detail) : session.down(state.detail);
      }),
    ]);
  }

  private async probe(key: string, ping: () => Promise<void>) {
    const session = this.indicator.check(key);
    try {
      await withTimeout(ping(), 2000);
      return session.up();
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
