import type {
  ConditionEntry,
  Effect,
  PolicyDocument,
  PolicyStatement,
  PolicyType,
  PolicyVersion,
  PrincipalBlock,
} from '../grammar/policy-document';
import { lintDocument } from '../lint/lint-document';
import type { Finding } from './finding';
import {
  countPolicySize,
  defaultQuota,
  firstInvalidCharacter,
  type IdentityPolicyKind,
} from './policy-limits';
import { validateCondition } from './validate-condition';
import { validatePrincipal } from './validate-principal';
import { FindingCollector, isObject, quote, readStringList } from './validation-context';

/**
 * Parses and validates a policy document the way IAM does before it stores
 * one (MalformedPolicyDocument / LimitExceeded), per policy type. Never
 * throws for bad input: every problem comes back as a finding with the path
 * of the element at fault.
 *
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

export interface ValidatePolicyOptions {
  readonly type: PolicyType;
  /** For identity policies: which quota applies (default `managed`). */
  readonly kind?: IdentityPolicyKind;
  /** Overrides the quota (characters without white space). */
  readonly sizeLimit?: number;
  /** Run the linter and report its findings as warnings (default true). */
  readonly lint?: boolean;
}

export interface ValidationResult {
  readonly ok: boolean;
  /** The normalized document, when `ok`. */
  readonly policy?: PolicyDocument;
  readonly errors: readonly Finding[];
  /** Non-blocking findings (linter and grammar warnings). */
  readonly warnings: readonly Finding[];
}

const VERSIONS: readonly PolicyVersion[] = ['2012-10-17', '2008-10-17'];
const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
const SID = /^[0-9A-Za-z]*$/;
const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?_.-]+$/;

export function validatePolicy(input: string | object, options: ValidatePolicyOptions): ValidationResult {
  const out = new FindingCollector();
  try {
    const policy = validate(input, options, out);
    if (policy && out.errors.length === 0) {
      const lint = options.lint === false ? [] : lintDocument(policy);
      return { ok: true, policy, errors: [], warnings: [...out.warnings, ...lint] };
    }
  } catch (cause) {
    // A validator bug must still surface as a finding, never as an exception.
    out.error('INTERNAL_ERROR', '', `The policy could not be validated: ${String(cause)}`, 'ValidationError');
  }
  return { ok: false, errors: out.errors, warnings: out.warnings };
}

