import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { Page, PageRequest } from '@iam/service-kit';
import { checkTimeRange, type TrailFilter } from './trail-filter';
import { TrailReads, type LookupEvent } from './trail-reads';

/**
 * CloudTrail's LookupEvents over one account's access records (the guard
 * has authorized `cloudtrail:LookupEvents` on that account's trail).
 */
export class LookupEvents extends Query<Page<LookupEvent>> {
  constructor(
    readonly requester: Requester,
    readonly accountId: string,
    readonly filter: TrailFilter,
    readonly page: PageRequest,
  ) {
    super();
  }
}

@QueryHandler(LookupEvents)
export class LookupEventsHandler implements IQueryHandler<LookupEvents> {
  constructor(@Inject(TrailReads) private readonly reads: TrailReads) {}

  execute({ accountId, filter, page }: LookupEvents): Promise<Page<LookupEvent>> {
    checkTimeRange(filter);
    return this.reads.lookup(accountId, filter, page);
  }
}
