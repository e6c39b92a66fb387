import type { NewEvent } from '../event-envelope';
import type { IdentityEventTypes } from './identity-event-types';

/** Stream `group-<AGPA id>`. Membership lives on the user stream (UserAddedToGroup). */

export interface GroupCreatedV1 {
  groupId: string;
  accountId: string;
  groupName: string;
  path: string;
  arn: string;
  createDate: string;
}

export interface GroupUpdatedV1 {
  groupId: string;
  previousGroupName: string;
  previousPath: string;
  groupName: string;
  path: string;
  arn: string;
}

export interface GroupDeletedV1 {
  groupId: string;
  groupName: string;
  arn: string;
}

export type GroupEvent =
  | NewEvent<typeof IdentityEventTypes.GroupCreated, GroupCreatedV1>
  | NewEvent<typeof IdentityEventTypes.GroupUpdated, GroupUpdatedV1>
  | NewEvent<typeof IdentityEventTypes.GroupDeleted, GroupDeletedV1>;
