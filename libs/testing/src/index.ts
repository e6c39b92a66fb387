export * from './test-infrastructure';
export * from './eventually';
export * from './drop-schemas';
export * from './signed-client';
export * from './decider-specification';
export * from './private-kafka';
export * from './tcp-proxy';
export * from './route-fuzzer';
