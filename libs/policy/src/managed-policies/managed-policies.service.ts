import { Inject, Injectable } from '@nestjs/common';
import { isAwsManagedPolicyArn, type TagV1 } from '@iam/contracts';
import type { Principal } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import {
  type Page,
  type PageRequest,
  callerMetadata,
  executeOnStream,
  reservingName,
  commandTransaction,
} from '@iam/service-kit';
import { PolicyErrors } from '../shared/policy-errors';
import { parsePolicyArn, PolicyStreamIds } from '../shared/policy-names';
import { PolicyRandom } from '../shared/policy-random';
import type { ManagedPolicyCommand } from './managed-policy.commands';
import { managedPolicyDecider } from './managed-policy.decider';
import {
  ManagedPoliciesQueries,
  type PolicyEntitiesView,
  type PolicyVersionView,
  type PolicyView,
} from './managed-policies.queries';

/** Use cases of managed policies, each in one transaction, always within the caller's account. */
@Injectable()
export class ManagedPoliciesService {
  constructor(
    private readonly store: EventStore,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
  ) {}

  async create(
    caller: Principal,
    requestId: string,
    input: {
      policyName: string;
      policyDocument: string;
      path?: string;
      description?: string;
      tags?: TagV1[];
    },
  ): Promise<PolicyView> {
    const policyId = PolicyRandom.policyId();
    return reservingName(
      () =>
        commandTransaction(this.store, async (tx) => {
          const { events } = await executeOnStream(
            this.store,
            tx,
            managedPolicyDecider,
            PolicyStreamIds.policy(policyId),
            {
              type: 'CreatePolicy',
              data: { accountId: caller.accountId, policyId, ...input, createDate: new Date().toISOString() },
            },
            callerMetadata({ caller, requestId }),
          );
          return this.policies.get(
            tx,
            caller.accountId,
            (events[0].payload as { policyArn: string }).policyArn,
          );
        }),
      // The ARN contains the name: a race on one name meets either index first.
      ['managed_policies_account_name', 'managed_policies_arn_key'],
      () => PolicyErrors.policyAlreadyExists(input.policyName),
    );
  }

  get(caller: Principal, policyArn: string): Promise<PolicyView> {
    return this.policies.get(this.store.database, caller.accountId, policyArn);
  }

  list(
    caller: Principal,
    request: PageRequest & { scope?: string; onlyAttached?: boolean; pathPrefix?: string },
  ): Promise<Page<PolicyView>> {
    return this.policies.list(this.store.database, caller.accountId, request);
  }

  async delete(caller: Principal, requestId: string, policyArn: string): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const row = await this.requireModifiable(tx, caller, policyArn, 'iam:DeletePolicy', 'FOR UPDATE');
      const usageCount = await this.policies.usageCount(tx, caller.accountId, policyArn);
      await this.execute(tx, caller, requestId, row.policy_id, {
        type: 'DeletePolicy',
        data: { usageCount },
      });
    });
  }

  async createVersion(
    caller: Principal,
    requestId: string,
    policyArn: string,
    input: { policyDocument: string; setAsDefault?: boolean },
  ): Promise<PolicyVersionView> {
    return commandTransaction(this.store, async (tx) => {
      const row = await this.requireModifiable(tx, caller, policyArn, 'iam:CreatePolicyVersion');
      const { events } = await this.execute(tx, caller, requestId, row.policy_id, {
        type: 'CreatePolicyVersion',
        data: { ...input, createDate: new Date().toISOString() },
      });
      const { document: _document, ...version } = await this.policies.getVersion(
        tx,
        caller.accountId,
        policyArn,
        (events[0].payload as { versionId: string }).versionId,
      );
      return version;
    });
  }

  listVersions(caller: Principal, policyArn: string): Promise<PolicyVersionView[]> {
    return this.policies.listVersions(this.store.database, caller.accountId, policyArn);
  }

  getVersion(caller: Principal, policyArn: string, versionId: string): Promise<PolicyVersionView> {
    return this.policies.getVersion(this.store.database, caller.accountId, policyArn, versionId);
  }

  async deleteVersion(
    caller: Principal,
    requestId: string,
    policyArn: string,
    versionId: string,
  ): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const row = await this.requireModifiable(tx, caller, policyArn, 'iam:DeletePolicyVersion');
      await this.execute(tx, caller, requestId, row.policy_id, {
        type: 'DeletePolicyVersion',
        data: { versionId },
      });
    });
  }

  async setDefaultVersion(
    caller: Principal,
    requestId: string,
    policyArn: string,
    versionId: string,
  ): Promise<void> {
    await commandTransaction(this.store, async (tx) => {
      const row = await this.requireModifiable(tx, caller, policyArn, 'iam:SetDefaultPolicyVersion');
      await this.execute(tx, caller, requestId, row.policy_id, {
        type: 'SetDefaultPolicyVersion',
        data: { versionId },
      });
    });
  }

  entities(
    caller: Principal,
    policyArn: string,
    filter: { entityFilter?: string; policyUsageFilter?: string },
  ): Promise<PolicyEntitiesView> {
    return this.policies.entities(this.store.database, caller.accountId, policyArn, filter);
  }

  /** The caller's own customer managed policy; AWS managed policies are read-only. */
  private async requireModifiable(
    tx: Queryable,
    caller: Principal,
    policyArn: string,
    action: string,
    lock?: 'FOR UPDATE',
  ) {
    parsePolicyArn(policyArn);
    if (isAwsManagedPolicyArn(policyArn)) {
      // Existence first, as AWS: an unknown AWS ARN is NoSuchEntity, a real one is read-only.
      await this.policies.get(tx, caller.accountId, policyArn);
      throw PolicyErrors.awsManagedUnmodifiable(policyArn, action);
    }
    return this.policies.requireLocal(tx, caller.accountId, policyArn, lock);
  }

  private execute(
    tx: Queryable,
    caller: Principal,
    requestId: string,
    policyId: string,
    command: ManagedPolicyCommand,
  ) {
    return executeOnStream(
      this.store,
      tx,
      managedPolicyDecider,
      PolicyStreamIds.policy(policyId),
      command,
      callerMetadata({ caller, requestId }),
    );
  }
}
