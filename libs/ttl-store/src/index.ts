export * from './ttl-store';
export * from './redis-ttl-store';
export * from './memory-ttl-store';
