import { randomUUID } from 'node:crypto';
import { eventStoreMigrations, PgliteDatabase, runMigrations } from '@iam/event-store';
import type { AccessRecordEnvelope } from '@iam/contracts';
import pino from 'pino';
import { AccessRecorder } from './access-recorder';

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

describe('AccessRecorder summaries (PGlite outbox)', () => {
  it('counts calls past the summaries a minute may hold into one overflow summary', async () => {
    const db = await PgliteDatabase.open(undefined);
    try {
      await runMigrations(db, 'recorder', eventStoreMigrations);
      const recorder = new AccessRecorder(db, pino({ level: 'silent' }), { maxSummaries: 2 });
      recorder.useOutbox('recorder');
      const time = '2026-12-03T10:00:30.000Z';
      for (const ip of ['1', '2', '3', '4', '4']) {
        const call = refusal(`10.0.0.${ip}`, time);
        recorder.summarise(call, `refused\n${call.payload.sourceIPAddress}`);
      }
      await recorder.close();
      const { rows } = await db.query<{ envelope: AccessRecordEnvelope }>(
        `SELECT envelope FROM recorder.outbox ORDER BY position`,
      );
      expect(
        rows.map(({ envelope }) => [envelope.payload.sourceIPAddress, envelope.payload.additionalEventData]),
      ).toEqual([
        ['10.0.0.1', expect.objectContaining({ sampled: true, summarizedCalls: 1 })],
        ['10.0.0.2', expect.objectContaining({ sampled: true, summarizedCalls: 1 })],
        ['10.0.0.3', expect.objectContaining({ sampled: true, summarizedCalls: 3, overflow: true })],
      ]);
    } finally {
      await db.close();
    }
  });
});
