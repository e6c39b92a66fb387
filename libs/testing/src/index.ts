export * from './test-infrastructure';
export * from './eventually';
export * from './drop-schemas';
export * from './signed-client';
export * from './decider-specification';
export * from './route-fuzzer';
