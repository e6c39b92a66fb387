import type { DynamicModule, Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { AuditModule } from '@iam/audit';
import { AuthModule } from '@iam/auth';
import { AwsQueryModule } from '@iam/aws-query';
import { IdentityModule } from '@iam/identity';
import { openApiDocument } from '@iam/platform';
import { PolicyModule } from '@iam/policy';
import { StsModule } from '@iam/sts';

/** The modules of each process, as apps/<name>/src/main.ts starts them. */
export const SERVICE_MODULES: Record<string, (Type | DynamicModule)[]> = {
  identity: [
    AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }),
    IdentityModule,
    AwsQueryModule,
  ],
  policy: [
    AuthModule.forRoot({ service: 'policy', consumeIdentityEvents: true }),
    PolicyModule,
    AwsQueryModule,
  ],
  sts: [AuthModule.forRoot({ service: 'sts', consumeIdentityEvents: true }), StsModule, AwsQueryModule],
  audit: [AuthModule.forRoot({ service: 'audit', consumeIdentityEvents: true }), AuditModule],
  standalone: [
    AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }),
    IdentityModule,
    PolicyModule,
    StsModule,
    AuditModule,
    AwsQueryModule,
  ],
};

/** Every controller a module list registers, through its imports. */
function controllersOf(modules: (Type | DynamicModule)[], seen = new Set<unknown>()): Type[] {
  return modules.flatMap((entry) => {
    if (seen.has(entry)) return [];
    seen.add(entry);
    const dynamic = 'module' in entry ? entry : undefined;
    const type = dynamic ? dynamic.module : (entry as Type);
    const controllers: Type[] = [
      ...(Reflect.getMetadata('controllers', type) ?? []),
      ...(dynamic?.controllers ?? []),
    ];
    const imports = [...(Reflect.getMetadata('imports', type) ?? []), ...(dynamic?.imports ?? [])].filter(
      (imported) =>
        typeof imported === 'function' || (imported && typeof imported === 'object' && 'module' in imported),
    );
    return [...controllers, ...controllersOf(imports, seen)];
  });
}

/**
 * The OpenAPI document a process serves at /docs, built from its
 * controllers alone (their dependencies are stand-ins: building the
 * document calls none of them), by the same `openApiDocument` as
 * bootstrapService uses.
 */
export async function buildOpenApiDocument(name: string): Promise<OpenAPIObject> {
  const controllers = [...new Set(controllersOf(SERVICE_MODULES[name]))];
  const moduleRef = await Test.createTestingModule({ controllers })
    .useMocker(() => ({}))
    .compile();
  const app = moduleRef.createNestApplication(new FastifyAdapter());
  try {
    return openApiDocument(app, name);
  } finally {
    await app.close();
  }
}
