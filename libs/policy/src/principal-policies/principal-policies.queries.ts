import { awsManagedPolicy } from '@iam/contracts';
import { identifier, type Queryable } from '@iam/event-store';
import { readPage, type Page, type PageRequest } from '@iam/service-kit';
import { PolicyErrors } from '../shared/policy-errors';
import { validatePathPrefix, validatePolicyName, type PrincipalKind } from '../shared/policy-names';
import type { PrincipalTarget } from './principal-policy.commands';

export interface AttachedPolicyView {
  policyName: string;
  policyArn: string;
}

export interface InlinePolicyView {
  policyName: string;
  policyDocument: string;
}

export interface PermissionsBoundaryView {
  permissionsBoundaryType: 'PermissionsBoundaryPolicy';
  permissionsBoundaryArn: string;
}

/** A managed policy with its default (effective) document, for evaluation. */
export interface EffectiveManagedPolicy {
  policyArn: string;
  policyName: string;
  /** Null when the policy is gone from this service's view (deleted, or its events not yet here). */
  document: string | null;
}

/** Everything that governs one principal's permissions, as the policy service holds it. */
export interface PrincipalPolicyDocuments {
  inline: InlinePolicyView[];
  attached: EffectiveManagedPolicy[];
  boundary: EffectiveManagedPolicy | null;
}

/**
 * Reads of one principal's policies: what the list/get routes answer and
 * what authorization needs (`documents`). Tables (schema `<prefix>policy`):
 * `policy_attachments(account_id, principal_type, principal_id,
 * principal_name, principal_arn, policy_arn, policy_id, policy_name)`,
 * `inline_policies(account_id, principal_type, principal_id, policy_name,
 * policy_document)`, `permissions_boundaries(principal_type, principal_id,
 * account_id, principal_name, principal_arn, policy_arn)`,
 * `managed_policies(…, arn, default_version_id)` and
 * `managed_policy_versions(policy_id, version_id, document)`.
 */
export class PrincipalPoliciesQueries {
  private readonly attachments: string;
  private readonly inline: string;
  private readonly boundaries: string;
  private readonly policies: string;
  private readonly versions: string;

  constructor(schema: string) {
    const s = identifier(schema);
    this.attachments = `${s}.policy_attachments`;
    this.inline = `${s}.inline_policies`;
    this.boundaries = `${s}.permissions_boundaries`;
    this.policies = `${s}.managed_policies`;
    this.versions = `${s}.managed_policy_versions`;
  }

  async listAttached(
    db: Queryable,
    principal: PrincipalTarget,
    request: PageRequest & { pathPrefix?: string },
  ): Promise<Page<AttachedPolicyView>> {
    const pathPrefix = request.pathPrefix ?? '/';
    validatePathPrefix(pathPrefix);
    return readPage(
      request,
      async (after, limit) => {
        // An AWS managed policy's path is not in the table: the prefix is matched here.
        const { rows } = await db.query<{ policy_name: string; policy_arn: string; path: string | null }>(
          `SELECT a.policy_name, a.policy_arn, p.path FROM ${this.attachments} a
           LEFT JOIN ${this.policies} p ON p.arn = a.policy_arn
          WHERE a.principal_type = $1 AND a.principal_id = $2 AND a.policy_arn > $3
          ORDER BY a.policy_arn`,
          [principal.kind, principal.id, after],
        );
        const matching = rows.filter((r) =>
          (r.path ?? awsManagedPolicy(r.policy_arn)?.path ?? '/').startsWith(pathPrefix),
        );
        return { rows: matching.slice(0, limit) };
      },
      (r) => r.policy_arn,
      (r) => ({ policyName: r.policy_name, policyArn: r.policy_arn }),
    );
  }

  async listInlineNames(
    db: Queryable,
    principal: PrincipalTarget,
    request: PageRequest,
  ): Promise<Page<string>> {
    return readPage(
      request,
      (after, limit) =>
        db.query<{ policy_name: string }>(
          `SELECT policy_name FROM ${this.inline}
            WHERE principal_type = $1 AND principal_id = $2 AND policy_name > $3
            ORDER BY policy_name LIMIT $4`,
          [principal.kind, principal.id, after, limit],
        ),
      (r) => r.policy_name,
      (r) => r.policy_name,
    );
  }

