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
import { validateResource } from './validate-resource';
import {
  AwsMessage,
  FindingCollector,
  inCheckOrder,
  isObject,
  quote,
  readStringList,
} from './validation-context';

/**
 * Parses and validates a policy document the way IAM does before it stores
 * one (MalformedPolicyDocument / LimitExceeded), per policy type. Never
 * throws for bad input: every problem comes back as a finding with the path
 * of the element at fault.
 *
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 *
 * Messages are IAM's own (`Syntax errors in policy.`, `The policy failed
 * legacy parsing`, …) with the precise reason in `detail`, and errors come
 * in the order IAM checks, so the first one is what IAM would answer.
 */

export interface ValidatePolicyOptions {
  readonly type: PolicyType;
  /** For identity policies: which quota applies (default `managed`). */
  readonly kind?: IdentityPolicyKind;
  /** Overrides the quota (characters without white space). */
  readonly sizeLimit?: number;
  /** Run the linter and report its findings as warnings (default true). */
  readonly lint?: boolean;
  /**
   * Refuse a document whose Version is missing or `2008-10-17`, as IAM's
   * CreatePolicy and CreatePolicyVersion do (`Policy document must be
   * version 2012-10-17 or greater.`). Default: on for identity policies
   * given as `kind: 'managed'`, off otherwise (inline, trust, boundary and
   * session documents default to the 2008-10-17 rules when Version is
   * missing). Off for `stored` documents.
   */
  readonly requireCurrentVersion?: boolean;
  /**
   * The document was accepted earlier and is read back (compilation): the
   * rules IAM applies only when a document is written are off — the Version
   * rule, and Allow with NotPrincipal (such a statement then grants nothing).
   */
  readonly stored?: boolean;
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
const ACTION_NAME = /^[A-Za-z0-9*?_.-]+$/;
const VENDOR = /^[A-Za-z0-9.-]+$/;

/** The NotPrincipal page's words: IAM refuses such a statement and the engine never grants through one. */
export const NOT_PRINCIPAL_WITH_ALLOW =
  'NotPrincipal must be used with "Effect":"Deny". Using it with "Effect":"Allow" is not supported.';

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
  return { ok: false, errors: inCheckOrder(out.errors), warnings: out.warnings };
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
      out.syntax('SYNTAX_ERROR', '', 'The document cannot be written as JSON.');
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
    out.syntax('SYNTAX_ERROR', '', cause instanceof Error ? cause.message : 'The document is not JSON.');
    return undefined;
  }
  if (!isObject(json)) {
    out.syntax('SYNTAX_ERROR', '', 'The document must be a JSON object.');
    return undefined;
  }
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL.has(key)) out.syntax('UNKNOWN_FIELD', key, `Unknown field ${key}.`);
  }
  let version: PolicyVersion | undefined;
  if (json.Version !== undefined) {
    version = VERSIONS.find((v) => v === json.Version);
    if (!version) {
      out.syntax(
        'INVALID_VERSION',
        'Version',
        `The policy version ${quote(json.Version)} is not valid. Use "2012-10-17" (or the legacy "2008-10-17").`,
      );
    }
  }
  const requireCurrent =
    !options.stored &&
    (options.requireCurrentVersion ?? (options.type === 'identity' && options.kind === 'managed'));
  if (
    requireCurrent &&
    json.Version !== '2012-10-17' &&
    (json.Version === undefined || version !== undefined)
  ) {
    out.error(
      'VERSION_TOO_OLD',
      'Version',
      AwsMessage.version,
      'MalformedPolicyDocument',
      json.Version === undefined
        ? 'The document has no Version; managed policies need "Version": "2012-10-17".'
        : 'Managed policies need "Version": "2012-10-17".',
    );
  }
  let id: string | undefined;
  if (json.Id !== undefined) {
    if (typeof json.Id === 'string') id = json.Id;
    else out.syntax('INVALID_ELEMENT_TYPE', 'Id', `Id must be a string, got ${quote(json.Id)}.`);
  }
  if (json.Statement === undefined) {
    out.syntax('MISSING_STATEMENT', 'Statement', 'Missing required field Statement');
    return undefined;
  }
  if (!Array.isArray(json.Statement) && !isObject(json.Statement)) {
    out.syntax(
      'INVALID_STATEMENT',
      'Statement',
      `Statement must be an object or an array of objects, got ${quote(json.Statement)}.`,
    );
    return undefined;
  }
  const rawStatements = Array.isArray(json.Statement) ? json.Statement : [json.Statement];
  if (rawStatements.length === 0) {
    out.syntax('MISSING_STATEMENT', 'Statement', 'The Statement array is empty.');
    return undefined;
  }
  const statements: PolicyStatement[] = [];
  const sids = new Map<string, number>();
  rawStatements.forEach((raw, index) => {
    // Sids are unique across the document, also among statements that are otherwise invalid.
    const sid = isObject(raw) && typeof raw.Sid === 'string' ? raw.Sid : '';
    const previous = sids.get(sid);
    if (sid !== '' && previous !== undefined) {
      out.error(
        'DUPLICATE_SID',
        `Statement[${index}].Sid`,
        AwsMessage.duplicateSid,
        'MalformedPolicyDocument',
        `${quote(sid)} is also used by Statement[${previous}].`,
      );
    } else if (sid !== '') sids.set(sid, index);
    const statement = validateStatement(raw, index, options, out);
    if (statement) statements.push(statement);
  });
  if (out.errors.length > 0) return undefined;
  return { type: options.type, version, id, statements, size };
}

