import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { IamError } from '@iam/contracts';

/**
 * class-validator at the edge, answering as AWS does:
 * `2 validation errors detected: userName: …; path: …`. Unknown fields are
 * rejected so a typo is not silently ignored.
 */
export function iamValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => {
      const messages = flatten(errors);
      const noun = messages.length === 1 ? 'validation error' : 'validation errors';
      return new IamError('ValidationError', `${messages.length} ${noun} detected: ${messages.join('; ')}`);
    },
  });
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((constraint) => `${path}: ${constraint}`);
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
