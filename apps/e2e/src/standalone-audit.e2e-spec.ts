import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditTrailProjection } from '@iam/audit';
import type { SqlDatabase } from '@iam/event-store';
import { SQL_DATABASE, type RunningApp } from '@iam/platform';
import { accessRecordEnvelope, eventually, signedHeaders, SignedClient } from '@iam/testing';
import { startStandalone } from './standalone-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Reading the trail in standalone mode (PGlite, the in-process transport): lookup and the live stream. */
describe('standalone mode: reading the audit trail', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-standalone-audit-'));
  let app: RunningApp | undefined;

  afterAll(async () => {
    await app?.close();
  });

  it('looks up access records and streams domain events as they are recorded', async () => {
    app = await startStandalone(dataDir);
    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    const root = new SignedClient(app.url, credentials);
    const me = await root.request<Json>('GET', '/v1/me');
    const db = app.app.get<SqlDatabase>(SQL_DATABASE, { strict: false });
    const record = accessRecordEnvelope({ accountId: me.body.account, eventName: 'StandaloneCall' });
    // Straight through the projection (applyBatchOnce binds an array, which PGlite does not).
    await db.transaction((tx) => new AuditTrailProjection('audit').applyBatch(tx, [record]));
    const found = await root.request<Json>('GET', '/v1/audit/events?eventName=StandaloneCall');
    expect(found.status).toBe(200);
    expect(found.body.Events.map((e: Json) => e.EventId)).toEqual([record.eventId]);

    const url = new URL('/v1/audit/stream?kind=event&eventName=iam.identity.UserCreated', app.url);
    const abort = new AbortController();
    const response = await fetch(url, { headers: await signedHeaders(credentials, 'GET', url, {}), signal: abort.signal });
    expect(response.status).toBe(200);
    let text = '';
    const reading = (async () => {
      const reader = response.body!.getReader();
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })();
    try {
      expect((await root.request('POST', '/v1/users', { userName: 'seen-live' })).status).toBe(201);
      await eventually(
        async () => text,
        (t) => t.includes('"userName":"seen-live"'),
      );
      expect(text).toMatch(/^id: \d+$/m);
    } finally {
      abort.abort();
      await reading;
    }
  });
});