function validate(
  input: string | object,
  options: ValidatePolicyOptions,
  out: FindingCollector,
): PolicyDocument | undefined {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = JSON.stringify(input) ?? '';
    } catch {
      out.error('SYNTAX_ERROR', '', 'Syntax errors in policy.');
      return undefined;
    }
  }
  if (text.trim() === '') {
    out.error('EMPTY_POLICY', '', 'Policy document must not be empty.', 'ValidationError');
    return undefined;
  }
  const invalidAt = firstInvalidCharacter(text);
  if (invalidAt >= 0) {
    out.error(
      'INVALID_CHARACTERS',
      '',
      `1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+ (character ${quote(text[invalidAt])} at position ${invalidAt}).`,
      'ValidationError',
    );
    return undefined;
  }
  const size = countPolicySize(text);
  const quota = defaultQuota(options.type, options.kind);
  const limit = options.sizeLimit ?? quota.limit;
  if (size > limit) {
    out.error(
      'POLICY_SIZE_EXCEEDED',
      '',
      `Cannot exceed quota for ${quota.name}: ${limit} (this policy has ${size} characters without white space).`,
      'LimitExceeded',
    );
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    out.error(
      'SYNTAX_ERROR',
      '',
      `Syntax errors in policy. ${cause instanceof Error ? cause.message : ''}`.trim(),
    );
    return undefined;
  }
  if (!isObject(json)) {
    out.error('SYNTAX_ERROR', '', 'Syntax errors in policy. The document must be a JSON object.');
    return undefined;
  }
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL.has(key))
      out.error('UNKNOWN_FIELD', key, `Syntax errors in policy. Unknown field ${key}.`);
  }
  let version: PolicyVersion | undefined;
  if (json.Version !== undefined) {
    version = VERSIONS.find((v) => v === json.Version);
    if (!version) {
      out.error(
        'INVALID_VERSION',
        'Version',
        `The policy version ${quote(json.Version)} is not valid. Use "2012-10-17" (or the legacy "2008-10-17").`,
      );
    }
  }
  let id: string | undefined;
  if (json.Id !== undefined) {
    if (typeof json.Id === 'string') id = json.Id;
    else out.error('INVALID_ELEMENT_TYPE', 'Id', `Id must be a string, got ${quote(json.Id)}.`);
  }
  if (json.Statement === undefined) {
    out.error('MISSING_STATEMENT', 'Statement', 'Missing required field Statement');
    return undefined;
  }
  const rawStatements = Array.isArray(json.Statement) ? json.Statement : [json.Statement];
  if (rawStatements.length === 0) {
    out.error(
      'MISSING_STATEMENT',
      'Statement',
      'Missing required field Statement: the Statement array is empty.',
    );
    return undefined;
  }
  const statements: PolicyStatement[] = [];
  const sids = new Map<string, number>();
  rawStatements.forEach((raw, index) => {
    const statement = validateStatement(raw, index, options.type, out);
    if (!statement) return;
    if (statement.sid !== undefined && statement.sid !== '') {
      const previous = sids.get(statement.sid);
      if (previous !== undefined) {
        out.error(
          'DUPLICATE_SID',
          `Statement[${index}].Sid`,
          `Statement IDs (SID) in a single policy must be unique. ${quote(statement.sid)} is also used by Statement[${previous}].`,
        );
      } else sids.set(statement.sid, index);
    }
    statements.push(statement);
  });
  if (out.errors.length > 0) return undefined;
  return { type: options.type, version, id, statements, size };
}

function validateStatement(
  raw: unknown,
  index: number,
  type: PolicyType,
  out: FindingCollector,
): PolicyStatement | undefined {
  const path = `Statement[${index}]`;
  if (!isObject(raw)) {
    out.error(
      'INVALID_STATEMENT',
      path,
      `Syntax errors in policy. A statement must be a JSON object, got ${quote(raw)}.`,
    );
    return undefined;
  }
  const before = out.errors.length;
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_FIELDS.has(key))
      out.error('UNKNOWN_FIELD', `${path}.${key}`, `Syntax errors in policy. Unknown field ${key}.`);
  }

  let sid: string | undefined;
  if (raw.Sid !== undefined) {
    if (typeof raw.Sid !== 'string')
      out.error('INVALID_SID', `${path}.Sid`, `Sid must be a string, got ${quote(raw.Sid)}.`);
    else if (type !== 'resource' && !SID.test(raw.Sid)) {
      out.error(
        'INVALID_SID',
        `${path}.Sid`,
        'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
      );
    } else sid = raw.Sid;
  }

  let effect: Effect | undefined;
  if (raw.Effect === undefined)
    out.error('MISSING_EFFECT', `${path}.Effect`, 'Missing required field Effect');
  else if (raw.Effect === 'Allow' || raw.Effect === 'Deny') effect = raw.Effect;
  else
    out.error(
      'INVALID_EFFECT',
      `${path}.Effect`,
      `Invalid effect: ${typeof raw.Effect === 'string' ? raw.Effect : quote(raw.Effect)}`,
    );

  const action = exclusivePair(raw, 'Action', 'NotAction', path, out);
  if (action === 'missing')
    out.error('MISSING_ACTION', `${path}.Action`, 'Policy statement must contain actions.');
  const actions =
    action === 'missing' || action === 'both'
      ? undefined
      : readActions(raw[action], `${path}.${action}`, out);

  const resource = exclusivePair(raw, 'Resource', 'NotResource', path, out);
  // A resource-based policy is attached to its resource, so Resource is optional there (trust policies have none).
  if (resource === 'missing' && type !== 'resource')
    out.error('MISSING_RESOURCE', `${path}.Resource`, 'Policy statement must contain resources.');
  const resources =
    resource === 'missing' || resource === 'both'
      ? undefined
      : readResources(raw[resource], `${path}.${resource}`, out);

  let principal: PrincipalBlock | undefined;
  let notPrincipal: PrincipalBlock | undefined;
  const principalKey = exclusivePair(raw, 'Principal', 'NotPrincipal', path, out);
  if (type !== 'resource') {
    if (principalKey !== 'missing')
      out.error(
        'PRINCIPAL_NOT_ALLOWED',
        `${path}.${principalKey === 'both' ? 'Principal' : principalKey}`,
        'Policy document should not specify a principal.',
      );
  } else if (principalKey === 'missing') {
    out.error('MISSING_PRINCIPAL', `${path}.Principal`, 'Missing required field Principal');
  } else if (principalKey === 'Principal') {
    principal = validatePrincipal(raw.Principal, `${path}.Principal`, out);
  } else if (principalKey === 'NotPrincipal') {
    notPrincipal = validatePrincipal(raw.NotPrincipal, `${path}.NotPrincipal`, out);
  }

  let condition: ConditionEntry[] = [];
  if (raw.Condition !== undefined)
    condition = validateCondition(raw.Condition, `${path}.Condition`, out) ?? [];

  if (out.errors.length > before || !effect) return undefined;
  return {
    index,
    sid,
    effect,
    action: action === 'Action' ? actions : undefined,
    notAction: action === 'NotAction' ? actions : undefined,
    resource: resource === 'Resource' ? resources : undefined,
    notResource: resource === 'NotResource' ? resources : undefined,
    principal,
    notPrincipal,
    condition,
  };
}

