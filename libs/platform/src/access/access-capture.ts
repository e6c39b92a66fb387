import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AccessRecordEnvelope } from '@iam/contracts';
import { AppendedEventIds, collectAppendedEvents } from '@iam/event-store';
import type { RecordedRequest } from './access-notes';
import { buildAccessRecord } from './access-record-builder';
import type { AccessRecorder } from './access-recorder';
import { OVERFLOW_SOURCE, RefusalSampler } from './refusal-sampler';
import { notesOfUnroutedCall, type RouteAccessNames } from './unrouted-calls';

/**
 * The one place access records are made, for every route of every service
 * and both doors: when the answer goes out (Fastify's onSend, so guard
 * refusals, validation errors and handler errors are seen as well as
 * successes), from what the guard or the Query door noted on the request
 * (the action, the caller, the input) and the answer; a call refused before
 * either door noted it (an unknown route, a body refused before the guard)
 * is named as best known (unrouted-calls.ts). The record links to the events
 * the call's committed transactions appended (a sink opened around the
 * handler, which the event store tells). The response waits for the
 * record's group commit (AccessRecorder), except an unauthenticated
 * refusal's, which is sampled (RefusalSampler) and never waited for.
 */
export function captureAccessRecords(
  app: NestFastifyApplication,
  recorder: AccessRecorder,
  logger: Logger,
  names?: RouteAccessNames,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  const refusals = new RefusalSampler();
  // After the body is parsed, around the guard and the handler: what the call's transactions append.
  fastify.addHook('preHandler', (request: FastifyRequest & RecordedRequest, _reply, done) => {
    const appended = new AppendedEventIds();
    request.appendedEvents = appended;
    collectAppendedEvents(appended, done);
  });
  fastify.addHook(
    'onSend',
    async (request: FastifyRequest & RecordedRequest, reply: FastifyReply, payload) => {
      if (!recorder.enabled || request.access?.forwarded) return payload;
      const notes = request.access ?? notesOfUnroutedCall(request, reply.statusCode, names);
      if (!notes) return payload;
      try {
        const response = notes.response !== undefined ? notes.response : parsedJson(reply, payload);
        const envelope = buildAccessRecord(request, notes, {
          status: reply.statusCode,
          response,
          error: request.accessError ?? errorOf(response),
          time: new Date(),
          producedEventIds: request.appendedEvents?.ids ?? [],
        });
        if (notes.eventSource === 'authorization.iam.local' && decisionAllowed(envelope, response)) {
          recorder.summarise(envelope, summaryKey(envelope));
        } else if (!request.principal && envelope.payload.errorCode !== undefined) {
          const treatment = refusals.treat(envelope);
          if (treatment.kind === 'record') void recorder.record(envelope);
          else {
            if (treatment.source === OVERFLOW_SOURCE) envelope.payload.sourceIPAddress = OVERFLOW_SOURCE;
            recorder.summarise(envelope, treatment.key);
          }
        } else {
          await recorder.record(envelope);
        }
      } catch (error) {
        // A record that cannot even be built is a bug to fix, never a reason to fail the caller's call.
        logger.error({ err: error, requestId: request.id }, 'access record not made');
      }
      return payload;
    },
  );
}

function parsedJson(reply: FastifyReply, payload: unknown): unknown {
  if (typeof payload !== 'string' || payload.length === 0) return undefined;
  const type = reply.getHeader('content-type');
  if (typeof type !== 'string' || !type.includes('json')) return undefined;
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return undefined;
  }
}

/** The error a refusal answered that no Nest filter saw (Fastify's body parsing): our JSON error shape. */
function errorOf(response: unknown): { code: string; message: string } | undefined {
  const error = (response as { error?: { code?: unknown; message?: unknown } } | null | undefined)?.error;
  return typeof error?.code === 'string'
    ? { code: error.code, message: typeof error.message === 'string' ? error.message : '' }
    : undefined;
}

type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/**
 * Notes the decisions of a decision API call on its record (`decision`, or
 * the count of each for a batch) and tells whether every one was Allow (and
 * the call succeeded): such calls are summarised, every other one recorded.
 */
function decisionAllowed(envelope: AccessRecordEnvelope, response: unknown): boolean {
  const record = envelope.payload;
  if (record.errorCode !== undefined) return false;
  const answer = (response ?? {}) as { decision?: Decision; results?: { decision?: Decision }[] };
  if (Array.isArray(answer.results)) {
    const counts: Record<string, number> = {};
    for (const result of answer.results) {
      const decision = result?.decision ?? 'Error';
      counts[decision] = (counts[decision] ?? 0) + 1;
    }
    record.additionalEventData = { decisions: counts, sampled: false };
    return Object.keys(counts).length === 1 && counts.Allow !== undefined;
  }
  record.additionalEventData = { decision: answer.decision ?? null, sampled: false };
  record.responseElements = null;
  return answer.decision === 'Allow';
}

/** A summary groups calls by the principal and action asked about (single decisions); batches by caller alone. */
function summaryKey(envelope: AccessRecordEnvelope): string {
  const parameters = envelope.payload.requestParameters ?? {};
  const principal = typeof parameters.principalArn === 'string' ? parameters.principalArn : '';
  const action = typeof parameters.action === 'string' ? parameters.action : '';
  return `${principal}\n${action}`;
}
