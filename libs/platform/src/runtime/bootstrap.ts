import 'reflect-metadata';
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger } from 'pino';
import type { EventBus } from '@iam/messaging';
import { ConfigError, loadServiceEnvironment, type ServiceEnvironment } from '../config/service-config';
import { HealthController } from '../health/health.controller';
import { errorBody } from '../http/error-body';
import { createLogger, PinoNestLogger } from '../logging/logger';
import { Metrics } from '../metrics/metrics';
import { MetricsController } from '../metrics/metrics.controller';
import { applyHttpConventions, serviceHttpAdapter } from './http-conventions';
import { setUpDocs } from './openapi';
import { openInfrastructure } from './infrastructure';
import { Lifecycle } from './lifecycle';
import { Readiness } from '../health/readiness';
import { PlatformModule } from './platform.module';
import { startConfiguredTracing } from '../tracing/tracing';
import { trustedProxies } from '../config/trusted-proxies';

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
  /**
   * Orderly stop (what SIGTERM and SIGINT do): readiness false and new
   * requests answered 503 with `Connection: close` at once; after
   * IAM_SHUTDOWN_DRAIN_MS the listener closes and in-flight requests finish;
   * then consumers leave their groups, relays flush, connections close.
   */
  close(): Promise<void>;
}

/** Builds and starts one process: validated config, ports, Nest on Fastify, docs, metrics, shutdown. */
export async function bootstrapService(options: BootstrapOptions): Promise<RunningApp> {
  const config = loadServiceEnvironment(options.env ?? process.env, options.defaults);
  const logger = createLogger(config.LOG_LEVEL, options.name);
  const metrics = new Metrics({ service: options.name });
  const lifecycle = new Lifecycle();
  // Before anything starts a span (consumers join while modules start).
  const tracing = await startConfiguredTracing(config, options.name, logger);
  if (tracing) lifecycle.onShutdown('connections', () => tracing.shutdown());
  const readiness = new Readiness();
  const infrastructure = await openInfrastructure(config, options.name, logger, metrics);
  lifecycle.onShutdown('consumers', () => infrastructure.bus.stopConsumers());
  watchConsumers(infrastructure.bus, readiness, metrics);
  lifecycle.onShutdown('connections', async () => {
    await infrastructure.bus.close();
    await infrastructure.ttlStore.close();
    await infrastructure.database.close();
    infrastructure.dataDirectory?.release();
  });

  @Module({
    imports: [
      PlatformModule.forRoot({ config, logger, metrics, lifecycle, readiness, infrastructure }),
      CqrsModule.forRoot(),
      TerminusModule.forRoot({ logger: false }),
      ...options.modules,
    ],
    controllers: [HealthController, MetricsController],
  })
  class ServiceRootModule {}

  const adapter = serviceHttpAdapter(trustedProxies(config.IAM_TRUSTED_PROXIES));
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
  applyHttpConventions(app, logger);
  // Not Nest's enableShutdownHooks: on a signal it stops the modules (and
  // their connections) before it closes the HTTP server, cutting requests.
  const draining = drainOnShutdown(app, readiness);
  observeRequests(app, metrics);
  setUpDocs(app, options.name);

  const port = config.PORT ?? 8080;
  let url = '';
  if (options.listen !== false) {
    try {
      await app.listen(port, config.HOST);
    } catch (error) {
      // The port is taken, say: close the database and leave the data directory as a clean stop
      // does, then report why the start failed (not a failure of the close).
      await app.close().catch(() => undefined);
      throw error;
    }
    const address = app.getHttpServer().address();
    const bound = typeof address === 'object' && address ? address.port : port;
    url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${bound}`;
  } else {
    await app.init();
  }
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      draining.start();
      if (config.IAM_SHUTDOWN_DRAIN_MS > 0) await delay(config.IAM_SHUTDOWN_DRAIN_MS);
      if (options.listen !== false) await stopAccepting(app.getHttpServer());
      // Waits for requests in flight, closes what is left, then runs the lifecycle's phases.
      await app.close();
    })());
  return { app, config, logger, url, close };
}

/**
 * From the start of a shutdown: readiness is false, and every request but the
 * health probes is answered 503 ServiceUnavailable with `Connection: close`,
 * so clients retry on another replica instead of waiting on this one.
 */
function drainOnShutdown(app: NestFastifyApplication, readiness: Readiness): { start(): void } {
  let draining = false;
  readiness.add('shutdown', () =>
    draining ? { ready: false, detail: { draining: true } } : { ready: true },
  );
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    if (!draining) return;
    // Every answer from now on closes its connection: none is left idle to be reset at close.
    reply.header('connection', 'close');
    if (request.url.startsWith('/health/')) return;
    await reply
      .code(503)
      .send(errorBody('ServiceUnavailable', 'This process is shutting down; retry the request.', request.id));
    return reply;
  });
  return {
    start: () => {
      draining = true;
    },
  };
}

/**
 * Closes the listener only: `http.Server#close` would also reset idle
 * connections, among them ones just accepted whose request is on its way
 * (the client would see ECONNRESET, never an answer). Those get their 503
 * with `Connection: close`; this waits until they are gone, at most
 * `CONNECTIONS_GRACE_MS` (a keep-alive client that sends nothing more is
 * closed by `app.close()`).
 */
async function stopAccepting(server: Server): Promise<void> {
  NetServer.prototype.close.call(server);
  const deadline = Date.now() + CONNECTIONS_GRACE_MS;
  while (Date.now() < deadline) {
    const open = await new Promise<number>((resolve) => server.getConnections((_, count) => resolve(count)));
    if (open === 0) return;
    await delay(20);
  }
}

const CONNECTIONS_GRACE_MS = 1000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** For `main.ts`: a configuration error is one line on stderr and exit code 1, not a stack trace. */
export async function runService(
  options: BootstrapOptions,
  onStarted?: (running: RunningApp) => void,
): Promise<void> {
  try {
    const running = await bootstrapService(options);
    running.logger.info({ url: running.url }, `${options.name} listening`);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        running.logger.info({ signal }, `${options.name} shutting down`);
        running.close().then(
          () => process.exit(0),
          (error: unknown) => {
            running.logger.error({ err: error }, `${options.name} did not shut down cleanly`);
            process.exit(1);
          },
        );
      });
    }
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

/**
 * Consumer groups in readiness and metrics: not ready while one is down
 * (not yet joined, or restarting after a crash); `iam_consumer_lag_messages` per
 * group and partition.
 */
function watchConsumers(bus: EventBus, readiness: Readiness, metrics: Metrics): void {
  readiness.add('consumers', () => {
    const failing = bus.consumerStates().filter((state) => !state.running);
    return {
      ready: failing.length === 0,
      detail: Object.fromEntries(
        failing.map((state) => [
          state.group,
          { running: state.running, lag: state.lag, error: state.error, restarts: state.restarts },
        ]),
      ),
    };
  });
  metrics.gauge(
    'iam_consumer_lag_messages',
    'Messages on a topic partition beyond the offset its consumer group committed (measured every 5 s)',
    ['group', 'topic', 'partition'],
    (gauge) => {
      for (const state of bus.consumerStates()) {
        for (const { topic, partition, lag } of state.partitionLag ?? [])
          gauge.set({ group: state.group, topic, partition: String(partition) }, lag);
      }
    },
  );
  metrics.gauge(
    'iam_consumer_up',
    'Whether a consumer group of this process is running (1) or down, restarting after a crash (0)',
    ['group'],
    (gauge) => {
      for (const state of bus.consumerStates()) gauge.set({ group: state.group }, state.running ? 1 : 0);
    },
  );
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
