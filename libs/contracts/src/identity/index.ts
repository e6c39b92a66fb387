export * from './account.events';
