import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import { UsersQueries } from '../users/users.queries';
import { LoginProfilesQueries, type LoginProfileView } from './login-profiles.queries';

export class GetLoginProfile extends Query<LoginProfileView> {
  constructor(
    readonly requester: Requester,
    readonly userName: string,
  ) {
    super();
  }
}

/** The profile's dates and reset flag, never the password or its hash. */
@QueryHandler(GetLoginProfile)
export class GetLoginProfileHandler implements IQueryHandler<GetLoginProfile> {
  constructor(
    private readonly store: EventStore,
    @Inject(UsersQueries) private readonly users: UsersQueries,
    @Inject(LoginProfilesQueries) private readonly profiles: LoginProfilesQueries,
  ) {}

  async execute({ requester, userName }: GetLoginProfile): Promise<LoginProfileView> {
    const db = this.store.database;
    const { accountId } = requester.caller;
    const user = await this.users.get(db, accountId, userName);
    return this.profiles.get(db, accountId, user);
  }
}
