/**
 * The normalized shape of a policy document once it has been validated.
 * Single values are widened to arrays and Condition blocks are flattened, so
 * the compiler never has to care how the author spelled the JSON.
 */

export type PolicyType = 'identity' | 'resource' | 'boundary' | 'session';

export type PolicyVersion = '2012-10-17' | '2008-10-17';

export type Effect = 'Allow' | 'Deny';

/** `"*"` or a map of principal kinds (AWS, Service, Federated, CanonicalUser) to values. */
export type PrincipalBlock = '*' | Readonly<Partial<Record<PrincipalKind, readonly string[]>>>;

export type PrincipalKind = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

export interface ConditionEntry {
  /** The operator as written (`ForAnyValue:StringLikeIfExists`). */
  readonly operator: string;
  /** The context key as written (`aws:PrincipalTag/team`); matched case-insensitively. */
  readonly key: string;
  /** Values as strings: AWS accepts `true` and `"true"`, `5` and `"5"` alike. */
  readonly values: readonly string[];
}

export interface PolicyStatement {
  /** Position in the Statement array (0 when Statement is a single object). */
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly principal?: PrincipalBlock;
  readonly notPrincipal?: PrincipalBlock;
  readonly condition: readonly ConditionEntry[];
}

export interface PolicyDocument {
  readonly type: PolicyType;
  /** `undefined` when the document omits Version; AWS then applies 2008-10-17 rules. */
  readonly version?: PolicyVersion;
  readonly id?: string;
  readonly statements: readonly PolicyStatement[];
  /** Characters counted against the size quota (white space excluded). */
  readonly size: number;
}
