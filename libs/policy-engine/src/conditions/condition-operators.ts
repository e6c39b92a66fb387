/**
 * The condition operator table: every operator AWS documents, how its name is
 * composed (`ForAnyValue:` / `ForAllValues:` prefix, `IfExists` suffix) and
 * what it compares. Shared by validation, compilation and the linter so the
 * three can never disagree about what an operator is.
 */

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

export type Comparison =
  'equals' | 'equalsIgnoreCase' | 'like' | 'lt' | 'lte' | 'gt' | 'gte' | 'inRange' | 'null';

export type SetOperator = 'none' | 'ForAllValues' | 'ForAnyValue';

export interface OperatorSpec {
  /** Canonical base name, e.g. `StringNotLike`. */
  readonly base: string;
  readonly family: OperatorFamily;
  readonly comparison: Comparison;
  /** Negated operators (StringNotEquals, NotIpAddress …) match when no value matches. */
  readonly negated: boolean;
  readonly ifExists: boolean;
  readonly set: SetOperator;
}

interface BaseOperator {
  readonly base: string;
  readonly family: OperatorFamily;
  readonly comparison: Comparison;
  readonly negated: boolean;
}

const base = (
  name: string,
  family: OperatorFamily,
  comparison: Comparison,
  negated = false,
): BaseOperator => ({
  base: name,
  family,
  comparison,
  negated,
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
const BASE_OPERATORS: readonly BaseOperator[] = [
  base('StringEquals', 'String', 'equals'),
  base('StringNotEquals', 'String', 'equals', true),
  base('StringEqualsIgnoreCase', 'String', 'equalsIgnoreCase'),
  base('StringNotEqualsIgnoreCase', 'String', 'equalsIgnoreCase', true),
  base('StringLike', 'String', 'like'),
  base('StringNotLike', 'String', 'like', true),
  base('NumericEquals', 'Numeric', 'equals'),
  base('NumericNotEquals', 'Numeric', 'equals', true),
  base('NumericLessThan', 'Numeric', 'lt'),
  base('NumericLessThanEquals', 'Numeric', 'lte'),
  base('NumericGreaterThan', 'Numeric', 'gt'),
  base('NumericGreaterThanEquals', 'Numeric', 'gte'),
  base('DateEquals', 'Date', 'equals'),
  base('DateNotEquals', 'Date', 'equals', true),
  base('DateLessThan', 'Date', 'lt'),
  base('DateLessThanEquals', 'Date', 'lte'),
  base('DateGreaterThan', 'Date', 'gt'),
  base('DateGreaterThanEquals', 'Date', 'gte'),
  base('Bool', 'Bool', 'equals'),
  base('BinaryEquals', 'Binary', 'equals'),
  base('IpAddress', 'IpAddress', 'inRange'),
  base('NotIpAddress', 'IpAddress', 'inRange', true),
  // ArnEquals and ArnLike behave identically in AWS: both accept wildcards per ARN segment.
  base('ArnEquals', 'Arn', 'like'),
  base('ArnLike', 'Arn', 'like'),
  base('ArnNotEquals', 'Arn', 'like', true),
  base('ArnNotLike', 'Arn', 'like', true),
  base('Null', 'Null', 'null'),
];

const BY_LOWER_NAME = new Map(BASE_OPERATORS.map((op) => [op.base.toLowerCase(), op]));

/** Canonical names of every base operator, for messages and the linter. */
export const BASE_OPERATOR_NAMES: readonly string[] = BASE_OPERATORS.map((op) => op.base);

const IF_EXISTS = 'ifexists';
const FOR_ALL = 'forallvalues:';
const FOR_ANY = 'foranyvalue:';

export type OperatorParseResult =
  | { readonly ok: true; readonly spec: OperatorSpec }
  | { readonly ok: false; readonly reason: 'unknown' | 'null-if-exists' | 'null-with-set' };

/**
 * Parses an operator name. Names are matched case-insensitively (a lenient
 * reading; see README divergences) and the canonical spelling is returned.
 */
export function parseOperator(name: string): OperatorParseResult {
  let rest = name.toLowerCase();
  let set: SetOperator = 'none';
  if (rest.startsWith(FOR_ALL)) {
    set = 'ForAllValues';
    rest = rest.slice(FOR_ALL.length);
  } else if (rest.startsWith(FOR_ANY)) {
    set = 'ForAnyValue';
    rest = rest.slice(FOR_ANY.length);
  }
  let op = BY_LOWER_NAME.get(rest);
  let ifExists = false;
  if (!op && rest.endsWith(IF_EXISTS)) {
    op = BY_LOWER_NAME.get(rest.slice(0, -IF_EXISTS.length));
    ifExists = op !== undefined;
  }
  if (!op) return { ok: false, reason: 'unknown' };
  if (op.family === 'Null' && ifExists) return { ok: false, reason: 'null-if-exists' };
  if (op.family === 'Null' && set !== 'none') return { ok: false, reason: 'null-with-set' };
  return { ok: true, spec: { ...op, ifExists, set } };
}

/** Whether values of this family may contain policy variables (String and ARN operators only). */
export function familySupportsVariables(family: OperatorFamily): boolean {
  return family === 'String' || family === 'Arn';
}
