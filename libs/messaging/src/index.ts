export * from './event-bus';
export * from './deliver-with-retry';
export * from './in-process-event-bus';
export * from './kafka-event-bus';
export * from './event-authenticator';
export * from './trace-context';
export * from './message-spans';
