import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const PUBLIC_ROUTE = 'iam:public-route';
/** Marks an operation of the OpenAPI document as unsigned (openApiDocument gives it `security: []`). */
export const UNSIGNED_EXTENSION = 'x-iam-unsigned';

/** No authentication: health, metrics and docs, and the routes whose credential is in the body (sign-in, web identity, SAML). */
export const Public = () =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(UNSIGNED_EXTENSION, true));