/** Which of two mutually exclusive elements is present. */
function exclusivePair<A extends string, B extends string>(
  raw: Record<string, unknown>,
  a: A,
  b: B,
  path: string,
  out: FindingCollector,
): A | B | 'missing' | 'both' {
  const hasA = raw[a] !== undefined;
  const hasB = raw[b] !== undefined;
  if (hasA && hasB) {
    out.error(
      'MUTUALLY_EXCLUSIVE_ELEMENTS',
      path,
      `Syntax errors in policy. A statement cannot contain both ${a} and ${b}.`,
    );
    return 'both';
  }
  return hasA ? a : hasB ? b : 'missing';
}

function readActions(value: unknown, path: string, out: FindingCollector): string[] | undefined {
  const actions = readStringList(value, path, out, path.slice(path.lastIndexOf('.') + 1));
  if (!actions) return undefined;
  let ok = true;
  for (const action of actions) {
    if (action === '*') continue;
    if (!action.includes(':')) {
      out.error(
        'INVALID_ACTION',
        path,
        `Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. (got ${quote(action)})`,
      );
      ok = false;
    } else if (!ACTION.test(action)) {
      out.error(
        'INVALID_ACTION',
        path,
        `Action ${quote(action)} is not valid: use service:ActionName with letters, digits and the wildcards * and ?; the service prefix takes no wildcard.`,
      );
      ok = false;
    }
  }
  return ok ? actions : undefined;
}

function readResources(value: unknown, path: string, out: FindingCollector): string[] | undefined {
  const resources = readStringList(value, path, out, path.slice(path.lastIndexOf('.') + 1));
  if (!resources) return undefined;
  let ok = true;
  for (const resource of resources) {
    if (resource === '*') continue;
    if (!resource.startsWith('arn:') || colonsOutsideVariables(resource) < 5) {
      out.error('INVALID_RESOURCE', path, `Resource ${resource} must be in ARN format or "*".`);
      ok = false;
    }
  }
  return ok ? resources : undefined;
}

function colonsOutsideVariables(text: string): number {
  let count = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) depth--;
    else if (c === ':' && depth === 0) count++;
  }
  return count;
}
