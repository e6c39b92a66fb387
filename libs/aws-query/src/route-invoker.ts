import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteInput } from '@iam/auth';
import { iamValidationPipe } from '@iam/platform';
import type { RouteHandle } from './route-registry';

/** The pipe every JSON route's input goes through (the global one, configured alike). */
const validation = iamValidationPipe();

/**
 * Calls a route's handler as Nest would after the guard: each argument
 * from the mapped input, through the route's own pipes and the validation
 * pipe (the same DTO classes, so the same 400s).
 */
export async function invokeRoute(
  route: RouteHandle,
  input: RouteInput,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  const context = new ExecutionContextHost(
    [request, reply],
    route.controller.constructor as never,
    route.handler,
  );
  const args: unknown[] = [];
  for (const [index, arg] of route.args.entries()) {
    if (arg === undefined) continue;
    switch (arg.kind) {
      case 'request':
        args[index] = request;
        break;
      case 'reply':
        args[index] = reply;
        break;
      case 'ip':
        args[index] = request.ip;
        break;
      case 'custom':
        args[index] = arg.factory(arg.data, context);
        break;
      default: {
        const source = arg.kind === 'body' ? input.body : arg.kind === 'query' ? input.query : input.params;
        const value = arg.data === undefined ? source : source[arg.data];
        const metadata: ArgumentMetadata = {
          type: arg.kind,
          data: arg.data,
          metatype: arg.metatype as ArgumentMetadata['metatype'],
        };
        args[index] = await through([...arg.pipes, validation], value, metadata);
      }
    }
  }
  return route.handler.apply(route.controller, args);
}

async function through(pipes: PipeTransform[], value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
  let current = value;
  for (const pipe of pipes) current = await pipe.transform(current, metadata);
  return current;
}
