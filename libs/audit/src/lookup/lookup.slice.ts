import type { Provider, Type } from '@nestjs/common';
import type { SqlDatabase } from '@iam/event-store';
import { SQL_DATABASE } from '@iam/platform';
import { AUDIT_SCHEMA } from '../audit.tokens';
import { AuditEventsController } from './audit-events.controller';
import { ExportEventsHandler } from './export-events';
import { LookupEventsHandler } from './lookup-events';
import { OrganizationTrust } from './organization-trust';
import { TrailFeed } from './trail-feed';
import { TrailReads } from './trail-reads';
import { TRAIL_FEED, TrailStreams } from './trail-stream';

/** What reading the trail adds to the audit module: the routes, their query handlers, the feed of new rows. */
export const lookupSlice = {
  controllers: [AuditEventsController] as Type[],
  providers: [
    {
      provide: TrailReads,
      inject: [SQL_DATABASE, AUDIT_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) => new TrailReads(db, schema),
    },
    {
      provide: TRAIL_FEED,
      inject: [SQL_DATABASE, AUDIT_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) => new TrailFeed(db, schema),
    },
    {
      provide: OrganizationTrust,
      inject: [SQL_DATABASE, AUDIT_SCHEMA],
      useFactory: (db: SqlDatabase, schema: string) => new OrganizationTrust(db, schema),
    },
    TrailStreams,
    LookupEventsHandler,
    ExportEventsHandler,
  ] as Provider[],
};
