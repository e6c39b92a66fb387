import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { POLICY_SCHEMA } from '../policy.tokens';
import { CreatePolicyHandler } from './create-policy';
import { CreatePolicyVersionHandler } from './create-policy-version';
import { DeletePolicyHandler } from './delete-policy';
import { DeletePolicyVersionHandler } from './delete-policy-version';
import { GetPolicyHandler } from './get-policy';
import { GetPolicyVersionHandler } from './get-policy-version';
import { ListEntitiesForPolicyHandler } from './list-entities-for-policy';
import { ListPoliciesHandler } from './list-policies';
import { ListPolicyVersionsHandler } from './list-policy-versions';
import { ManagedPoliciesController } from './managed-policies.controller';
import { ManagedPoliciesProjection } from './managed-policies.projection';
import { ManagedPoliciesQueries } from './managed-policies.queries';
import { ManagedPolicyStreams } from './managed-policy-streams';
import { ListPolicyTagsHandler } from './list-policy-tags';
import { SetDefaultPolicyVersionHandler } from './set-default-policy-version';
import { TagPolicyHandler } from './tag-policy';
import { UntagPolicyHandler } from './untag-policy';

/** What this slice adds to the policy module: its routes, its use cases (one handler each), queries and read model. */
export const managedPoliciesSlice = {
  controllers: [ManagedPoliciesController] as Type[],
  providers: [
    {
      provide: ManagedPoliciesQueries,
      inject: [POLICY_SCHEMA],
      useFactory: (schema: string) => new ManagedPoliciesQueries(schema),
    },
    ManagedPolicyStreams,
    CreatePolicyHandler,
    GetPolicyHandler,
    ListPoliciesHandler,
    DeletePolicyHandler,
    CreatePolicyVersionHandler,
    ListPolicyVersionsHandler,
    GetPolicyVersionHandler,
    DeletePolicyVersionHandler,
    SetDefaultPolicyVersionHandler,
    ListEntitiesForPolicyHandler,
    TagPolicyHandler,
    UntagPolicyHandler,
    ListPolicyTagsHandler,
  ] as Provider[],
  projections: (schema: string): InlineProjection[] => [new ManagedPoliciesProjection(schema)],
};
