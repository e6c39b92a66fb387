import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** deploy/ at the root of the repository. */
export const deployDir = join(__dirname, '..', '..', 'deploy');

/** A Kubernetes object as kustomize prints it (plain data). */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // The rest is read by the checks, each for its own kind.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

export function kubectlAvailable(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
}

/**
 * `kubectl kustomize <dir>`: the objects an overlay applies. Any kustomize
 * from v2.0.3 (Debian's kubernetes-client) on; warnings about deprecated
 * fields go to stderr and are not failures.
 */
export function kustomize(dir: string): KubernetesObject[] {
  const output = execFileSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseYamlDocuments(output) as KubernetesObject[];
}

/** Every document of a multi-document YAML text, failing on the first syntax error. */
export function parseYamlDocuments(text: string): unknown[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(document.errors[0].message);
    const value: unknown = document.toJS();
    return value === null || value === undefined ? [] : [value];
  });
}
