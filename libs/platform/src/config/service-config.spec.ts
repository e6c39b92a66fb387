import { configurationVariables, loadServiceEnvironment, ServiceEnvironment } from './service-config';
import { otlpTracesUrl } from '../tracing/tracing';

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

describe('tracing settings (standard OpenTelemetry names)', () => {
  const standalone = { IAM_MODE: 'standalone' };
  const url = (env: Record<string, string>) =>
    otlpTracesUrl(loadServiceEnvironment({ ...standalone, ...env }));

  it('is off by default', () => {
    expect(url({})).toBeUndefined();
  });

  it('exports to <endpoint>/v1/traces once an endpoint is set, or to the traces endpoint itself', () => {
    expect(url({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(
      url({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/api/v1/traces',
      }),
    ).toBe('https://traces.example/api/v1/traces');
  });

  it('otlp alone uses the default collector; none turns it off whatever the endpoint', () => {
    expect(url({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe('http://localhost:4318/v1/traces');
    expect(
      url({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toBeUndefined();
  });

  it('refuses an exporter it does not have, and an endpoint that is no URL, by name', () => {
    expect(() => url({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(
      'OTEL_TRACES_EXPORTER must be otlp or none',
    );
    expect(() => url({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL',
    );
  });
});

describe('configurationVariables', () => {
  it('names every setting, those with a default and those without', () => {
    const names = configurationVariables();
    for (const withDefault of Object.keys(new ServiceEnvironment())) expect(names).toContain(withDefault);
    expect(names).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'IAM_ROOT_SECRET_ACCESS_KEY']));
    expect(names).not.toContain('NODE_ENV');
  });
});
