import { join } from 'node:path';
import { Topics, deadLetterTopic } from '@iam/contracts';
import { configurationVariables } from '@iam/platform';
import { deploymentProblems, OPERATOR_KINDS, schemaProblem } from './kubernetes-checks';
import { deployDir, kubectlAvailable, kustomize, type KubernetesObject } from './manifests';

/**
 * deploy/kubernetes without a cluster: each overlay built by `kubectl
 * kustomize`, every object checked against the Kubernetes schema, and what
 * a Deployment of ours must have. Skipped only on a developer machine
 * without kubectl; in CI (CI set) a missing kubectl fails here (.ci/run
 * installs Debian's kubernetes-client).
 */
const run = kubectlAvailable() || process.env.CI ? describe : describe.skip;
const SERVICES = ['identity', 'policy', 'sts', 'audit'];
/** Settings that are secrets: never in the ConfigMap, always from a Secret. */
const SECRET = /(_KEYS?|_KEY_ID|_SECRET\w*|_PASSWORD|_TOKEN)$|^DATABASE_URL$/;

const of = (objects: KubernetesObject[], kind: string) => objects.filter((object) => object.kind === kind);
const named = (objects: KubernetesObject[], kind: string, name: string) => {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};

run.each(['dev', 'production'])('Kubernetes overlay %s', (overlay) => {
  let objects: KubernetesObject[];
  beforeAll(() => {
    objects = kustomize(join(deployDir, 'kubernetes', 'overlays', overlay));
  });

  it('builds, puts every object in the overlay namespace, and each valid for its Kubernetes schema', () => {
    expect(objects.length).toBeGreaterThan(20);
    const namespace = overlay === 'dev' ? 'iam-dev' : 'iam';
    const problems = objects.flatMap((object) => {
      if (OPERATOR_KINDS.has(`${object.apiVersion} ${object.kind}`)) return [];
      const problem = schemaProblem(object);
      return problem ? [problem] : [];
    });
    expect(problems).toEqual([]);
    for (const object of objects.filter((object) => object.kind !== 'Namespace'))
      expect(`${object.kind}/${object.metadata.name} in ${object.metadata.namespace}`).toBe(
        `${object.kind}/${object.metadata.name} in ${namespace}`,
      );
    expect(
      named(objects, 'Namespace', namespace).metadata.labels?.['pod-security.kubernetes.io/enforce'],
    ).toBe('restricted');
  });

  it('has a Deployment per service with probes, limits and the restricted security context', () => {
    const deployments = of(objects, 'Deployment');
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual(
      SERVICES.map((service) => `iam-${service}`).sort(),
    );
    expect(deployments.flatMap(deploymentProblems)).toEqual([]);
    for (const service of SERVICES) {
      const pod = named(objects, 'Deployment', `iam-${service}`).spec.template.spec;
      const [container] = pod.containers;
      expect(container.env).toContainEqual({ name: 'IAM_SERVICE', value: service });
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(named(objects, 'ServiceAccount', pod.serviceAccountName).automountServiceAccountToken).toBe(
        false,
      );
    }
  });

  it('scales each service with a HorizontalPodAutoscaler and a PodDisruptionBudget, behind a Service', () => {
    for (const service of SERVICES) {
      const deployment = named(objects, 'Deployment', `iam-${service}`);
      const podLabels = deployment.spec.template.metadata.labels;
      // The autoscaler owns the count: a `replicas` here would fight it on every apply.
      expect(deployment.spec.replicas).toBeUndefined();
      const autoscaler = named(objects, 'HorizontalPodAutoscaler', `iam-${service}`);
      expect(autoscaler.spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: `iam-${service}`,
      });
      expect(autoscaler.spec.maxReplicas).toBeGreaterThanOrEqual(autoscaler.spec.minReplicas);
      if (overlay === 'production') expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(3);
      const budget = named(objects, 'PodDisruptionBudget', `iam-${service}`);
      expect(podLabels).toEqual(expect.objectContaining(budget.spec.selector.matchLabels));
      const front = named(objects, 'Service', `iam-${service}`);
      expect(podLabels).toEqual(expect.objectContaining(front.spec.selector));
    }
  });

  it('sets every configuration variable: the ConfigMap the plain ones, Secrets (by reference) the secret ones', () => {
    const data: Record<string, string> = named(objects, 'ConfigMap', 'iam-config').data;
    // No Secret with values is shipped: they come from the operator's secret store.
    expect(of(objects, 'Secret')).toEqual([]);
    for (const service of SERVICES) {
      const container = named(objects, 'Deployment', `iam-${service}`).spec.template.spec.containers[0];
      expect(container.envFrom).toContainEqual({ configMapRef: { name: 'iam-config' } });
      const env = new Map<string, KubernetesObject>(
        container.env.map((entry: KubernetesObject) => [entry.name, entry]),
      );
      for (const variable of configurationVariables()) {
        if (SECRET.test(variable)) {
          expect(`${variable} in ConfigMap: ${variable in data}`).toBe(`${variable} in ConfigMap: false`);
          expect(env.get(variable)?.valueFrom?.secretKeyRef?.name).toEqual(expect.any(String));
          expect(env.get(variable)?.value).toBeUndefined();
        } else {
          expect(`${variable} in ConfigMap: ${variable in data}`).toBe(`${variable} in ConfigMap: true`);
        }
      }
    }
    for (const service of ['identity', 'policy', 'sts'])
      expect(data[`IAM_${service.toUpperCase()}_URL`]).toBe(`http://iam-${service}:8080`);
  });

  it('lets the services reach DNS, Postgres, Redis, Kafka and each other, and nothing else', () => {
    const policies = of(objects, 'NetworkPolicy');
    const deny = named(objects, 'NetworkPolicy', 'iam-default-deny');
    expect(deny.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
    expect(deny.spec.ingress ?? []).toEqual([]);
    expect(deny.spec.egress ?? []).toEqual([]);
    const egressPorts = policies
      .flatMap((policy) => policy.spec.egress ?? [])
      .flatMap((rule: KubernetesObject) => rule.ports.map((port: KubernetesObject) => port.port));
    expect([...new Set(egressPorts)].sort()).toEqual([53, 5432, 6379, 8080, 9092].sort());
    // Every egress rule names its destination: none is open to any address.
    for (const rule of policies.flatMap((policy) => policy.spec.egress ?? []))
      expect(rule.to?.length).toBeGreaterThan(0);
    const ingressPorts = policies
      .flatMap((policy) => policy.spec.ingress ?? [])
      .flatMap((rule: KubernetesObject) => rule.ports.map((port: KubernetesObject) => port.port));
    expect(ingressPorts).toEqual([8080]);
  });

  it('describes the infrastructure the configuration points at: Kafka in KRaft, CloudNativePG, Redis', () => {
    const data: Record<string, string> = named(objects, 'ConfigMap', 'iam-config').data;
    const kafka = of(objects, 'Kafka')[0];
    expect(kafka.metadata.annotations).toEqual(
      expect.objectContaining({ 'strimzi.io/kraft': 'enabled', 'strimzi.io/node-pools': 'enabled' }),
    );
    expect(data.KAFKA_BROKERS).toBe(`${kafka.metadata.name}-kafka-bootstrap:9092`);
    const pools = of(objects, 'KafkaNodePool');
    expect(pools.flatMap((pool) => pool.spec.roles).sort()).toEqual(['broker', 'controller']);
    expect(pools.every((pool) => pool.metadata.labels?.['strimzi.io/cluster'] === kafka.metadata.name)).toBe(
      true,
    );
    // The topics the services use, with their partitions; replication fits the nodes.
    const topics = of(objects, 'KafkaTopic');
    const wanted = Object.values(Topics).flatMap((topic) => [topic, deadLetterTopic(topic)]);
    expect(topics.map((topic) => topic.metadata.name).sort()).toEqual(wanted.sort());
    const nodes = pools.reduce((sum, pool) => sum + pool.spec.replicas, 0);
    const minInSync = kafka.spec.kafka.config['min.insync.replicas'];
    for (const topic of topics) {
      expect(topic.spec.partitions).toBe(Number(data.KAFKA_PARTITIONS));
      expect(topic.spec.replicas).toBeLessThanOrEqual(nodes);
      expect(minInSync).toBeLessThanOrEqual(topic.spec.replicas);
    }
    const postgres = named(objects, 'Cluster', 'iam-postgres');
    const databaseSecret = named(
      objects,
      'Deployment',
      'iam-identity',
    ).spec.template.spec.containers[0].env.find((entry: KubernetesObject) => entry.name === 'DATABASE_URL')
      .valueFrom.secretKeyRef;
    // CloudNativePG writes <cluster>-app with a `uri` key.
    expect(databaseSecret).toEqual({ name: `${postgres.metadata.name}-app`, key: 'uri' });
    const redis = named(objects, 'Service', 'iam-redis');
    expect(data.REDIS_URL).toBe(`redis://${redis.metadata.name}:${redis.spec.ports[0].port}`);
    if (overlay === 'production') {
      expect(nodes).toBeGreaterThanOrEqual(3);
      expect(minInSync).toBeGreaterThanOrEqual(2);
      expect(topics.every((topic) => topic.spec.replicas === 3)).toBe(true);
      expect(postgres.spec.instances).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('deploymentProblems', () => {
  const base = (): KubernetesObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'iam-x' },
    spec: {
      template: {
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'x',
              startupProbe: { httpGet: { path: '/health/live', port: 8080 } },
              livenessProbe: { httpGet: { path: '/health/live', port: 8080 } },
              readinessProbe: { httpGet: { path: '/health/ready', port: 8080 } },
              resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  });

  it('finds nothing wrong with a complete Deployment', () => {
    expect(deploymentProblems(base())).toEqual([]);
  });

  it.each([
    ['a probe', (c: KubernetesObject) => delete c.readinessProbe, 'iam-x/x: no readinessProbe'],
    ['a limit', (c: KubernetesObject) => delete c.resources.limits.memory, 'iam-x/x: no memory limits'],
    [
      'the security context',
      (c: KubernetesObject) => delete c.securityContext,
      'iam-x/x: readOnlyRootFilesystem is not true',
    ],
    [
      'dropped capabilities',
      (c: KubernetesObject) => (c.securityContext.capabilities.drop = []),
      'iam-x/x: capabilities do not drop ALL',
    ],
  ])('names a container without %s', (_what, remove, problem) => {
    const deployment = base();
    remove(deployment.spec.template.spec.containers[0]);
    expect(deploymentProblems(deployment)).toContain(problem);
  });

  it('names a pod without seccomp, non-root or with a service-account token', () => {
    const deployment = base();
    const pod = deployment.spec.template.spec;
    delete pod.securityContext;
    pod.automountServiceAccountToken = true;
    expect(deploymentProblems(deployment)).toEqual(
      expect.arrayContaining([
        'iam-x: automountServiceAccountToken is not false',
        'iam-x: pod seccompProfile is not RuntimeDefault',
        'iam-x/x: runAsNonRoot is not true',
      ]),
    );
  });

  it('finds a schema violation (a port that is not a number)', () => {
    const deployment = base();
    deployment.spec.selector = { matchLabels: { a: 'b' } };
    deployment.spec.template.spec.containers[0].ports = [{ containerPort: 'http' }];
    expect(schemaProblem(deployment)).toMatch(/containerPort must be integer/);
    expect(schemaProblem({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' } })).toMatch(
      /no Kubernetes schema/,
    );
  });
});
