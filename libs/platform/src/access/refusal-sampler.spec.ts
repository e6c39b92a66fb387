import { randomUUID } from 'node:crypto';
import type { AccessRecordEnvelope } from '@iam/contracts';
import { OVERFLOW_SOURCE, RefusalSampler } from './refusal-sampler';

/** A refused, unauthenticated call from `ip` at `time`. */
function refusal(ip: string, time: string, errorCode = 'NotFound'): AccessRecordEnvelope {
  return {
    eventId: randomUUID(),
    type: 'AwsApiCall',
    schemaVersion: 1,
    streamId: 'access/r',
    streamVersion: 1,
    accountId: 'anonymous',
    occurredAt: time,
    actorArn: 'anonymous',
    correlationId: 'r',
    causationId: null,
    payload: {
      eventVersion: '1.08',
      eventTime: time,
      eventSource: 'iam.amazonaws.com',
      eventName: 'UnknownOperation',
      eventType: 'AwsApiCall',
      readOnly: false,
      userIdentity: { type: 'Unknown' },
      sourceIPAddress: ip,
      userAgent: 'flood',
      requestParameters: null,
      responseElements: null,
      errorCode,
      errorMessage: 'no',
      requestID: 'r',
      resources: [],
      recipientAccountId: 'anonymous',
    },
  };
}

const kinds = (sampler: RefusalSampler, calls: AccessRecordEnvelope[]) =>
  calls.map((call) => sampler.treat(call).kind);

describe('RefusalSampler: the flood rule for unauthenticated refusals', () => {
  it('records the first calls of each source a minute, summarises the rest, and starts over the next minute', () => {
    const sampler = new RefusalSampler({ perSource: 3 });
    const minute = Array.from({ length: 5 }, () => refusal('10.0.0.1', '2026-12-03T10:00:30.000Z'));
    expect(kinds(sampler, minute)).toEqual(['record', 'record', 'record', 'summarise', 'summarise']);
    // Another source has its own allowance.
    expect(sampler.treat(refusal('10.0.0.2', '2026-12-03T10:00:31.000Z')).kind).toBe('record');
    const next = Array.from({ length: 3 }, () => refusal('10.0.0.1', '2026-12-03T10:01:00.000Z'));
    expect(kinds(sampler, next)).toEqual(['record', 'record', 'record']);
    expect(sampler.treat(refusal('10.0.0.1', '2026-12-03T10:01:59.000Z'))).toEqual({
      kind: 'summarise',
      key: 'refused\n10.0.0.1\nNotFound',
      source: '10.0.0.1',
    });
  });

  it('keeps a process-wide budget of full records a minute, and folds sources past the limit into one', () => {
    const sampler = new RefusalSampler({ perSource: 10, perMinute: 4, maxSources: 3 });
    const time = '2026-12-03T10:00:30.000Z';
    const sources = ['1', '2', '3', '4', '5', '6'].map((n) => refusal(`10.0.0.${n}`, time));
    const treated = sources.map((call) => sampler.treat(call));
    expect(treated.map((t) => t.kind)).toEqual([
      'record',
      'record',
      'record',
      'summarise',
      'summarise',
      'summarise',
    ]);
    expect(treated.slice(3).map((t) => (t.kind === 'summarise' ? t.source : ''))).toEqual([
      OVERFLOW_SOURCE,
      OVERFLOW_SOURCE,
      OVERFLOW_SOURCE,
    ]);
    expect(sampler.treat(refusal('10.0.0.1', time)).kind).toBe('record');
    // The budget of 4 is spent: a tracked source with allowance left is summarised too.
    expect(sampler.treat(refusal('10.0.0.2', time)).kind).toBe('summarise');
  });
});
