import type { Finding, PolicyErrorCode } from './finding';

/**
 * IAM's answers to a malformed document, verbatim. IAM answers with the first
 * problem it finds, in the order of its checks: syntax, then the Version rule,
 * then "legacy parsing", then Sids, actions, resources.
 */
export const AwsMessage = {
  syntax: 'Syntax errors in policy.',
  version: 'Policy document must be version 2012-10-17 or greater.',
  legacy: 'The policy failed legacy parsing',
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  sidPattern:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  noActions: 'Policy statement must contain actions.',
  noResources: 'Policy statement must contain resources.',
  noPrincipalAllowed: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  vendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  resourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
} as const;

/** Which of IAM's checks reports a finding code; errors are sorted by it so the first is IAM's answer. */
const CHECK_ORDER: Readonly<Record<string, number>> = {
  SYNTAX_ERROR: 1,
  UNKNOWN_FIELD: 1,
  INVALID_VERSION: 1,
  INVALID_ELEMENT_TYPE: 1,
  EMPTY_ELEMENT: 1,
  MISSING_STATEMENT: 1,
  INVALID_STATEMENT: 1,
  MUTUALLY_EXCLUSIVE_ELEMENTS: 1,
  MISSING_EFFECT: 1,
  INVALID_EFFECT: 1,
  INVALID_CONDITION: 1,
  INVALID_CONDITION_OPERATOR: 1,
  INVALID_SID: 1,
  INVALID_CONDITION_VALUE_TYPE: 1,
  VERSION_TOO_OLD: 2,
  LEGACY_PARSING: 3,
  DUPLICATE_SID: 4,
  INVALID_SID_CHARACTERS: 4,
  MISSING_ACTION: 5,
  INVALID_RESOURCE: 6,
  INVALID_ACTION: 7,
  INVALID_CONDITION_KEY: 7,
  MISSING_RESOURCE: 8,
};
const LAST = 9;

/** Orders errors as IAM checks them (stable within one check). */
export function inCheckOrder(errors: readonly Finding[]): Finding[] {
  return errors
    .map((finding, i) => ({ finding, i, rank: CHECK_ORDER[finding.code] ?? LAST }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((e) => e.finding);
}

/** Collects findings while the validator walks a document. */
export class FindingCollector {
  readonly errors: Finding[] = [];
  readonly warnings: Finding[] = [];

  error(
    code: string,
    path: string,
    message: string,
    errorCode: PolicyErrorCode = 'MalformedPolicyDocument',
    detail?: string,
  ): void {
    this.errors.push(
      detail === undefined || detail === message
        ? { severity: 'ERROR', code, path, message, errorCode }
        : { severity: 'ERROR', code, path, message, detail, errorCode },
    );
  }

  /** An error IAM answers with `Syntax errors in policy.`; `detail` says what is wrong. */
  syntax(code: string, path: string, detail: string): void {
    this.error(code, path, AwsMessage.syntax, 'MalformedPolicyDocument', detail);
  }

  warn(code: string, path: string, message: string): void {
    this.warnings.push({ severity: 'WARNING', code, path, message });
  }
}

/** A JSON value is a plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Formats a value for a message the way AWS quotes it. */
export function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * Reads a string-or-array-of-strings element (Action, Resource, principal
 * values). Reports and returns `undefined` on any other shape.
 */
export function readStringList(
  value: unknown,
  path: string,
  out: FindingCollector,
  element: string,
): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.syntax('EMPTY_ELEMENT', path, `${element} must not be an empty array.`);
      return undefined;
    }
    const strings: string[] = [];
    value.forEach((item, i) => {
      if (typeof item === 'string') strings.push(item);
      else
        out.syntax(
          'INVALID_ELEMENT_TYPE',
          `${path}[${i}]`,
          `${element} values must be strings, got ${quote(item)}.`,
        );
    });
    return strings.length === value.length ? strings : undefined;
  }
  out.syntax(
    'INVALID_ELEMENT_TYPE',
    path,
    `${element} must be a string or an array of strings, got ${quote(value)}.`,
  );
  return undefined;
}
