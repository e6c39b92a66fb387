import type { KubernetesObject } from './manifests';

/** Kinds of the operators the infrastructure examples use: no Kubernetes schema, checked by the spec itself. */
export const OPERATOR_KINDS = new Set([
  'kafka.strimzi.io/v1beta2 Kafka',
  'kafka.strimzi.io/v1beta2 KafkaNodePool',
  'kafka.strimzi.io/v1beta2 KafkaTopic',
  'postgresql.cnpg.io/v1 Cluster',
]);

interface Model {
  validate(): void;
}

/**
 * Validates one object against the Kubernetes OpenAPI schema of its kind (the
 * `kubernetes-models` validators: types, formats, required fields). Returns
 * the problem, or undefined when valid. A kind it does not know is a problem.
 */
export function schemaProblem(object: KubernetesObject): string | undefined {
  const name = `${object.apiVersion} ${object.kind} ${object.metadata?.name}`;
  let module: Record<string, new (data: unknown) => Model>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    module = require(`kubernetes-models/${object.apiVersion}/${object.kind}`);
  } catch {
    return `${name}: no Kubernetes schema for this apiVersion and kind`;
  }
  try {
    new module[object.kind](object).validate();
    return undefined;
  } catch (error) {
    return `${name}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * What a Deployment of ours must have and lacks: the three probes, requests
 * and limits of CPU and memory, the restricted security context, and no
 * service-account token. Empty when it has them all.
 */
export function deploymentProblems(deployment: KubernetesObject): string[] {
  const problems: string[] = [];
  const pod = deployment.spec?.template?.spec ?? {};
  const name = deployment.metadata.name;
  if (pod.automountServiceAccountToken !== false)
    problems.push(`${name}: automountServiceAccountToken is not false`);
  if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault')
    problems.push(`${name}: pod seccompProfile is not RuntimeDefault`);
  const containers: KubernetesObject[] = [...(pod.containers ?? []), ...(pod.initContainers ?? [])];
  if (containers.length === 0) problems.push(`${name}: no containers`);
  for (const container of containers) {
    const at = `${name}/${container.name}`;
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'])
      if (!container[probe]) problems.push(`${at}: no ${probe}`);
    for (const bound of ['requests', 'limits'])
      for (const resource of ['cpu', 'memory'])
        if (!container.resources?.[bound]?.[resource]) problems.push(`${at}: no ${resource} ${bound}`);
    const security = container.securityContext ?? {};
    if (security.allowPrivilegeEscalation !== false)
      problems.push(`${at}: allowPrivilegeEscalation is not false`);
    if (security.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem is not true`);
    if (!(security.capabilities?.drop ?? []).includes('ALL'))
      problems.push(`${at}: capabilities do not drop ALL`);
    if (security.privileged === true) problems.push(`${at}: privileged`);
    if (security.runAsNonRoot !== true && pod.securityContext?.runAsNonRoot !== true)
      problems.push(`${at}: runAsNonRoot is not true`);
    if (security.runAsUser === 0 || pod.securityContext?.runAsUser === 0)
      problems.push(`${at}: runs as root`);
  }
  return problems;
}