  async getInline(db: Queryable, principal: PrincipalTarget, policyName: string): Promise<InlinePolicyView> {
    validatePolicyName(policyName);
    const { rows } = await db.query<{ policy_document: string }>(
      `SELECT policy_document FROM ${this.inline} WHERE principal_type = $1 AND principal_id = $2 AND policy_name = $3`,
      [principal.kind, principal.id, policyName],
    );
    if (!rows[0]) throw PolicyErrors.noSuchInlinePolicy(principal.kind, policyName);
    return { policyName, policyDocument: rows[0].policy_document };
  }

  async boundary(db: Queryable, principal: PrincipalTarget): Promise<PermissionsBoundaryView | null> {
    const { rows } = await db.query<{ policy_arn: string }>(
      `SELECT policy_arn FROM ${this.boundaries} WHERE principal_type = $1 AND principal_id = $2`,
      [principal.kind, principal.id],
    );
    return rows[0]
      ? { permissionsBoundaryType: 'PermissionsBoundaryPolicy', permissionsBoundaryArn: rows[0].policy_arn }
      : null;
  }

  /**
   * For evaluation: the principal's inline documents, its attached managed
   * policies' default documents and its boundary's default document
   * (customer managed from the tables above, AWS managed from code).
   * Group policies of a user are the groups' own: call it per group.
   */
  async documents(
    db: Queryable,
    kind: PrincipalKind,
    principalId: string,
  ): Promise<PrincipalPolicyDocuments> {
    const inline = await db.query<{ policy_name: string; policy_document: string }>(
      `SELECT policy_name, policy_document FROM ${this.inline}
        WHERE principal_type = $1 AND principal_id = $2 ORDER BY policy_name`,
      [kind, principalId],
    );
    const withDocument = (source: string) =>
      `SELECT s.policy_arn, p.policy_name, v.document FROM ${source} s
         LEFT JOIN ${this.policies} p ON p.arn = s.policy_arn
         LEFT JOIN ${this.versions} v ON v.policy_id = p.policy_id AND v.version_id = p.default_version_id
        WHERE s.principal_type = $1 AND s.principal_id = $2 ORDER BY s.policy_arn`;
    const attached = await db.query<{
      policy_arn: string;
      policy_name: string | null;
      document: string | null;
    }>(withDocument(this.attachments), [kind, principalId]);
    const boundary = await db.query<{
      policy_arn: string;
      policy_name: string | null;
      document: string | null;
    }>(withDocument(this.boundaries), [kind, principalId]);
    const effective = (r: { policy_arn: string; policy_name: string | null; document: string | null }) => {
      const builtIn = awsManagedPolicy(r.policy_arn);
      return {
        policyArn: r.policy_arn,
        policyName:
          builtIn?.policyName ?? r.policy_name ?? r.policy_arn.slice(r.policy_arn.lastIndexOf('/') + 1),
        document: builtIn?.document ?? r.document,
      };
    };
    return {
      inline: inline.rows.map((r) => ({ policyName: r.policy_name, policyDocument: r.policy_document })),
      attached: attached.rows.map(effective),
      boundary: boundary.rows[0] ? effective(boundary.rows[0]) : null,
    };
  }

  /** How many managed policies are attached to, and inline policies held by, a principal (identity's DeleteConflict). */
  async counts(
    db: Queryable,
    kind: PrincipalKind,
    principalId: string,
  ): Promise<{ attached: number; inline: number }> {
    const { rows } = await db.query<{ attached: number; inline: number }>(
      `SELECT (SELECT count(*)::int FROM ${this.attachments} WHERE principal_type = $1 AND principal_id = $2) AS attached,
              (SELECT count(*)::int FROM ${this.inline} WHERE principal_type = $1 AND principal_id = $2) AS inline`,
      [kind, principalId],
    );
    return { attached: Number(rows[0].attached), inline: Number(rows[0].inline) };
  }
}
