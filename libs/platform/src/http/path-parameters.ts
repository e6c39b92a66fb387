import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { pathParameterRules, type PathParameterRule } from '@iam/contracts';

/**
 * Checks every path parameter against the rule for its name before
 * authentication, authorization or a handler use it (Fastify's
 * preValidation runs after the body is read, before Nest's guards).
 * Registering a route whose path names a parameter without a rule throws
 * at start: no parameter reaches a query unchecked.
 */
export function validatePathParameters(
  app: NestFastifyApplication,
  rules: Readonly<Record<string, PathParameterRule>> = pathParameterRules,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route) => {
    for (const parameter of parameterNames(route.url)) {
      if (!Object.hasOwn(rules, parameter)) {
        throw new Error(
          `Route ${String(route.method)} ${route.url} has path parameter '${parameter}' with no rule in pathParameterRules (libs/contracts/src/path-parameters.ts).`,
        );
      }
    }
  });
  fastify.addHook('preValidation', async (request) => {
    const params = (request.params ?? {}) as Record<string, string>;
    for (const [parameter, value] of Object.entries(params)) {
      if (Object.hasOwn(rules, parameter)) rules[parameter](parameter, String(value));
    }
  });
}

/** `/v1/users/:userName/access-keys/:accessKeyId` → userName, accessKeyId. */
export function parameterNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]);
}
