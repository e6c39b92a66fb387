import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { TerminusModule } from '@nestjs/terminus';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ConfigError, loadServiceEnvironment, type ServiceEnvironment } from '../config/service-config';
import { HealthController } from '../health/health.controller';
import { errorBody } from '../http/error-body';
import { IamExceptionFilter } from '../http/iam-exception.filter';
import { iamValidationPipe } from '../http/iam-validation.pipe';
import { validatePathParameters } from '../http/path-parameters';
import { keepRawBodies } from '../http/raw-body';
import { createLogger, PinoNestLogger } from '../logging/logger';
import { Metrics } from '../metrics/metrics';
import { MetricsController } from '../metrics/metrics.controller';
import { openInfrastructure } from './infrastructure';
import { Lifecycle } from './lifecycle';
import { PlatformModule } from './platform.module';

export interface BootstrapOptions {
  /** Process name in logs, metrics and Kafka client id. */
  name: string;
  /** Service modules to serve (one, or all four in standalone mode). */
  modules: (Type | DynamicModule)[];
  /** Settings used when the environment does not give them. */
  defaults?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  /** Listen on PORT (default true); tests may pass a port of 0. */
  listen?: boolean;
}

export interface RunningApp {
  app: NestFastifyApplication;
  config: ServiceEnvironment;
  logger: Logger;
  url: string;
  close(): Promise<void>;
}

/** Builds and starts one process: validated config, ports, Nest on Fastify, docs, metrics, shutdown. */
export async function bootstrapService(options: BootstrapOptions): Promise<RunningApp> {
  const config = loadServiceEnvironment(options.env ?? process.env, options.defaults);
  const logger = createLogger(config.LOG_LEVEL, options.name);
  const metrics = new Metrics({ service: options.name });
  const lifecycle = new Lifecycle();
  const infrastructure = await openInfrastructure(config, options.name, logger);
  lifecycle.onShutdown('consumers', () => infrastructure.bus.stopConsumers());
  lifecycle.onShutdown('connections', async () => {
    await infrastructure.bus.close();
    await infrastructure.ttlStore.close();
    await infrastructure.database.close();
  });

  @Module({
    imports: [
      PlatformModule.forRoot({ config, logger, metrics, lifecycle, infrastructure }),
      CqrsModule.forRoot(),
      TerminusModule.forRoot({ logger: false }),
      ...options.modules,
    ],
    controllers: [HealthController, MetricsController],
  })
  class ServiceRootModule {}

  const adapter = new FastifyAdapter({
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // A path Fastify cannot decode (`%zz`, overlong or surrogate UTF-8) is answered before any
    // route or Nest filter: in our error shape, never Fastify's.
    frameworkErrors: (_error: Error, request: FastifyRequest, reply: FastifyReply) => {
      void reply
        .status(400)
        .header('x-amzn-requestid', String(request.id))
        .send(
          errorBody(
            'ValidationError',
            'The request path is not valid: it has a malformed percent-escape or is not UTF-8.',
            String(request.id),
          ),
        );
    },
  });
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(ServiceRootModule, adapter, {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
      // Our own body parser keeps the raw bytes the signature covers (keepRawBodies).
      bodyParser: false,
    });
  } catch (error) {
    await lifecycle.shutdown();
    throw error;
  }
  keepRawBodies(app);
  validatePathParameters(app);
  app.useGlobalFilters(new IamExceptionFilter(logger));
  app.useGlobalPipes(iamValidationPipe());
  app.enableShutdownHooks();
  observeRequests(app, metrics);
  setUpDocs(app, options.name);

  const port = config.PORT ?? 8080;
  let url = '';
  if (options.listen !== false) {
    await app.listen(port, config.HOST);
    const address = app.getHttpServer().address();
    const bound = typeof address === 'object' && address ? address.port : port;
    url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${bound}`;
  } else {
    await app.init();
  }
  return { app, config, logger, url, close: () => app.close() };
}

/** For `main.ts`: a configuration error is one line on stderr and exit code 1, not a stack trace. */
export async function runService(
  options: BootstrapOptions,
  onStarted?: (running: RunningApp) => void,
): Promise<void> {
  try {
    const running = await bootstrapService(options);
    running.logger.info({ url: running.url }, `${options.name} listening`);
    onStarted?.(running);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(
        `${options.name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
    process.exit(1);
  }
}

function observeRequests(app: INestApplication, metrics: Metrics): void {
  const histogram = metrics.histogram(
    'iam_http_request_duration_seconds',
    'HTTP request duration',
    ['method', 'route', 'status'],
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  fastify.addHook('onResponse', async (request, reply) => {
    histogram.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}

function setUpDocs(app: INestApplication, name: string): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`IAM ${name}`)
      .setDescription(
        'Self-hosted IAM and STS modelled on AWS IAM. Requests are signed with AWS Signature Version 4.',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
}
