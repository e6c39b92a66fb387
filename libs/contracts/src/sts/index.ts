export * from './sts-event-types';
export * from './session.events';
export * from './sign-in.events';
export * from './sts.events';
export * from './sts.upcasters';
