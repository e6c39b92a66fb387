export * from './pagination';
export * from './page-query.dto';
export * from './stream-executor';
export * from './api-errors';
export * from './name-reservation';
export * from './caller-metadata';
export * from './guess-limiter';
export * from './command-transaction';
