import { ApiSchemas } from '@iam/service-kit';

/** FindingView (list-findings.ts) in the OpenAPI document. */
export const findingSchema = ApiSchemas.object({
  findingId: ApiSchemas.string,
  ruleId: ApiSchemas.string,
  severity: { type: 'string', enum: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] },
  entityArn: ApiSchemas.string,
  entityType: { type: 'string', enum: ['Root', 'User', 'Role', 'Group', 'Policy', 'Account'] },
  detail: ApiSchemas.string,
  remediation: ApiSchemas.string,
  detectedAt: ApiSchemas.dateTime,
});

/** ListFindings's answer: every open finding matching the filters (not paged). */
export const findingsSchema = ApiSchemas.page('findings', findingSchema);
