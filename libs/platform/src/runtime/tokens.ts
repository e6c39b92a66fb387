/** Injection tokens of the ports every service module uses. */
export const SQL_DATABASE = Symbol('SqlDatabase');
export const EVENT_BUS = Symbol('EventBus');
export const TTL_STORE = Symbol('TtlStore');
export const SERVICE_CONFIG = Symbol('ServiceEnvironment');
export const LOGGER = Symbol('Logger');
