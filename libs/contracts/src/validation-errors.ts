import { IamError } from './iam-error';

/**
 * AWS phrases a failed input constraint as
 * `1 validation error detected: Value 'x' at 'userName' failed to satisfy
 * constraint: Member must …`; the field is always named so the edge can
 * answer 400 with it.
 */
export function validationError(field: string, value: unknown, constraint: string): IamError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return new IamError(
    'ValidationError',
    `1 validation error detected: Value '${shown}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export function requireLength(field: string, value: string, min: number, max: number): void {
  if (value.length < min) {
    throw validationError(field, value, `Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    throw validationError(field, value, `Member must have length less than or equal to ${max}`);
  }
}

export function requirePattern(field: string, value: string, pattern: RegExp, shown: string): void {
  if (!pattern.test(value)) {
    throw validationError(field, value, `Member must satisfy regular expression pattern: ${shown}`);
  }
}

export function requireIntegerInRange(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value)) {
    throw validationError(field, value, 'Member must be an integer');
  }
  if (value < min) {
    throw validationError(field, value, `Member must have value greater than or equal to ${min}`);
  }
  if (value > max) {
    throw validationError(field, value, `Member must have value less than or equal to ${max}`);
  }
}
