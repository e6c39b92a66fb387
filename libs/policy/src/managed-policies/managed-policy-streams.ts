import { Inject, Injectable } from '@nestjs/common';
import type { Requester } from '@iam/auth';
import { isAwsManagedPolicyArn } from '@iam/contracts';
import { EventStore, type Queryable } from '@iam/event-store';
import { callerMetadata, executeOnStream } from '@iam/service-kit';
import { PolicyErrors } from '../shared/policy-errors';
import { parsePolicyArn, PolicyStreamIds } from '../shared/policy-names';
import type { ManagedPolicyCommand } from './managed-policy.commands';
import { managedPolicyDecider } from './managed-policy.decider';
import { ManagedPoliciesQueries } from './managed-policies.queries';

/** Finds the caller's own managed policy and runs decider commands on its stream (every slice that changes a policy). */
@Injectable()
export class ManagedPolicyStreams {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
  ) {}

  /** The caller's own customer managed policy; AWS managed policies are read-only. */
  async requireModifiable(
    tx: Queryable,
    requester: Requester,
    policyArn: string,
    action: string,
    lock?: 'FOR UPDATE',
  ) {
    const { accountId } = requester.caller;
    parsePolicyArn(policyArn);
    if (isAwsManagedPolicyArn(policyArn)) {
      // Existence first, as AWS: an unknown AWS ARN is NoSuchEntity, a real one is read-only.
      await this.policies.get(tx, accountId, policyArn);
      throw PolicyErrors.awsManagedUnmodifiable(policyArn, action);
    }
    return this.policies.requireLocal(tx, accountId, policyArn, lock);
  }

  execute(tx: Queryable, requester: Requester, policyId: string, command: ManagedPolicyCommand) {
    return executeOnStream(
      this.store,
      tx,
      managedPolicyDecider,
      PolicyStreamIds.policy(policyId),
      command,
      callerMetadata(requester),
    );
  }
}
