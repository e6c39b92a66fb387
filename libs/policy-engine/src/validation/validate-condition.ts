import type { ConditionEntry } from '../grammar/policy-document';
import { parseOperator, type OperatorSpec } from '../conditions/condition-operators';
import { isBase64Text, isNumericText, toInstant } from '../conditions/condition-values';
import { parseCidr } from '../conditions/ip-address';
import { AwsMessage, FindingCollector, isObject, quote } from './validation-context';

/**
 * The Condition block: `{ operator: { key: value | [values] } }`. Operators
 * must be known, keys must carry a vendor prefix, and values must fit the
 * operator's family (numbers for Numeric*, ISO 8601 or epoch for Date*, …).
 */

// A vendor prefix (`aws:`, `s3:`), or an OIDC provider's `host[:port][/path]` as web-identity keys
// are named (`token.actions.githubusercontent.com:sub`, `keycloak.internal:8443/realms/dev:aud`).
const CONDITION_KEY = /^[A-Za-z0-9][\w.~/-]*:\S+$/;

export function validateCondition(
  value: unknown,
  path: string,
  out: FindingCollector,
): ConditionEntry[] | undefined {
  if (!isObject(value)) {
    out.syntax('INVALID_CONDITION', path, `Condition must be an object of operators, got ${quote(value)}.`);
    return undefined;
  }
  const entries: ConditionEntry[] = [];
  let ok = true;
  for (const [operator, block] of Object.entries(value)) {
    const opPath = `${path}.${operator}`;
    const parsed = parseOperator(operator);
    if (!parsed.ok) {
      const why =
        parsed.reason === 'null-if-exists'
          ? ' (Null already tests for presence and takes no IfExists suffix)'
          : parsed.reason === 'null-with-set'
            ? ' (Null takes no ForAllValues/ForAnyValue qualifier)'
            : '';
      out.syntax('INVALID_CONDITION_OPERATOR', opPath, `Invalid Condition type : ${operator}${why}`);
      ok = false;
      continue;
    }
    if (!isObject(block) || Object.keys(block).length === 0) {
      out.syntax(
        'INVALID_CONDITION',
        opPath,
        `Condition operator ${operator} must map context keys to values.`,
      );
      ok = false;
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const keyPath = `${opPath}.${key}`;
      if (!CONDITION_KEY.test(key)) {
        // IAM accepts such a key (and it never matches); refusing it is our stricter check.
        out.error(
          'INVALID_CONDITION_KEY',
          keyPath,
          `Invalid condition key ${quote(key)}: condition keys are prefaced by a vendor, e.g. aws:, iam:, s3:.`,
        );
        ok = false;
      }
      const values = readConditionValues(raw, keyPath, out);
      if (!values) {
        ok = false;
        continue;
      }
      for (const v of values) {
        const problem = valueProblem(parsed.spec, v);
        if (problem) {
          const detail = `Invalid value for condition operator ${operator}: ${quote(v)} ${problem}.`;
          // IAM refuses bad dates in its legacy pass; other bad values are our stricter check (README).
          if (parsed.spec.family === 'Date')
            out.error('LEGACY_PARSING', keyPath, AwsMessage.legacy, 'MalformedPolicyDocument', detail);
          else out.error('INVALID_CONDITION_VALUE', keyPath, detail);
          ok = false;
        }
      }
      entries.push({ operator, key, values });
    }
  }
  return ok ? entries : undefined;
}

function readConditionValues(raw: unknown, path: string, out: FindingCollector): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) {
    out.syntax('EMPTY_ELEMENT', path, 'A condition key must have at least one value.');
    return undefined;
  }
  const values: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') values.push(item);
    else if (typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item)))
      values.push(String(item));
    else {
      out.syntax(
        'INVALID_CONDITION_VALUE_TYPE',
        path,
        `Condition values must be strings, numbers or booleans, got ${quote(item)}.`,
      );
      return undefined;
    }
  }
  return values;
}

/** Why `value` cannot be used with this operator, or `undefined` when it can. */
function valueProblem(spec: OperatorSpec, value: string): string | undefined {
  switch (spec.family) {
    case 'Numeric':
      return isNumericText(value) ? undefined : 'is not a number';
    case 'Date':
      return Number.isNaN(toInstant(value)) ? 'is not an ISO 8601 date or epoch time' : undefined;
    case 'Bool':
    case 'Null':
      return /^(true|false)$/i.test(value) ? undefined : 'must be true or false';
    case 'Binary':
      return isBase64Text(value) ? undefined : 'is not base-64 encoded';
    case 'IpAddress':
      return parseCidr(value) ? undefined : 'is not an IPv4 or IPv6 address or CIDR block';
    default:
      return undefined;
  }
}
