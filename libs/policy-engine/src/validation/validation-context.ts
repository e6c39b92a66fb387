import type { Finding, PolicyErrorCode } from './finding';

/** Collects findings while the validator walks a document. */
export class FindingCollector {
  readonly errors: Finding[] = [];
  readonly warnings: Finding[] = [];

  error(
    code: string,
    path: string,
    message: string,
    errorCode: PolicyErrorCode = 'MalformedPolicyDocument',
  ): void {
    this.errors.push({ severity: 'ERROR', code, path, message, errorCode });
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
      out.error('EMPTY_ELEMENT', path, `${element} must not be an empty array.`);
      return undefined;
    }
    const strings: string[] = [];
    value.forEach((item, i) => {
      if (typeof item === 'string') strings.push(item);
      else
        out.error(
          'INVALID_ELEMENT_TYPE',
          `${path}[${i}]`,
          `${element} values must be strings, got ${quote(item)}.`,
        );
    });
    return strings.length === value.length ? strings : undefined;
  }
  out.error(
    'INVALID_ELEMENT_TYPE',
    path,
    `${element} must be a string or an array of strings, got ${quote(value)}.`,
  );
  return undefined;
}
