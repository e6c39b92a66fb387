export * from './identity-event-types';
export * from './identity.events';
export * from './account.events';
export * from './user.events';
export * from './group.events';
export * from './role.events';
export * from './mfa-device.events';
export * from './identity.upcasters';
