import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * An optional field: left out, it is not validated; present, it must pass
 * the field's other rules. Unlike class-validator's `@IsOptional()`, which
 * also waves `null` through (then `{"password": null}` reaches a handler
 * that expects a string: a 500), `null` is a value here, and a type check
 * such as `@IsString()` refuses it with a 400 naming the field.
 */
export function IsOptionalNotNull(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}
