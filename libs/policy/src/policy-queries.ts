import { Inject, Injectable } from '@nestjs/common';
import { awsManagedPolicy } from '@iam/contracts';
import { EventStore, type Queryable } from '@iam/event-store';
import { ManagedPoliciesQueries, type PolicyView } from './managed-policies/managed-policies.queries';
import {
  PrincipalPoliciesQueries,
  type PrincipalPolicyDocuments,
} from './principal-policies/principal-policies.queries';
import type { PrincipalKind } from './shared/policy-names';

/**
 * The read side other code may use (the authorization projection, simulate,
 * identity's DeleteConflict through events): what governs one principal,
 * from the policy service's own tables, always consistent with its writes.
 */
@Injectable()
export class PolicyQueries {
  constructor(
    private readonly store: EventStore,
    @Inject(PrincipalPoliciesQueries) private readonly principals: PrincipalPoliciesQueries,
    @Inject(ManagedPoliciesQueries) private readonly policies: ManagedPoliciesQueries,
  ) {}

  /** Inline documents, attached managed policies' default documents and the boundary's default document. */
  principalDocuments(
    kind: PrincipalKind,
    principalId: string,
    db: Queryable = this.store.database,
  ): Promise<PrincipalPolicyDocuments> {
    return this.principals.documents(db, kind, principalId);
  }

  /** Attached managed policies and inline policies of a principal. */
  principalPolicyCounts(kind: PrincipalKind, principalId: string, db: Queryable = this.store.database) {
    return this.principals.counts(db, kind, principalId);
  }

  /** A managed policy as GetPolicy answers, in an account (AWS managed ones in every account). */
  policy(accountId: string, policyArn: string, db: Queryable = this.store.database): Promise<PolicyView> {
    return this.policies.get(db, accountId, policyArn);
  }

  /** The default document of a managed policy the account can use, or undefined. */
  async defaultDocument(
    accountId: string,
    policyArn: string,
    db: Queryable = this.store.database,
  ): Promise<string | undefined> {
    const builtIn = awsManagedPolicy(policyArn);
    if (builtIn) return builtIn.document;
    const row = await this.policies.findLocal(db, accountId, policyArn);
    if (!row) return undefined;
    const version = await this.policies.getVersion(db, accountId, policyArn, row.default_version_id);
    return version.document;
  }
}
