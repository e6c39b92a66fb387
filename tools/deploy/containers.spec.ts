import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadServiceEnvironment } from '@iam/platform';
import { parseYamlDocuments } from './manifests';

const root = join(__dirname, '..', '..');
const SERVICES = ['identity', 'policy', 'sts', 'audit'];

const composeAvailable = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;
/** Skipped only on a developer machine without docker-compose; CI (.ci/run installs Debian's) fails without it. */
const run = composeAvailable || process.env.CI ? describe : describe.skip;

/** `docker-compose config` with only PATH and HOME set: what a fresh shell gets. */
function composeConfig(extra: Record<string, string> = {}): {
  services: Record<string, Record<string, never>>;
} {
  const output = execFileSync('docker-compose', ['-f', join(root, 'docker-compose.yml'), 'config'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseYamlDocuments(output)[0] as { services: Record<string, Record<string, never>> };
}

const environmentOf = (service: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(service.environment as Record<string, unknown>).map(([name, value]) => [
      name,
      String(value ?? ''),
    ]),
  );

run('docker-compose.yml (docker-compose config, no engine needed)', () => {
  let services: Record<string, Record<string, never>>;
  beforeAll(() => {
    services = composeConfig().services;
  });

  it('starts Kafka in KRaft mode, Postgres, Redis and the four services of one image', () => {
    expect(Object.keys(services).sort()).toEqual([
      'audit',
      'identity',
      'kafka',
      'policy',
      'postgres',
      'redis',
      'sts',
    ]);
    expect(environmentOf(services.kafka).KAFKA_PROCESS_ROLES).toBe('broker,controller');
    const images = new Set(SERVICES.map((service) => services[service].image));
    expect(images.size).toBe(1);
    for (const service of SERVICES) expect(environmentOf(services[service]).IAM_SERVICE).toBe(service);
  });

  it('gives every service a configuration that validates with nothing exported beforehand', () => {
    for (const service of SERVICES) {
      const config = loadServiceEnvironment(environmentOf(services[service]));
      expect(config.IAM_MODE).toBe('distributed');
      // The development-only keys, named so in their id.
      expect(config.IAM_KEY_ENCRYPTION_KEYS).toMatch(/^dev-only:/);
      expect(config.IAM_EVENT_KEYS).toMatch(/^dev-only:/);
    }
  });

  it('uses exported keys instead of the development ones', () => {
    const kek = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
    const exported = composeConfig({ IAM_KEY_ENCRYPTION_KEYS: kek }).services;
    for (const service of SERVICES)
      expect(environmentOf(exported[service]).IAM_KEY_ENCRYPTION_KEYS).toBe(kek);
  });

  it('forwards between the services by their compose names', () => {
    const env = environmentOf(services.identity);
    expect([env.IAM_IDENTITY_URL, env.IAM_POLICY_URL, env.IAM_STS_URL]).toEqual([
      'http://identity:8080',
      'http://policy:8080',
      'http://sts:8080',
    ]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('is multi-stage on a current Node LTS, the last stage with production dependencies only', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:(22|24)-[a-z]+-slim$/m);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const last = stages[stages.length - 1];
    expect(last).not.toMatch(/npm (ci|install)(?! --omit=dev)/);
  });

  it('runs as a numeric non-root user, with a HEALTHCHECK and the IAM_SERVICE launcher', () => {
    const last = stages[stages.length - 1];
    const user = /^USER (\d+)(:\d+)?$/m.exec(last);
    expect(Number(user?.[1])).toBeGreaterThan(0);
    expect(last).toMatch(/^HEALTHCHECK /m);
    expect(last).toMatch(/^CMD \["node", "deploy\/container\/start.js"\]$/m);
  });
});

describe('deploy/container/start.js (the image entry point)', () => {
  it('refuses a service it does not know, by name, with exit code 1', () => {
    const result = spawnSync(process.execPath, [join(root, 'deploy', 'container', 'start.js')], {
      env: { PATH: process.env.PATH, IAM_SERVICE: 'billing' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'configuration error: IAM_SERVICE must be one of standalone, identity, policy, sts, audit\n',
    );
  });
});
