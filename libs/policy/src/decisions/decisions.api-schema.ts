import { ApiSchemas } from '@iam/service-kit';

/** SimulatePrincipalPolicy's and SimulateCustomPolicy's answer (SimulationPage, AWS's names). */
export const simulationSchema = ApiSchemas.page(
  'evaluationResults',
  ApiSchemas.object(
    {
      evalActionName: ApiSchemas.string,
      evalResourceName: ApiSchemas.string,
      evalDecision: { type: 'string', enum: ['allowed', 'explicitDeny', 'implicitDeny'] },
      matchedStatements: {
        type: 'array',
        items: ApiSchemas.object(
          {
            sourcePolicyId: ApiSchemas.string,
            sourcePolicyType: {
              type: 'string',
              enum: ['user', 'group', 'role', 'aws-managed', 'user-managed', 'resource', 'none'],
            },
            effect: { type: 'string', enum: ['Allow', 'Deny'] },
            sid: ApiSchemas.string,
            statementIndex: {
              type: 'integer',
              description: 'position of the statement in its policy (0-based); AWS gives line and column',
            },
          },
          ['sid'],
        ),
      },
      missingContextValues: { type: 'array', items: ApiSchemas.string },
      permissionsBoundaryDecisionDetail: ApiSchemas.object({
        allowedByPermissionsBoundary: { type: 'boolean' },
      }),
    },
    ['permissionsBoundaryDecisionDetail'],
  ),
);

/** ValidatePolicy's answer (PolicyFinding, as IAM Access Analyzer names them). */
export const validatePolicySchema = ApiSchemas.object({
  findings: {
    type: 'array',
    items: ApiSchemas.object({
      findingType: { type: 'string', enum: ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'] },
      issueCode: ApiSchemas.string,
      findingDetails: ApiSchemas.string,
      locations: {
        type: 'array',
        items: ApiSchemas.object({
          path: {
            type: 'array',
            description: 'from the document root: object keys (`value`) and array positions (`index`)',
            items: {
              oneOf: [
                ApiSchemas.object({ value: ApiSchemas.string }),
                ApiSchemas.object({ index: { type: 'integer' } }),
              ],
            },
          },
        }),
      },
    }),
  },
});
