export * from './access-notes';
export * from './access-record-builder';
export * from './access-recorder';
export * from './access-capture';
export * from './secret-redaction';
export * from './refusal-sampler';
export * from './unrouted-calls';
