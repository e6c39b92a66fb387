import type { WireAction } from './action-table';
import { IAM_VERSION, IAM_XMLNS, iamActions } from './actions/iam-actions';
import { STS_VERSION, STS_XMLNS, stsActions } from './actions/sts-actions';

/**
 * One AWS API the door speaks: its version, XML namespace, the SigV4
 * signing service its requests carry and its actions.
 */
export interface QueryApi {
  name: string;
  version: string;
  xmlns: string;
  signingService: 'iam' | 'sts';
  actions: Readonly<Record<string, WireAction>>;
}

export const queryApis: readonly QueryApi[] = [
  { name: 'iam', version: IAM_VERSION, xmlns: IAM_XMLNS, signingService: 'iam', actions: iamActions },
  { name: 'sts', version: STS_VERSION, xmlns: STS_XMLNS, signingService: 'sts', actions: stsActions },
];

/** The API that has this action (action names are unique across IAM and STS). */
export function apiOf(action: string): QueryApi | undefined {
  return queryApis.find((api) => Object.hasOwn(api.actions, action));
}
