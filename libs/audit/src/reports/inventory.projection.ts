import {
  IdentityEventTypes as I,
  PolicyEventTypes as P,
  type IdentityEvent,
  type PolicyEvent,
} from '@iam/contracts';
import { identifier, type EventsOf, type Projection, type Queryable } from '@iam/event-store';

const inventoryHandled = [
  I.RootUserCreated,
  I.UserCreated,
  I.UserUpdated,
  I.UserDeleted,
  I.AccessKeyCreated,
  I.AccessKeyStatusUpdated,
  I.AccessKeyDeleted,
  I.LoginProfileCreated,
  I.LoginProfileUpdated,
  I.LoginProfileDeleted,
  I.PasswordChanged,
  I.MfaDeviceEnabled,
  I.MfaDeviceDeactivated,
  I.VirtualMfaDeviceEnabled,
  I.VirtualMfaDeviceDeactivated,
  I.VirtualMfaDeviceDeleted,
  I.AccountPasswordPolicyUpdated,
  I.AccountPasswordPolicyDeleted,
  I.UserAddedToGroup,
  I.UserRemovedFromGroup,
  I.GroupCreated,
  I.GroupUpdated,
  I.GroupDeleted,
  I.RoleCreated,
  I.RoleTrustPolicyUpdated,
  I.RoleDeleted,
  P.PolicyCreated,
  P.PolicyVersionCreated,
  P.DefaultPolicyVersionSet,
  P.PolicyDeleted,
  P.UserPolicyAttached,
  P.UserPolicyDetached,
  P.UserPolicyPut,
  P.UserPolicyDeleted,
  P.GroupPolicyAttached,
  P.GroupPolicyDetached,
  P.GroupPolicyPut,
  P.GroupPolicyDeleted,
  P.RolePolicyAttached,
  P.RolePolicyDetached,
  P.RolePolicyPut,
  P.RolePolicyDeleted,
] as const;
type InventoryEvent = EventsOf<IdentityEvent | PolicyEvent, typeof inventoryHandled>;

/**
 * What the credential report, the access advisor and the findings need of
 * identity's and policy's state, folded from their topics (the audit service
 * reads no other service's tables): the root, users (password dates), roles
 * (trust policy), groups and members, access keys, enabled MFA devices,
 * password policies, attachments, inline policies and customer managed
 * policies' default documents. Streams of the two topics arrive in any order
 * relative to each other, so no table refers to another: rows are joined
 * when read, by principal id.
 */
export class InventoryProjection implements Projection<InventoryEvent> {
  readonly name = 'report_inventory';
  readonly version = 1;
  readonly handles = inventoryHandled;
  private readonly principals: string;
  private readonly keys: string;
  private readonly mfa: string;
  private readonly passwordPolicies: string;
  private readonly members: string;
  private readonly attachments: string;
  private readonly inline: string;
  private readonly policies: string;

  constructor(schema: string) {
    const s = identifier(schema);
    this.principals = `${s}.report_principals`;
    this.keys = `${s}.report_access_keys`;
    this.mfa = `${s}.report_mfa_devices`;
    this.passwordPolicies = `${s}.report_password_policies`;
    this.members = `${s}.report_group_members`;
    this.attachments = `${s}.report_attachments`;
    this.inline = `${s}.report_inline_policies`;
    this.policies = `${s}.report_managed_policies`;
  }

  async reset(tx: Queryable): Promise<void> {
    for (const table of [
      this.principals,
      this.keys,
      this.mfa,
      this.passwordPolicies,
      this.members,
      this.attachments,
      this.inline,
      this.policies,
    ])
      await tx.query(`DELETE FROM ${table}`);
  }

