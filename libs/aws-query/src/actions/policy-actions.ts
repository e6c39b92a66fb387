import type { WireAction } from '../action-table';

const policy = (route: string, more: Omit<WireAction, 'route' | 'owner'> = {}): WireAction => ({
  route,
  owner: 'policy',
  ...more,
});

/** Attachments, inline policies and boundaries of one kind of principal, as AWS names them. */
function principalActions(noun: 'User' | 'Group' | 'Role'): Record<string, WireAction> {
  const base = `/v1/${noun.toLowerCase()}s/:${noun.toLowerCase()}Name`;
  return {
    [`Attach${noun}Policy`]: policy(`PUT ${base}/attached-policies/:policyArn`),
    [`Detach${noun}Policy`]: policy(`DELETE ${base}/attached-policies/:policyArn`),
    [`ListAttached${noun}Policies`]: policy(`GET ${base}/attached-policies`),
    [`Put${noun}Policy`]: policy(`PUT ${base}/policies/:policyName`),
    [`Get${noun}Policy`]: policy(`GET ${base}/policies/:policyName`),
    [`List${noun}Policies`]: policy(`GET ${base}/policies`),
    [`Delete${noun}Policy`]: policy(`DELETE ${base}/policies/:policyName`),
  };
}

function boundaryActions(noun: 'User' | 'Role'): Record<string, WireAction> {
  const route = `/v1/${noun.toLowerCase()}s/:${noun.toLowerCase()}Name/permissions-boundary`;
  return {
    [`Put${noun}PermissionsBoundary`]: policy(`PUT ${route}`, {
      rename: { PermissionsBoundary: 'policyArn' },
    }),
    [`Delete${noun}PermissionsBoundary`]: policy(`DELETE ${route}`),
  };
}

/**
 * A page of simulation results as AWS writes it: each matched statement
 * named by its source policy and type (our statement index and effect are
 * not AWS members; AWS's line and column positions we do not keep).
 */
function simulationResult(json: Record<string, unknown>): Record<string, unknown> {
  const results = json.evaluationResults as {
    matchedStatements: { sourcePolicyId: string; sourcePolicyType: string }[];
  }[];
  return {
    EvaluationResults: results.map(({ matchedStatements, ...result }) => ({
      ...result,
      MatchedStatements: matchedStatements.map((s) => ({
        SourcePolicyId: s.sourcePolicyId,
        SourcePolicyType: s.sourcePolicyType,
      })),
    })),
    IsTruncated: json.isTruncated,
    Marker: json.marker,
  };
}

/** Managed policies and their versions, attachments, inline policies, boundaries: the policy service's routes. */
export const policyActions: Record<string, WireAction> = {
  CreatePolicy: policy('POST /v1/policies'),
  GetPolicy: policy('GET /v1/policies/:policyArn'),
  ListPolicies: policy('GET /v1/policies'),
  DeletePolicy: policy('DELETE /v1/policies/:policyArn'),
  CreatePolicyVersion: policy('POST /v1/policies/:policyArn/versions'),
  GetPolicyVersion: policy('GET /v1/policies/:policyArn/versions/:versionId'),
  ListPolicyVersions: policy('GET /v1/policies/:policyArn/versions'),
  DeletePolicyVersion: policy('DELETE /v1/policies/:policyArn/versions/:versionId'),
  SetDefaultPolicyVersion: policy('PUT /v1/policies/:policyArn/default-version'),
  ListEntitiesForPolicy: policy('GET /v1/policies/:policyArn/entities'),
  TagPolicy: policy('POST /v1/policies/:policyArn/tags'),
  UntagPolicy: policy('DELETE /v1/policies/:policyArn/tags'),
  ListPolicyTags: policy('GET /v1/policies/:policyArn/tags'),
  SimulatePrincipalPolicy: policy('POST /v1/simulate-principal-policy', { result: simulationResult }),
  SimulateCustomPolicy: policy('POST /v1/simulate-custom-policy', { result: simulationResult }),
  // Its answer carries AWS's members (lower-camel); the documents in it go URL-encoded, as AWS's.
  GetAccountAuthorizationDetails: policy('GET /v1/account-authorization-details'),
  ...principalActions('User'),
  ...principalActions('Group'),
  ...principalActions('Role'),
  ...boundaryActions('User'),
  ...boundaryActions('Role'),
};