function validateStatement(
  raw: unknown,
  index: number,
  options: ValidatePolicyOptions,
  out: FindingCollector,
): PolicyStatement | undefined {
  const path = `Statement[${index}]`;
  const type: PolicyType = options.type;
  if (!isObject(raw)) {
    out.syntax('INVALID_STATEMENT', path, `A statement must be a JSON object, got ${quote(raw)}.`);
    return undefined;
  }
  const before = out.errors.length;
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_FIELDS.has(key)) out.syntax('UNKNOWN_FIELD', `${path}.${key}`, `Unknown field ${key}.`);
  }

  let sid: string | undefined;
  if (raw.Sid !== undefined) {
    if (typeof raw.Sid !== 'string')
      out.syntax('INVALID_SID', `${path}.Sid`, `Sid must be a string, got ${quote(raw.Sid)}.`);
    else if (type !== 'resource' && !SID.test(raw.Sid)) {
      out.error('INVALID_SID_CHARACTERS', `${path}.Sid`, AwsMessage.sidPattern);
    } else sid = raw.Sid;
  }

  let effect: Effect | undefined;
  if (raw.Effect === undefined)
    out.syntax('MISSING_EFFECT', `${path}.Effect`, 'Missing required field Effect');
  else if (raw.Effect === 'Allow' || raw.Effect === 'Deny') effect = raw.Effect;
  else if (typeof raw.Effect === 'string' && /^(allow|deny)$/i.test(raw.Effect))
    // IAM's first pass reads Effect case-insensitively; its legacy pass then refuses the spelling.
    out.error(
      'LEGACY_PARSING',
      `${path}.Effect`,
      AwsMessage.legacy,
      'MalformedPolicyDocument',
      `Invalid effect: ${raw.Effect} (write Allow or Deny).`,
    );
  else
    out.syntax(
      'INVALID_EFFECT',
      `${path}.Effect`,
      `Invalid effect: ${typeof raw.Effect === 'string' ? raw.Effect : quote(raw.Effect)}`,
    );

  // An empty Action (or Resource) array is a missing element to IAM, not a syntax error.
  const action = exclusivePair(raw, 'Action', 'NotAction', path, out);
  const noAction = action === 'missing' || isEmptyArray(raw[action]);
  if (noAction)
    out.error('MISSING_ACTION', `${path}.${action === 'missing' ? 'Action' : action}`, AwsMessage.noActions);
  const actions =
    noAction || action === 'both' ? undefined : readActions(raw[action], `${path}.${action}`, out);

  const resource = exclusivePair(raw, 'Resource', 'NotResource', path, out);
  const noResource = resource === 'missing' || isEmptyArray(raw[resource]);
  // A resource-based policy is attached to its resource, so Resource is optional there (trust policies have none).
  if (noResource && (resource !== 'missing' || type !== 'resource'))
    out.error(
      'MISSING_RESOURCE',
      `${path}.${resource === 'missing' ? 'Resource' : resource}`,
      AwsMessage.noResources,
    );
  const resources =
    noResource || resource === 'both' ? undefined : readResources(raw[resource], `${path}.${resource}`, out);

  let principal: PrincipalBlock | undefined;
  let notPrincipal: PrincipalBlock | undefined;
  const principalKey = exclusivePair(raw, 'Principal', 'NotPrincipal', path, out);
  if (type !== 'resource') {
    if (principalKey !== 'missing')
      out.error(
        'PRINCIPAL_NOT_ALLOWED',
        `${path}.${principalKey === 'both' ? 'Principal' : principalKey}`,
        AwsMessage.noPrincipalAllowed,
      );
  } else if (principalKey === 'missing') {
    out.error('MISSING_PRINCIPAL', `${path}.Principal`, AwsMessage.missingPrincipal);
  } else if (principalKey === 'Principal') {
    principal = validatePrincipal(raw.Principal, `${path}.Principal`, out);
  } else if (principalKey === 'NotPrincipal') {
    if (raw.Effect === 'Allow' && !options.stored) {
      // "NotPrincipal must be used with "Effect":"Deny". Using it with "Effect":"Allow" is not supported."
      // (AWS JSON policy elements: NotPrincipal). Such a statement would grant every principal but one.
      out.error('NOT_PRINCIPAL_WITH_ALLOW', `${path}.NotPrincipal`, NOT_PRINCIPAL_WITH_ALLOW);
    }
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

function isEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
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
    out.syntax('MUTUALLY_EXCLUSIVE_ELEMENTS', path, `A statement cannot contain both ${a} and ${b}.`);
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
    const parts = action.split(':');
    const problem =
      parts.length === 1
        ? AwsMessage.vendor
        : parts.length > 2
          ? AwsMessage.oneColon
          : !VENDOR.test(parts[0])
            ? `Vendor ${parts[0]} is not valid`
            : undefined;
    if (problem) {
      out.error('INVALID_ACTION', path, problem, 'MalformedPolicyDocument', `Action ${quote(action)}.`);
      ok = false;
    } else if (!ACTION_NAME.test(parts[1])) {
      // IAM accepts any text after the colon (and then never matches it); refusing it is our stricter check.
      out.error(
        'INVALID_ACTION',
        path,
        `Action ${quote(action)} is not valid: use service:ActionName with letters, digits and the wildcards * and ?.`,
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
    const problem = validateResource(resource);
    if (problem) {
      out.error(
        problem.legacy ? 'LEGACY_PARSING' : 'INVALID_RESOURCE',
        path,
        problem.message,
        'MalformedPolicyDocument',
        problem.detail,
      );
      ok = false;
    }
  }
  return ok ? resources : undefined;
}
