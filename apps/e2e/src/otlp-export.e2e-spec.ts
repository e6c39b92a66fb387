import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuthModule } from '@iam/auth';
import { IdentityModule } from '@iam/identity';
import { bootstrapService } from '@iam/platform';
import { dropSchemas, randomRootKey, testInfrastructure, type TestInfrastructure } from '@iam/testing';

/** What an OpenTelemetry collector's OTLP/HTTP JSON receiver gets, as far as this test reads it. */
interface ExportRequest {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: { name: string; kind: number }[] }[];
  }[];
}

/**
 * With OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set, a process posts its spans by
 * OTLP/HTTP: here to a receiver standing in for a collector, at the latest
 * when it shuts down (the batch is flushed then).
 */
describe('OTLP export when configured (standalone)', () => {
  const received: ExportRequest[] = [];
  let collector: Server;
  let infra: TestInfrastructure;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-otlp-'));

  beforeAll(async () => {
    infra = await testInfrastructure();
    collector = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (request.url === '/v1/traces') received.push(JSON.parse(body) as ExportRequest);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => collector.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
    await dropSchemas(infra.databaseUrl, infra.schemaPrefix);
    await infra.stop();
  });

  it("posts a request's server span, named by its route, under the process's service name", async () => {
    const { port } = collector.address() as AddressInfo;
    const rootKey = randomRootKey();
    const running = await bootstrapService({
      name: 'standalone',
      modules: [AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }), IdentityModule],
      env: {
        IAM_MODE: 'standalone',
        IAM_DATA_DIR: dataDir,
        // Postgres rather than PGlite: the same code, started in a second instead of twenty.
        DATABASE_URL: infra.databaseUrl,
        IAM_SCHEMA_PREFIX: infra.schemaPrefix,
        // Preset, so none is made up and printed.
        IAM_ROOT_ACCESS_KEY_ID: rootKey.accessKeyId,
        IAM_ROOT_SECRET_ACCESS_KEY: rootKey.secretAccessKey,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'fatal',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `http://127.0.0.1:${port}/v1/traces`,
      },
    });
    // Unsigned: refused, and still traced.
    const refused = await fetch(`${running.url}/v1/users`);
    expect(refused.status).toBe(403);
    await running.close();

    const spans = received.flatMap((request) =>
      request.resourceSpans.flatMap((resourceSpans) =>
        resourceSpans.scopeSpans.flatMap((scope) =>
          scope.spans.map((span) => ({
            ...span,
            service: resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value
              .stringValue,
          })),
        ),
      ),
    );
    // kind 2: SPAN_KIND_SERVER in OTLP.
    expect(spans).toContainEqual(
      expect.objectContaining({ name: 'GET /v1/users', kind: 2, service: 'standalone' }),
    );
  });
});
