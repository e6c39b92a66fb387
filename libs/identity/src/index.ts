export * from './identity.module';
export * from './identity.migrations';
export * from './keys/rotate-keys';
