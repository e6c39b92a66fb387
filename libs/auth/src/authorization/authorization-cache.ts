import { awsManagedPolicy } from '@iam/contracts';
import { identifier, type SqlDatabase } from '@iam/event-store';
import { compilePolicySet, type PolicyInput, type PolicySet, type PolicySetInput } from '@iam/policy-engine';
import type { KnownEntity } from '../guard/route-metadata';
import { ChangeFeed, type FeedRow } from '../projection/change-feed';
import { InMemoryProjection } from '../projection/in-memory-projection';
import { toRecord, type PrincipalRecord } from './authorization.projection';

interface PolicyRow extends FeedRow {
  policy_arn: string;
  document: string;
  deleted: boolean;
  tags: { key: string; value: string }[] | null;
}

export interface EffectivePolicies {
  record: PrincipalRecord;
  set: PolicySet;
  /** What `set` was compiled from: a session's set adds its session policies to it. */
  input: PolicySetInput;
  /** A boundary is set but its document is unknown here yet: fail closed. */
  boundaryMissing: boolean;
}

/**
 * The authorization projection held in memory, compiled: requests are
 * decided without a query. It catches up with the tables through change
 * feeds after each batch of events its consumer applies and every
 * `refreshMs`, so a change made anywhere takes effect in every process
 * within about that long after its event was applied.
 */
export class AuthorizationCache extends InMemoryProjection {
  private readonly principals = new Map<string, PrincipalRecord>();
  /** ARN → principal key, for the decision API (which names principals by ARN). */
  private readonly keysByArn = new Map<string, string>();
  /** `<account>:<kind>:<lower-case name>` → ARN (with its path), for naming a route's resource. */
  private readonly arnsByName = new Map<string, string>();
  private readonly documents = new Map<string, string>();
  /** Managed policies' tags, by ARN (only those with tags). */
  private readonly policyTags = new Map<string, KnownEntity['tags']>();
  private readonly compiled = new Map<string, { generation: number; value: EffectivePolicies }>();
  private generation = 0;
  private readonly principalFeed: ChangeFeed<FeedRow & Record<string, unknown>>;
  private readonly policyFeed: ChangeFeed<PolicyRow>;

  constructor(db: SqlDatabase, schema: string, refreshMs = 100) {
    super(refreshMs);
    this.principalFeed = new ChangeFeed(db, `${identifier(schema)}.authz_principals`);
    this.policyFeed = new ChangeFeed(db, `${identifier(schema)}.authz_policies`);
  }

  protected async load(): Promise<void> {
    const principals = await this.principalFeed.next();
    const policies = await this.policyFeed.next();
    if (principals.length === 0 && policies.length === 0) return;
    for (const row of principals) {
      const record = toRecord(row);
      const previous = this.principals.get(record.key);
      if (previous && this.keysByArn.get(previous.arn) === record.key) this.keysByArn.delete(previous.arn);
      if (previous && this.arnsByName.get(nameKey(previous)) === previous.arn)
        this.arnsByName.delete(nameKey(previous));
      if (record.arn && record.name && !record.deleted) this.arnsByName.set(nameKey(record), record.arn);
      // A deleted principal's ARN may already belong to a new one of the same name.
      if (record.arn && !record.deleted) this.keysByArn.set(record.arn, record.key);
      this.principals.set(record.key, record);
    }
    for (const row of policies) {
      if (row.deleted) this.documents.delete(row.policy_arn);
      else this.documents.set(row.policy_arn, row.document);
      if (row.deleted || !row.tags?.length) this.policyTags.delete(row.policy_arn);
      else this.policyTags.set(row.policy_arn, row.tags);
    }
    // Any change may touch any principal (a group, a managed policy): recompile lazily.
    this.generation++;
  }

  principal(kind: 'user' | 'role', id: string): PrincipalRecord | undefined {
    const record = this.principals.get(`${kind}:${id}`);
    return record && !record.deleted ? record : undefined;
  }

  /** The ARN (with its path) of a user, group or role named in a request, if this projection knows it yet. */
  arnOf(accountId: string, kind: PrincipalRecord['kind'], name: string): string | undefined {
    return this.arnsByName.get(`${accountId}:${kind}:${name.toLowerCase()}`);
  }

  /** A user, group or role by its ARN (exact, as IAM returns it); deleted ones are not found. */
  principalByArn(arn: string): PrincipalRecord | undefined {
    const key = this.keysByArn.get(arn);
    const record = key === undefined ? undefined : this.principals.get(key);
    return record && !record.deleted && record.arn === arn ? record : undefined;
  }

  /** A user, role or customer managed policy named as a request's resource: its tags (and boundary), for condition keys. */
  entity(arn: string): KnownEntity | undefined {
    if (this.documents.has(arn))
      return { kind: 'policy', tags: this.policyTags.get(arn) ?? [], boundary: null };
    const record = this.principalByArn(arn);
    if (!record || record.kind === 'group') return undefined;
    return { kind: record.kind, tags: record.tags, boundary: record.boundary };
  }

  /** The principal's compiled identity policies (its own and its groups'), and its boundary. */
  effective(kind: 'user' | 'role', id: string): EffectivePolicies | undefined {
    const key = `${kind}:${id}`;
    const cached = this.compiled.get(key);
    if (cached && cached.generation === this.generation) return cached.value;
    const record = this.principal(kind, id);
    if (!record) return undefined;
    const identity: PolicyInput[] = [];
    const add = (owner: PrincipalRecord) => {
      for (const [name, document] of Object.entries(owner.inline))
        identity.push({ id: `${owner.arn}#${name}`, document });
      for (const arn of owner.attached) {
        const document = this.document(arn);
        if (document) identity.push({ id: arn, document });
      }
    };
    add(record);
    for (const groupId of record.groups) {
      const group = this.principals.get(`group:${groupId}`);
      if (group && !group.deleted) add(group);
    }
    const boundaryDocument = record.boundary ? this.document(record.boundary) : undefined;
    const input: PolicySetInput = {
      identity,
      boundary:
        record.boundary && boundaryDocument ? { id: record.boundary, document: boundaryDocument } : undefined,
    };
    const value = {
      record,
      set: compilePolicySet(input),
      input,
      boundaryMissing: record.boundary !== null && boundaryDocument === undefined,
    };
    this.compiled.set(key, { generation: this.generation, value });
    return value;
  }

  document(policyArn: string): string | undefined {
    return awsManagedPolicy(policyArn)?.document ?? this.documents.get(policyArn);
  }

  get size(): { principals: number; policies: number } {
    return { principals: this.principals.size, policies: this.documents.size };
  }
}

function nameKey(record: PrincipalRecord): string {
  return `${record.accountId}:${record.kind}:${record.name.toLowerCase()}`;
}
