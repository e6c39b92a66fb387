import { loadServiceEnvironment } from './service-config';

const key = (id: string) => `${id}:${Buffer.alloc(32, 7).toString('base64')}`;

const distributed = {
  IAM_MODE: 'distributed',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/iam',
  REDIS_URL: 'redis://127.0.0.1:6379',
  KAFKA_BROKERS: '127.0.0.1:9092',
  IAM_KEY_ENCRYPTION_KEYS: key('k1'),
};

describe('IAM_EVENT_KEYS: the keys that authenticate events on the topics', () => {
  it('is required in distributed mode, by name', () => {
    expect(() => loadServiceEnvironment(distributed)).toThrow(
      'configuration error: IAM_EVENT_KEYS must be id:base64(32 bytes)[,id:base64…] (required in distributed mode)',
    );
  });

  it('is a ring of id:base64(32 bytes), first signs', () => {
    expect(
      loadServiceEnvironment({ ...distributed, IAM_EVENT_KEYS: `${key('k2')},${key('k1')}` }).IAM_EVENT_KEYS,
    ).toBe(`${key('k2')},${key('k1')}`);
    expect(() => loadServiceEnvironment({ ...distributed, IAM_EVENT_KEYS: 'k1:c2hvcnQ=' })).toThrow(
      'IAM_EVENT_KEYS must be',
    );
  });

  it('is optional in standalone mode (a key is made up in memory: events never leave the process)', () => {
    expect(loadServiceEnvironment({ IAM_MODE: 'standalone' }).IAM_EVENT_KEYS).toBeUndefined();
  });
});
