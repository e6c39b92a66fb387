import { ApiSchemas } from '@iam/service-kit';

/** GenerateCredentialReport's answer (INPROGRESS is never answered: generation completes within the call). */
export const generateCredentialReportSchema = ApiSchemas.object({
  State: { type: 'string', enum: ['STARTED', 'COMPLETE'] },
  Description: ApiSchemas.string,
});

/** GetCredentialReport's answer: the CSV in JSON, base64-encoded as AWS's API returns it. */
export const credentialReportSchema = ApiSchemas.object({
  Content: { type: 'string', format: 'byte', description: 'the report as CSV with AWS’s columns, base64' },
  ReportFormat: { type: 'string', enum: ['text/csv'] },
  GeneratedTime: { type: 'string', format: 'date-time', description: 'to the second (no milliseconds)' },
});
