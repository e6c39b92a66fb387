import type { WireAction } from '../action-table';
import { auditActions } from './audit-actions';
import { identityActions } from './identity-actions';
import { policyActions } from './policy-actions';
import { providerActions } from './provider-actions';

/** The API version every IAM Query request names. */
export const IAM_VERSION = '2010-05-08';
export const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** Every IAM action this door answers, by AWS's name. */
export const iamActions: Readonly<Record<string, WireAction>> = {
  ...identityActions,
  ...providerActions,
  ...policyActions,
  ...auditActions,
};
