import { Inject, Injectable } from '@nestjs/common';
import type { Requester } from '@iam/auth';
import { EventStore, type Queryable } from '@iam/event-store';
import { callerMetadata, executeOnStream } from '@iam/service-kit';
import { PrincipalsQueries } from '../principals/principals.queries';
import { PolicyStreamIds, type PrincipalKind } from '../shared/policy-names';
import type { PrincipalPolicyCommand, PrincipalTarget } from './principal-policy.commands';
import { principalPolicyDecider } from './principal-policy.decider';

/**
 * Finds the user, group or role a request names and runs decider commands on
 * its policies stream (every use case of this slice). The principal is
 * resolved by name from this service's projection of identity's events
 * (NoSuchEntity when identity has not created it, or deleted it).
 */
@Injectable()
export class PrincipalPolicyStreams {
  constructor(
    private readonly store: EventStore,
    @Inject(PrincipalsQueries) private readonly principals: PrincipalsQueries,
  ) {}

  /** The principal of that kind and name in the caller's account. */
  principal(
    db: Queryable,
    requester: Requester,
    kind: PrincipalKind,
    name: string,
  ): Promise<PrincipalTarget> {
    return this.principals.get(db, requester.caller.accountId, kind, name);
  }

  execute(tx: Queryable, requester: Requester, command: PrincipalPolicyCommand) {
    const principal: PrincipalTarget = command.data.principal;
    return executeOnStream(
      this.store,
      tx,
      principalPolicyDecider,
      PolicyStreamIds.principalPolicies(principal.kind, principal.id),
      command,
      callerMetadata(requester),
    );
  }
}
