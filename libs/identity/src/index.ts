export * from './identity.module';
export * from './identity.migrations';
export { createRootAccessKey, type RootCredentials } from './accounts/account-creation';
export * from './keys/rotate-keys';
