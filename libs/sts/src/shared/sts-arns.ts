import { validationError } from '@iam/contracts';

/** ARNs STS hands out and reads, as AWS forms them. */
export const StsArns = {
  assumedRole: (accountId: string, roleName: string, sessionName: string) =>
    `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
  federatedUser: (accountId: string, name: string) => `arn:aws:sts::${accountId}:federated-user/${name}`,
  role: (accountId: string, path: string, roleName: string) =>
    `arn:aws:iam::${accountId}:role${path}${roleName}`,
  root: (accountId: string) => `arn:aws:iam::${accountId}:root`,
} as const;

export interface RoleArnParts {
  accountId: string;
  path: string;
  roleName: string;
}

// arn:aws:iam::<12 digits>:role<path><name>; the path is / or /…/ of printable ASCII.
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]{1,64})$/;

/** The parts of a role ARN, or a ValidationError naming the field (AWS: roleArnType, 20–2048). */
export function parseRoleArn(value: string, field = 'roleArn'): RoleArnParts {
  if (value.length < 20)
    throw validationError(field, value, 'Member must have length greater than or equal to 20');
  if (value.length > 2048)
    throw validationError(field, value, 'Member must have length less than or equal to 2048');
  const match = ROLE_ARN.exec(value);
  if (!match)
    throw validationError(
      field,
      value,
      'Member must be the ARN of a role (arn:aws:iam::<account>:role/<path/><name>)',
    );
  return { accountId: match[1], path: match[2], roleName: match[3] };
}
