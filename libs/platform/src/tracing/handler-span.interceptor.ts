import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { context, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { finalize, tap, type Observable } from 'rxjs';
import { ROUTE_ACTION } from '../http/route-action-key';
import { httpSpanOf } from './http-spans';

const tracer = trace.getTracer('@iam/platform');

/**
 * The span of a request's command (or query) handling, named after its IAM
 * action (`iam:CreateUser`), child of the request's server span. It runs
 * after the guard, around the controller and what it calls (the command's
 * transaction, its appends), with the span active so their spans nest in it.
 * It sits in front of whatever the controller dispatches to, so it does not
 * care whether that is a service or the CommandBus.
 */
@Injectable()
export class HandlerSpanInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'http') return next.handle();
    const parent = httpSpanOf(execution.switchToHttp().getRequest<object>());
    if (!parent) return next.handle();
    const route = this.reflector.getAllAndOverride<{ action?: string } | undefined>(ROUTE_ACTION, [
      execution.getHandler(),
      execution.getClass(),
    ]);
    const name = route?.action ?? `${execution.getClass().name}.${execution.getHandler().name}`;
    const span = tracer.startSpan(
      name,
      { attributes: { 'iam.action': name } },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    // next.handle() binds the handler's async context when it is called: call it with the span active.
    return context
      .with(trace.setSpan(ROOT_CONTEXT, span), () => next.handle())
      .pipe(
        tap({
          error: (error: unknown) => {
            const code = (error as { code?: unknown } | null)?.code;
            if (typeof code === 'string') span.setAttribute('iam.error_code', code);
            span.setStatus({
              code: SpanStatusCode.ERROR,
              message: typeof code === 'string' ? code : undefined,
            });
          },
        }),
        finalize(() => span.end()),
      );
  }
}
