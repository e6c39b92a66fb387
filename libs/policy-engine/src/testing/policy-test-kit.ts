import { compilePolicySet, type PolicySet, type PolicySetInput } from '../compile/policy-set';
import type {
  AuthorizationRequest,
  RequestContext,
  RequestPrincipal,
} from '../evaluation/authorization-request';
import { evaluate } from '../evaluation/evaluate';

/** Shorthands for specs: documents from statements, sets from documents, requests from a few fields. */

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';

export const alice: RequestPrincipal = {
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accountId: ACCOUNT,
  type: 'User',
  username: 'alice',
  userId: 'AIDAEXAMPLEALICE',
};

export const roleSession: RequestPrincipal = {
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deploy/build-42`,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/Deploy`,
  accountId: ACCOUNT,
  type: 'AssumedRole',
  userId: 'AROAEXAMPLEDEPLOY:build-42',
};

export function doc(statements: object | object[], version = '2012-10-17'): string {
  return JSON.stringify({ Version: version, Statement: statements });
}

/** A set with each document given as an identity policy (or as the named types). */
export function setOf(input: {
  identity?: string[];
  boundary?: string;
  session?: string[];
  resource?: string[];
}): PolicySet {
  const named = (docs: string[] | undefined, prefix: string) =>
    docs?.map((document, i) => ({ id: `${prefix}${i + 1}`, document }));
  const set: PolicySetInput = {
    identity: named(input.identity, 'identity-'),
    boundary: input.boundary ? { id: 'boundary', document: input.boundary } : undefined,
    session: named(input.session, 'session-'),
    resource: named(input.resource, 'resource-'),
  };
  return compilePolicySet(set);
}

export function request(
  action: string,
  resource: string,
  context: RequestContext = {},
  principal: RequestPrincipal = alice,
  extra: Partial<AuthorizationRequest> = {},
): AuthorizationRequest {
  return { principal, action, resource, context, ...extra };
}

/**
 * Whether a single `Allow * on *` statement with this Condition block allows
 * the request: a black-box probe of one condition.
 */
export function conditionAllows(
  condition: object,
  context: RequestContext,
  options: { version?: string; principal?: RequestPrincipal } = {},
): boolean {
  const set = setOf({
    identity: [doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: condition }, options.version)],
  });
  return evaluate(
    request('s3:GetObject', 'arn:aws:s3:::bucket/key', context, options.principal ?? alice),
    set,
  ).allowed;
}
