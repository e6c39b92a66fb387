export * from './policy-event-types';
export * from './managed-policy.events';
export * from './principal-policy.events';
export * from './policy.events';
export * from './aws-managed-policies';
export * from './policy.upcasters';
