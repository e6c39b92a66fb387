import {
  compilePolicySet,
  InvalidPolicyError,
  type PolicyInput,
  type PolicySet,
  type PolicySetInput,
} from '@iam/policy-engine';
import type { PrincipalSession } from '../principal';

/** Compiled sets kept at most (one per live session in use here); expired ones go first. */
const SETS_KEPT = 10_000;

/** The policies a session's permissions start from: the role's, or the issuing user's, with a boundary. */
export interface SessionBase {
  /** Compared by identity: the authorization cache hands out a new one after any change. */
  readonly version: object;
  readonly input: PolicySetInput;
  readonly set: PolicySet;
}

/** A session policy that allows nothing: what a session policy that cannot be had here counts as. */
const ALLOWS_NOTHING =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"*","Resource":"*"}]}';

const ROOT_IDENTITY: PolicyInput = {
  id: 'root',
  document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
};

/** A federated user issued to root starts from everything in the account; its session policies cap it. */
export const ROOT_BASE: SessionBase = {
  version: ROOT_IDENTITY,
  input: { identity: [ROOT_IDENTITY] },
  set: compilePolicySet({ identity: [ROOT_IDENTITY] }),
};

/**
 * The policy set of a session: its base with the session policies (the
 * inline one and managed ones, looked up in the authorization cache),
 * compiled once per access key id and kept until the session expires or the
 * base changes. A session policy that cannot be had (a managed one unknown
 * here, an inline one that no longer compiles) allows nothing: the session
 * is never given more than its policies allow.
 */
export class SessionPolicySets {
  private readonly sets = new Map<string, { version: object; set: PolicySet; expiresAt: number }>();

  constructor(private readonly document: (policyArn: string) => string | undefined) {}

  /**
   * `required`: a federated user has no permissions without session
   * policies (AWS's GetFederationToken); a role session without any has the role's.
   */
  of(
    accessKeyId: string,
    session: PrincipalSession,
    base: SessionBase,
    required: boolean,
    now: number,
  ): PolicySet {
    if (!required && session.sessionPolicy === undefined && session.sessionPolicyArns.length === 0)
      return base.set;
    const kept = this.sets.get(accessKeyId);
    if (kept && kept.version === base.version) return kept.set;
    const set = compilePolicySet({ ...base.input, session: this.sessionPolicies(session) });
    this.keep(accessKeyId, { version: base.version, set, expiresAt: Date.parse(session.expiresAt) }, now);
    return set;
  }

  private sessionPolicies(session: PrincipalSession): PolicyInput[] {
    const policies: PolicyInput[] = [];
    if (session.sessionPolicy !== undefined)
      policies.push({ id: 'session-policy', document: compiles(session.sessionPolicy) });
    for (const arn of session.sessionPolicyArns) {
      const document = this.document(arn);
      policies.push({ id: arn, document: document === undefined ? ALLOWS_NOTHING : compiles(document) });
    }
    if (policies.length === 0) policies.push({ id: 'no-session-policy', document: ALLOWS_NOTHING });
    return policies;
  }

  private keep(
    accessKeyId: string,
    entry: { version: object; set: PolicySet; expiresAt: number },
    now: number,
  ): void {
    if (this.sets.size >= SETS_KEPT) {
      for (const [id, kept] of this.sets) if (kept.expiresAt <= now) this.sets.delete(id);
      if (this.sets.size >= SETS_KEPT) this.sets.delete(this.sets.keys().next().value as string);
    }
    this.sets.set(accessKeyId, entry);
  }
}

/** The document if it compiles as a session policy, else one that allows nothing (STS validated it at issuance). */
function compiles(document: string): string {
  try {
    compilePolicySet({ session: [{ id: 'check', document }] });
    return document;
  } catch (error) {
    if (error instanceof InvalidPolicyError) return ALLOWS_NOTHING;
    throw error;
  }
}
