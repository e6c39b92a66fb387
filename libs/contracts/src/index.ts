export * from './event-envelope';
export * from './topics';
export * from './upcasters';
export * from './iam-error';
export * from './identity';
export * from './policy';
export * from './validation-errors';
export * from './decider';
