import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import { ManagedPoliciesQueries } from '../managed-policies/managed-policies.queries';
import { PrincipalsQueries } from '../principals/principals.queries';
import {
  type Page,
  type PageRequest,
  callerMetadata,
  executeOnStream,
  commandTransaction,
} from '@iam/service-kit';
import { PolicyStreamIds, type PrincipalKind } from '../shared/policy-names';
import type { PrincipalPolicyCommand, PrincipalTarget } from './principal-policy.commands';
import { principalPolicyDecider } from './principal-policy.decider';
import {
  PrincipalPoliciesQueries,
  type AttachedPolicyView,
  type InlinePolicyView,
  type PermissionsBoundaryView,
} from './principal-policies.queries';

/**
 * Use cases of a user's, group's or role's policies, each in one
 * transaction, within the caller's account. The principal is resolved by
 * name from this service's projection of identity's events (NoSuchEntity
 * when identity has not created it, or deleted it).
 */
@Injectable()
export class PrincipalPoliciesService {
  constructor(
    private readonly store: EventStore,
    @Inject(PrincipalsQueries) private readonly principals: PrincipalsQueries,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
    @Inject(PrincipalPoliciesQueries) private readonly queries: PrincipalPoliciesQueries,
  ) {}

  async attach(caller: Principal, requestId: string, kind: PrincipalKind, name: string, policyArn: string) {
    await commandTransaction(this.store, async (tx) => {
      const principal = await this.principals.get(tx, caller.accountId, kind, name);
      const policy = await this.policies.attachable(tx, caller.accountId, policyArn);
      await this.execute(tx, caller, requestId, { type: 'AttachPolicy', data: { principal, policy } });
    });
  }

  async detach(caller: Principal, requestId: string, kind: PrincipalKind, name: string, policyArn: string) {
    await commandTransaction(this.store, async (tx) => {
      const principal = await this.principals.get(tx, caller.accountId, kind, name);
      await this.execute(tx, caller, requestId, { type: 'DetachPolicy', data: { principal, policyArn } });
    });
  }

  async listAttached(
    caller: Principal,
    kind: PrincipalKind,
    name: string,
    request: PageRequest & { pathPrefix?: string },
  ): Promise<Page<AttachedPolicyView>> {
    const db = this.store.database;
    return this.queries.listAttached(
      db,
      await this.principals.get(db, caller.accountId, kind, name),
      request,
    );
  }

  async putInline(
    caller: Principal,
    requestId: string,
    kind: PrincipalKind,
    name: string,
    policyName: string,
    policyDocument: string,
  ) {
    await commandTransaction(this.store, async (tx) => {
      const principal = await this.principals.get(tx, caller.accountId, kind, name);
      await this.execute(tx, caller, requestId, {
        type: 'PutInlinePolicy',
        data: { principal, policyName, policyDocument },
      });
    });
  }

  async getInline(
    caller: Principal,
    kind: PrincipalKind,
    name: string,
    policyName: string,
  ): Promise<InlinePolicyView> {
    const db = this.store.database;
    return this.queries.getInline(
      db,
      await this.principals.get(db, caller.accountId, kind, name),
      policyName,
    );
  }

  async listInline(
    caller: Principal,
    kind: PrincipalKind,
    name: string,
    request: PageRequest,
  ): Promise<Page<string>> {
    const db = this.store.database;
    return this.queries.listInlineNames(
      db,
      await this.principals.get(db, caller.accountId, kind, name),
      request,
    );
  }

  async deleteInline(
    caller: Principal,
    requestId: string,
    kind: PrincipalKind,
    name: string,
    policyName: string,
  ) {
    await commandTransaction(this.store, async (tx) => {
      const principal = await this.principals.get(tx, caller.accountId, kind, name);
      await this.execute(tx, caller, requestId, {
        type: 'DeleteInlinePolicy',
        data: { principal, policyName },
      });
    });
  }

  async putBoundary(
    caller: Principal,
    requestId: string,
    kind: PrincipalKind,
    name: string,
    policyArn: string,
  ) {
    await commandTransaction(this.store, async (tx) => {
      const principal = await this.principals.get(tx, caller.accountId, kind, name);
      const policy = await this.policies.attachable(tx, caller.accountId, policyArn);
      await this.execute(tx, caller, requestId, {
        type: 'PutPermissionsBoundary',
        data: { principal, policy },
      });
    });
  }

  async getBoundary(
    caller: Principal,
    kind: PrincipalKind,
    name: string,
  ): Promise<PermissionsBoundaryView | null> {
    const db = this.store.database;
    return this.queries.boundary(db, await this.principals.get(db, caller.accountId, kind, name));
  }

  async deleteBoundary(caller: Principal, requestId: string, kind: PrincipalKind, name: string) {
    await commandTransaction(this.store, async (tx) => {
      const principal = await this.principals.get(tx, caller.accountId, kind, name);
      await this.execute(tx, caller, requestId, { type: 'DeletePermissionsBoundary', data: { principal } });
    });
  }

  private execute(tx: Queryable, caller: Principal, requestId: string, command: PrincipalPolicyCommand) {
    const principal: PrincipalTarget = command.data.principal;
    return executeOnStream(
      this.store,
      tx,
      principalPolicyDecider,
      PolicyStreamIds.principalPolicies(principal.kind, principal.id),
      command,
      callerMetadata({ caller, requestId }),
    );
  }
}
