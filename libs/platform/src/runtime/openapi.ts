import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { asyncApiDocument } from '@iam/contracts';
import { errorStatus } from '../http/error-status';
import { UNSIGNED_EXTENSION } from '../http/public-route';

/** The name of the SigV4 security scheme of every document. */
export const SIGV4_SCHEME = 'sigv4';
const ERROR_SCHEMA = 'AwsError';

/**
 * The OpenAPI document of one process. Each operation's `operationId` is its
 * AWS action name, set by the route's `@Action` (libs/auth; a route without
 * one, like `AssumeRole` that needs no permission, names it in its
 * `@ApiOperation`). Completed here, for every operation at once: SigV4 is
 * required unless the route is `@Public()`, which is marked unsigned
 * (`security: []`), and the error answers are listed, one per HTTP status
 * with the AWS codes it carries, in the shared `AwsError` shape.
 */
export function openApiDocument(app: INestApplication, name: string): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`IAM ${name}`)
      .setDescription(
        'Self-hosted IAM and STS modelled on AWS IAM. Requests are signed with AWS Signature Version 4 ' +
          '(credential scope service `iam`, or `sts` for the /v1/sts routes).\n\n' +
          'Events: every Kafka topic and event type (schemas, keys, ordering, versioning) is described by the ' +
          '[AsyncAPI 3.0 document](/docs/asyncapi.json).',
      )
      .setVersion('1')
      .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
      .addSecurity(SIGV4_SCHEME, {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description:
          'AWS Signature Version 4: `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` ' +
          'with `X-Amz-Date` (and `X-Amz-Security-Token` for temporary credentials). Any AWS SDK signs so.',
        // The convention of AWS's own OpenAPI tooling (API Gateway) for this scheme.
        'x-amazon-apigateway-authtype': 'awsSigv4',
      } as never)
      .addSecurityRequirements(SIGV4_SCHEME)
      .build(),
  );
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, [ERROR_SCHEMA]: errorSchema() },
  };
  const errors = errorResponses();
  for (const [, pathItem] of Object.entries(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = pathItem[method];
      if (!operation) continue;
      if ((operation as unknown as Record<string, unknown>)[UNSIGNED_EXTENSION] === true) operation.security = [];
      // The error answers come from here only (status → the AWS codes it carries).
      for (const status of Object.keys(operation.responses))
        if (Number(status) >= 400) delete operation.responses[status];
      Object.assign(operation.responses, errors);
    }
  }
  return document;
}

/** Serves the document at /docs (and its JSON at /docs-json), and the events' AsyncAPI document at /docs/asyncapi.json. */
export function setUpDocs(app: INestApplication, name: string): void {
  SwaggerModule.setup('docs', app, openApiDocument(app, name));
  // Public like the rest of /docs; built once, from libs/contracts.
  const asyncApi = JSON.stringify(asyncApiDocument());
  (app as NestFastifyApplication)
    .getHttpAdapter()
    .getInstance()
    .get('/docs/asyncapi.json', (_request, reply) => {
      void reply.type('application/json; charset=utf-8').send(asyncApi);
    });
}

function errorSchema() {
  return {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message', 'requestId'],
        properties: {
          code: { type: 'string', enum: Object.keys(errorStatus), description: 'The AWS error code' },
          message: { type: 'string' },
          requestId: { type: 'string' },
          encodedAuthorizationMessage: {
            type: 'string',
            description: 'AccessDenied only: the sealed explanation sts:DecodeAuthorizationMessage reads',
          },
        },
      },
    },
  };
}

/** One response per error status, naming the AWS codes answered with it. */
function errorResponses() {
  const byStatus = new Map<number, string[]>();
  for (const [code, status] of Object.entries(errorStatus))
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [
        String(status),
        {
          description: codes.join(' / '),
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } },
        },
      ]),
  );
}
