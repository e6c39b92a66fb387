export * from './test-infrastructure';
export * from './eventually';
export * from './drop-schemas';
export * from './signed-client';
