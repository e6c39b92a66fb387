import type { WireAction } from '../action-table';

const audit = (route: string): WireAction => ({ route, owner: 'audit' });

/** IAM actions the audit service answers (README "Audit: reports and findings"). */
export const auditActions: Record<string, WireAction> = {
  GenerateCredentialReport: audit('POST /v1/credential-report'),
  // Content is the base64 of the CSV already, as AWS's blob member is on the wire.
  GetCredentialReport: audit('GET /v1/credential-report'),
  // A job completed within the call; its report is kept under the JobId and read a page at a time.
  GenerateServiceLastAccessedDetails: audit('POST /v1/last-accessed/jobs'),
  // Its answer carries AWS's member names already (JobStatus, ServicesLastAccessed, …).
  GetServiceLastAccessedDetails: audit('GET /v1/last-accessed/jobs/:jobId'),
};
