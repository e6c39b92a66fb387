export * from './audit-event-types';
export * from './finding.events';
