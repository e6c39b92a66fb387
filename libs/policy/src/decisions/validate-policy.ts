import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { lintPolicy, type Finding, type ValidatePolicyOptions } from '@iam/policy-engine';
import { RESOURCE_POLICY_SIZE } from './decision-input';
import type { ValidatePolicyType } from './decisions.dto';

export interface PolicyFinding {
  findingType: Finding['severity'];
  issueCode: string;
  findingDetails: string;
  locations: { path: ({ value: string } | { index: number })[] }[];
}

const VALIDATE_TYPES: Record<ValidatePolicyType, Omit<ValidatePolicyOptions, 'lint'>> = {
  IDENTITY_POLICY: { type: 'identity', kind: 'managed' },
  RESOURCE_POLICY: { type: 'resource', sizeLimit: RESOURCE_POLICY_SIZE },
  // SCPs share the identity grammar (no Principal); their quota is 5,120.
  SERVICE_CONTROL_POLICY: { type: 'identity', sizeLimit: 5120 },
  PERMISSIONS_BOUNDARY_POLICY: { type: 'boundary' },
  SESSION_POLICY: { type: 'session' },
};

/** Access Analyzer's ValidatePolicy: ERROR, SECURITY_WARNING, WARNING and SUGGESTION findings. */
export class ValidatePolicy extends Query<PolicyFinding[]> {
  constructor(
    readonly requester: Requester,
    readonly policyDocument: string,
    readonly policyType: ValidatePolicyType = 'IDENTITY_POLICY',
  ) {
    super();
  }
}

@QueryHandler(ValidatePolicy)
export class ValidatePolicyHandler implements IQueryHandler<ValidatePolicy> {
  async execute({ policyDocument, policyType }: ValidatePolicy): Promise<PolicyFinding[]> {
    return lintPolicy(policyDocument, VALIDATE_TYPES[policyType]).map((f) => ({
      findingType: f.severity,
      issueCode: f.code,
      // IAM's words, then what exactly is wrong when the words are terse (`Syntax errors in policy.`).
      findingDetails: f.detail ? `${f.message} ${f.detail}` : f.message,
      locations: f.path ? [{ path: pathElements(f.path) }] : [],
    }));
  }
}

/** `Statement[2].Condition.StringLike` as Access Analyzer's path elements. */
function pathElements(path: string): ({ value: string } | { index: number })[] {
  const out: ({ value: string } | { index: number })[] = [];
  for (const match of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) {
    if (match[1] !== undefined) out.push({ index: Number(match[1]) });
    else out.push({ value: match[2] });
  }
  return out;
}
