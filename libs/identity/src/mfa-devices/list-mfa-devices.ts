import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { UsersQueries } from '../users/users.queries';
import { MfaDevicesQueries, type MfaDeviceView } from './mfa-devices.queries';

export class ListMFADevices extends Query<MfaDeviceView[]> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
  ) {
    super();
  }
}

/** The devices enabled for a user of the caller's account. */
@QueryHandler(ListMFADevices)
export class ListMFADevicesHandler implements IQueryHandler<ListMFADevices> {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    @Inject(MfaDevicesQueries) private readonly devices: MfaDevicesQueries,
  ) {}

  async execute({ requester, userName }: ListMFADevices): Promise<MfaDeviceView[]> {
    const db = this.store.database;
    const { accountId } = requester.caller;
    const user = await this.users.get(db, accountId, userName);
    return this.devices.enabledFor(db, accountId, user);
  }
}
