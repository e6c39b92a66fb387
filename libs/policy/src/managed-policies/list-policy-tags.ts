import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { TagV1 } from '@iam/contracts';
import { EventStore } from '@iam/event-store';
import { tagPage, type Page, type PageRequest } from '@iam/service-kit';
import { ManagedPoliciesQueries } from './managed-policies.queries';

export class ListPolicyTags extends Query<Page<TagV1>> {
  constructor(
    readonly requester: Requester,
    readonly policyArn: string,
    readonly request: PageRequest,
  ) {
    super();
  }
}

/** A managed policy's tags, paged by key as AWS pages them (AWS managed policies have none). */
@QueryHandler(ListPolicyTags)
export class ListPolicyTagsHandler implements IQueryHandler<ListPolicyTags> {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
  ) {}

  async execute({ requester, policyArn, request }: ListPolicyTags): Promise<Page<TagV1>> {
    const policy = await this.policies.get(this.store.database, requester.caller.accountId, policyArn);
    return tagPage(policy.tags, request);
  }
}
