import { AwsMessage } from './validation-context';

/**
 * A Resource / NotResource value as IAM checks it before it stores a policy,
 * with IAM's messages. IAM accepts ARNs of fewer than six parts
 * (`arn:aws:sqs:*`): "If the `*` wildcard is the last character of a
 * resource ARN segment, it can expand to match beyond the colon boundaries"
 * (IAM JSON policy elements: Resource). The service part is literal: "You
 * can't use a wildcard in the service segment that identifies the AWS
 * product."
 */

export interface ResourceProblem {
  readonly message: string;
  readonly detail?: string;
  /** IAM reports it from its "legacy parsing" pass (`The policy failed legacy parsing`). */
  readonly legacy?: boolean;
}

const PARTITIONS = new Set([
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
]);

const IAM_RESOURCE_TYPES = [
  'user/',
  'federated-user/',
  'role/',
  'group/',
  'instance-profile/',
  'mfa/',
  'server-certificate/',
  'policy/',
  'sms-mfa/',
  'saml-provider/',
  'oidc-provider/',
  'report/',
  'access-report/',
];

/** Why IAM would refuse `resource`, or `undefined` when it is a valid ARN pattern or `*`. */
export function validateResource(resource: string): ResourceProblem | undefined {
  if (resource === '*') return undefined;
  const notArn = { message: `Resource ${resource} must be in ARN format or "*".` };
  const parts = splitOutsideVariables(resource);
  if (parts.length === 1) return notArn;
  const partition = parts[1];
  if (partition !== '*' && !PARTITIONS.has(partition)) {
    return {
      message: `Partition "${partition}" is not valid for resource "${padded(partition, parts.slice(2))}".`,
    };
  }
  // IAM reads the first part as `arn` whatever it says; we refuse anything else.
  if (parts[0] !== 'arn') return notArn;
  if (parts.length < 3)
    return { message: AwsMessage.resourceVendor, detail: `Resource ${resource} names no service.` };
  const [, , service, region = '', , ...rest] = parts;
  const resourceId = rest.join(':');
  if (service === '' || (parts.length === 5 && resource.includes('::')))
    return { message: AwsMessage.legacy, legacy: true, detail: `Resource ${resource} is not a valid ARN.` };
  if (/[*?]|\$\{/.test(service))
    return {
      message: AwsMessage.resourceVendor,
      detail: `Resource ${resource}: the service part takes no wildcard.`,
    };
  if (parts.length < 6) return undefined;
  if (service === 'iam' && region !== '')
    return { message: `IAM resource ${resource} cannot contain region information.` };
  if (service === 's3' && region !== '' && parts[4] === '' && !resourceId.startsWith('accesspoint/'))
    return { message: `Resource ${resource} can not contain region information.` };
  if (
    service === 'iam' &&
    resourceId !== '*' &&
    resourceId !== 'root' &&
    !resourceId.startsWith('${') &&
    !IAM_RESOURCE_TYPES.some((type) => resourceId.startsWith(type))
  ) {
    return {
      message: `IAM resource path must either be "*" or start with ${IAM_RESOURCE_TYPES.join(', ')}.`,
    };
  }
  return undefined;
}

/** The resource as IAM quotes it in a partition error: missing parts shown as `*`. */
function padded(partition: string, rest: readonly string[]): string {
  const r = rest.length === 0 ? [''] : rest;
  const first = r[0] !== '' || r.length > 1 ? r[0] : '*';
  const shown = [first, r[1] ?? '*', r[2] ?? '*', r.length > 3 ? r.slice(3).join(':') : '*'];
  return `arn:${partition}:${shown.join(':')}`;
}

/** Splits at colons that are not inside a `${…}` policy variable (`${aws:username}` has one). */
function splitOutsideVariables(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
