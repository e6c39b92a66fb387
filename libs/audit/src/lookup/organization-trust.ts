import type { ResourcePolicySource } from '@iam/auth';
import { IdentityEventTypes } from '@iam/contracts';
import { identifier, type SqlDatabase } from '@iam/event-store';
import { compilePolicySet, type PolicySet } from '@iam/policy-engine';
import { AuditActions, trailAccountOf } from './audit-resources';

/**
 * The resource-based policy every member account's trail has, the other
 * side of a cross-account read: a member's trail trusts the management
 * account that created it (as CloudTrail's organization trails are the
 * management account's to read). That account's root may then read the
 * member's trail; its users and roles need an identity policy allowing the
 * action on that trail. No other account is trusted: a member never reads
 * another member's trail, nor the management account's (whose trail was
 * created by no one, so it trusts no one).
 *
 * Who created an account is what its AccountCreated event says (the actor,
 * a principal of the management account: only it may create accounts), as
 * this service's own trail recorded it. It never changes, so it is cached.
 */
export class OrganizationTrust implements ResourcePolicySource {
  private readonly policies = new Map<string, PolicySet | null>();
  private readonly trail: string;

  constructor(
    private readonly db: SqlDatabase,
    schema: string,
  ) {
    this.trail = `${identifier(schema)}.trail`;
  }

  async policiesOf(resourceArn: string): Promise<PolicySet | undefined> {
    const account = trailAccountOf(resourceArn);
    if (account === undefined) return undefined;
    let policies = this.policies.get(account);
    if (policies === undefined) {
      const creator = await this.creatorOf(account);
      // Unknown yet (its event on the way): asked again next time.
      if (creator === undefined) return undefined;
      policies = creator === account ? null : trailPolicy(creator);
      this.policies.set(account, policies);
    }
    return policies ?? undefined;
  }

  /** The account whose principal created `account` (its own id for the management account); undefined if unknown. */
  private async creatorOf(account: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ actor_arn: string; management: boolean }>(
      `SELECT actor_arn, payload->>'managementAccount' = 'true' AS management FROM ${this.trail}
        WHERE account_id = $1 AND event_type = '${IdentityEventTypes.AccountCreated}' LIMIT 1`,
      [account],
    );
    if (rows.length === 0) return undefined;
    if (rows[0].management) return account;
    return /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(rows[0].actor_arn)?.[1] ?? account;
  }
}

function trailPolicy(managementAccount: string): PolicySet {
  return compilePolicySet({
    resource: [
      {
        id: 'organization-trail-policy',
        document: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ManagementAccountReadsMemberTrails',
              Effect: 'Allow',
              Principal: { AWS: [`arn:aws:iam::${managementAccount}:root`] },
              Action: Object.values(AuditActions),
              Resource: ['arn:aws:cloudtrail::*:trail/*'],
            },
          ],
        }),
      },
    ],
  });
}
