export * from './audit.module';
export * from './audit.migrations';
export * from './trail/audit-trail.projection';
export * from './trail/audit-trail.queries';
export * from './trail/trail-hash';