  async apply(tx: Queryable, event: InventoryEvent): Promise<void> {
    // The envelope's account is the tenancy every row is filed under (checked by the event's MAC).
    const account = event.accountId;
    switch (event.type) {
      case I.RootUserCreated: {
        const p = event.payload;
        return this.principal(tx, p.userId, account, 'root', '<root_account>', p.arn, p.createDate);
      }
      case I.UserCreated: {
        const p = event.payload;
        return this.principal(tx, p.userId, account, 'user', p.userName, p.arn, p.createDate);
      }
      case I.GroupCreated: {
        const p = event.payload;
        return this.principal(tx, p.groupId, account, 'group', p.groupName, p.arn, p.createDate);
      }
      case I.RoleCreated: {
        const p = event.payload;
        await this.principal(tx, p.roleId, account, 'role', p.roleName, p.arn, p.createDate);
        await tx.query(`UPDATE ${this.principals} SET trust_policy = $2 WHERE principal_id = $1`, [
          p.roleId,
          p.assumeRolePolicyDocument,
        ]);
        return;
      }
      case I.UserUpdated:
        await tx.query(`UPDATE ${this.principals} SET name = $2, arn = $3 WHERE principal_id = $1`, [
          event.payload.userId,
          event.payload.userName,
          event.payload.arn,
        ]);
        return;
      case I.GroupUpdated:
        await tx.query(`UPDATE ${this.principals} SET name = $2, arn = $3 WHERE principal_id = $1`, [
          event.payload.groupId,
          event.payload.groupName,
          event.payload.arn,
        ]);
        return;
      case I.RoleTrustPolicyUpdated:
        await tx.query(`UPDATE ${this.principals} SET trust_policy = $2 WHERE principal_id = $1`, [
          event.payload.roleId,
          event.payload.assumeRolePolicyDocument,
        ]);
        return;
      case I.UserDeleted:
        return this.forget(tx, event.payload.userId);
      case I.GroupDeleted:
        await tx.query(`DELETE FROM ${this.members} WHERE group_id = $1`, [event.payload.groupId]);
        return this.forget(tx, event.payload.groupId);
      case I.RoleDeleted:
        return this.forget(tx, event.payload.roleId);
      case I.AccessKeyCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.keys} (access_key_id, account_id, principal_id, status, created_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (access_key_id) DO NOTHING`,
          [p.accessKeyId, account, p.userId, p.status, p.createDate],
        );
        return;
      }
      case I.AccessKeyStatusUpdated:
        await tx.query(`UPDATE ${this.keys} SET status = $2 WHERE access_key_id = $1`, [
          event.payload.accessKeyId,
          event.payload.status,
        ]);
        return;
      case I.AccessKeyDeleted:
        await tx.query(`DELETE FROM ${this.keys} WHERE access_key_id = $1`, [event.payload.accessKeyId]);
        return;
      case I.LoginProfileCreated:
        await tx.query(
          `UPDATE ${this.principals} SET password_enabled = true, password_created_at = $2, password_last_changed = $2
           WHERE principal_id = $1`,
          [event.payload.userId, event.payload.createDate],
        );
        return;
      case I.LoginProfileUpdated: {
        const p = event.payload;
        if (p.passwordHashId === null) return;
        await tx.query(`UPDATE ${this.principals} SET password_last_changed = $2 WHERE principal_id = $1`, [
          p.userId,
          p.passwordLastChanged ?? event.occurredAt,
        ]);
        return;
      }
      case I.PasswordChanged:
        await tx.query(`UPDATE ${this.principals} SET password_last_changed = $2 WHERE principal_id = $1`, [
          event.payload.userId,
          event.payload.passwordLastChanged,
        ]);
        return;
      case I.LoginProfileDeleted:
        await tx.query(
          `UPDATE ${this.principals} SET password_enabled = false, password_created_at = NULL, password_last_changed = NULL
           WHERE principal_id = $1`,
          [event.payload.userId],
        );
        return;
      case I.MfaDeviceEnabled:
      case I.VirtualMfaDeviceEnabled:
        await tx.query(
          `INSERT INTO ${this.mfa} (serial_number, account_id, principal_id) VALUES ($1, $2, $3)
           ON CONFLICT (serial_number) DO UPDATE SET principal_id = EXCLUDED.principal_id`,
          [event.payload.serialNumber, account, event.payload.userId],
        );
        return;
      case I.MfaDeviceDeactivated:
      case I.VirtualMfaDeviceDeactivated:
      case I.VirtualMfaDeviceDeleted:
        await tx.query(`DELETE FROM ${this.mfa} WHERE serial_number = $1`, [event.payload.serialNumber]);
        return;
      case I.AccountPasswordPolicyUpdated:
        await tx.query(
          `INSERT INTO ${this.passwordPolicies} (account_id, policy) VALUES ($1, $2)
           ON CONFLICT (account_id) DO UPDATE SET policy = EXCLUDED.policy`,
          [account, JSON.stringify(event.payload.policy)],
        );
        return;
      case I.AccountPasswordPolicyDeleted:
        await tx.query(`DELETE FROM ${this.passwordPolicies} WHERE account_id = $1`, [account]);
        return;
      case I.UserAddedToGroup:
        await tx.query(
          `INSERT INTO ${this.members} (group_id, user_id, account_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [event.payload.groupId, event.payload.userId, account],
        );
        return;
      case I.UserRemovedFromGroup:
        await tx.query(`DELETE FROM ${this.members} WHERE group_id = $1 AND user_id = $2`, [
          event.payload.groupId,
          event.payload.userId,
        ]);
        return;
      case P.PolicyCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.policies} (policy_arn, account_id, policy_name, document) VALUES ($1, $2, $3, $4)
           ON CONFLICT (policy_arn) DO UPDATE SET document = EXCLUDED.document`,
          [p.policyArn, account, p.policyName, p.document],
        );
        return;
      }
      case P.PolicyVersionCreated:
        if (!event.payload.setAsDefault) return;
        return this.defaultDocument(tx, event.payload.policyArn, event.payload.document);
      case P.DefaultPolicyVersionSet:
        return this.defaultDocument(tx, event.payload.policyArn, event.payload.document);
      case P.PolicyDeleted:
        await tx.query(`DELETE FROM ${this.policies} WHERE policy_arn = $1`, [event.payload.policyArn]);
        return;
      case P.UserPolicyAttached:
        return this.attach(tx, event.payload.userId, event.payload.policyArn, account);
      case P.GroupPolicyAttached:
        return this.attach(tx, event.payload.groupId, event.payload.policyArn, account);
      case P.RolePolicyAttached:
        return this.attach(tx, event.payload.roleId, event.payload.policyArn, account);
      case P.UserPolicyDetached:
        return this.detach(tx, event.payload.userId, event.payload.policyArn);
      case P.GroupPolicyDetached:
        return this.detach(tx, event.payload.groupId, event.payload.policyArn);
      case P.RolePolicyDetached:
        return this.detach(tx, event.payload.roleId, event.payload.policyArn);
      case P.UserPolicyPut:
        return this.putInline(
          tx,
          event.payload.userId,
          event.payload.policyName,
          event.payload.policyDocument,
          account,
        );
      case P.GroupPolicyPut:
        return this.putInline(
          tx,
          event.payload.groupId,
          event.payload.policyName,
          event.payload.policyDocument,
          account,
        );
      case P.RolePolicyPut:
        return this.putInline(
          tx,
          event.payload.roleId,
          event.payload.policyName,
          event.payload.policyDocument,
          account,
        );
      case P.UserPolicyDeleted:
        return this.deleteInline(tx, event.payload.userId, event.payload.policyName);
      case P.GroupPolicyDeleted:
        return this.deleteInline(tx, event.payload.groupId, event.payload.policyName);
      case P.RolePolicyDeleted:
        return this.deleteInline(tx, event.payload.roleId, event.payload.policyName);
    }
  }

  private async principal(
    tx: Queryable,
    id: string,
    accountId: string,
    kind: 'root' | 'user' | 'group' | 'role',
    name: string,
    arn: string,
    createdAt: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.principals} (principal_id, account_id, kind, name, arn, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (principal_id) DO NOTHING`,
      [id, accountId, kind, name, arn, createdAt],
    );
  }

  /** A deleted user, group or role takes what hangs off it along. */
  private async forget(tx: Queryable, id: string): Promise<void> {
    await tx.query(`DELETE FROM ${this.principals} WHERE principal_id = $1`, [id]);
    await tx.query(`DELETE FROM ${this.keys} WHERE principal_id = $1`, [id]);
    await tx.query(`DELETE FROM ${this.mfa} WHERE principal_id = $1`, [id]);
    await tx.query(`DELETE FROM ${this.members} WHERE user_id = $1`, [id]);
    await tx.query(`DELETE FROM ${this.attachments} WHERE principal_id = $1`, [id]);
    await tx.query(`DELETE FROM ${this.inline} WHERE principal_id = $1`, [id]);
  }

  private async defaultDocument(tx: Queryable, policyArn: string, document: string): Promise<void> {
    await tx.query(`UPDATE ${this.policies} SET document = $2 WHERE policy_arn = $1`, [policyArn, document]);
  }

  private async attach(
    tx: Queryable,
    principalId: string,
    policyArn: string,
    accountId: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.attachments} (principal_id, policy_arn, account_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [principalId, policyArn, accountId],
    );
  }

  private async detach(tx: Queryable, principalId: string, policyArn: string): Promise<void> {
    await tx.query(`DELETE FROM ${this.attachments} WHERE principal_id = $1 AND policy_arn = $2`, [
      principalId,
      policyArn,
    ]);
  }

  private async putInline(
    tx: Queryable,
    principalId: string,
    policyName: string,
    document: string,
    accountId: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO ${this.inline} (principal_id, policy_name, account_id, document) VALUES ($1, $2, $3, $4)
       ON CONFLICT (principal_id, policy_name) DO UPDATE SET document = EXCLUDED.document`,
      [principalId, policyName, accountId, document],
    );
  }

  private async deleteInline(tx: Queryable, principalId: string, policyName: string): Promise<void> {
    await tx.query(`DELETE FROM ${this.inline} WHERE principal_id = $1 AND policy_name = $2`, [
      principalId,
      policyName,
    ]);
  }
}
