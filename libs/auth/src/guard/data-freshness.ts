import { Inject, Injectable } from '@nestjs/common';
import { consumerStaleForMs, type EventBus } from '@iam/messaging';
import { EVENT_BUS, SERVICE_CONFIG, type ServiceEnvironment } from '@iam/platform';
import { AuthorizationCache } from '../authorization/authorization-cache';
import { CredentialCache } from '../credentials/credential-cache';

/**
 * How far behind the database and the event topics this process's
 * in-memory credentials and authorization data may be: the one predicate
 * the request guard refuses requests by (503) and readiness reports by, so a
 * load balancer stops sending requests exactly when they would be refused.
 */
@Injectable()
export class DataFreshness {
  constructor(
    private readonly authorization: AuthorizationCache,
    private readonly credentials: CredentialCache,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  /** IAM_MAX_STALENESS_MS. */
  get limitMs(): number {
    return this.config.IAM_MAX_STALENESS_MS;
  }

  /**
   * The longest of: since the last successful load of either in-memory
   * projection began (infinite before the first), and how long a consumer
   * group with events waiting has been down.
   */
  staleForMs(now = Date.now()): number {
    let stale = Math.max(this.authorization.staleForMs(now), this.credentials.staleForMs(now));
    for (const consumer of this.bus.consumerStates())
      stale = Math.max(stale, consumerStaleForMs(consumer, now));
    return stale;
  }

  /** Within the limit: requests are served. */
  fresh(now = Date.now()): { fresh: boolean; staleForMs: number } {
    const staleForMs = this.staleForMs(now);
    return { fresh: staleForMs <= this.limitMs, staleForMs };
  }
}
