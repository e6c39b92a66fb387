import { eventually, SignedClient } from '@iam/testing';
import { rootKey, startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const enc = encodeURIComponent;

/**
 * ListFindings a page at a time (MaxItems, Marker, IsTruncated), in
 * distributed mode on real Postgres, Redis and Kafka: twelve users with a
 * console password and no MFA (twelve HIGH findings) made through
 * identity's API reach audit through identity's topic.
 */
describe('audit: ListFindings pages (distributed, real Kafka)', () => {
  const USERS = 12;
  let s: DistributedServices;
  let audit: SignedClient;

  const list = (query: string) => audit.request<Json>('GET', `/v1/findings${query}`);
  /** Every page of a query, following markers, each page's body kept. */
  const allPages = async (query: string, maxItems: number) => {
    const pages: Json[] = [];
    for (let marker: string | undefined; ;) {
      const page = await list(`?${query}&maxItems=${maxItems}${marker ? `&marker=${enc(marker)}` : ''}`);
      expect(page.status).toBe(200);
      pages.push(page.body);
      if (!page.body.isTruncated) return pages;
      marker = page.body.marker;
      expect(typeof marker).toBe('string');
    }
  };
  const ids = (findings: Json[]) => findings.map((f) => f.findingId as string);

  beforeAll(async () => {
    s = await startDistributedServices();
    audit = new SignedClient(s.audit.url, rootKey);
    for (let i = 0; i < USERS; i++) {
      const userName = `pager${String(i).padStart(2, '0')}`;
      expect((await s.rootIdentity.request('POST', '/v1/users', { userName })).status).toBe(201);
      expect(
        (
          await s.rootIdentity.request('PUT', `/v1/users/${userName}/login-profile`, {
            password: 'Correct-Horse-9!',
          })
        ).status,
      ).toBeLessThan(300);
    }
    // Audit learns the root key, the users and their passwords from identity's topic.
    await eventually(
      async () =>
        (await list('?ruleId=IAM.USER_CONSOLE_NO_MFA&maxItems=1000')).body.findings as Json[] | undefined,
      (findings) => findings?.length === USERS,
      { timeoutMs: 90_000 },
    );
  }, 180_000);

  afterAll(() => s?.stop());

  it('pages through every finding once, in the unpaged order, with IsTruncated and a marker until the last', async () => {
    // The root's own findings may still be arriving (its use of the API, through Kafka): page until the whole
    // list read just before and just after the pages is the same, then the pages must be exactly that list.
    const { whole, pages } = await eventually(
      async () => {
        const before = await list('?maxItems=1000');
        const paged = await allPages('', 5);
        const after = await list('?maxItems=1000');
        return { before: before.body, after: after.body, whole: before.body, pages: paged };
      },
      ({ before, after }) => JSON.stringify(ids(before.findings)) === JSON.stringify(ids(after.findings)),
      { timeoutMs: 60_000 },
    );
    expect(whole.isTruncated).toBe(false);
    expect(whole.marker).toBeUndefined();
    const everything = ids(whole.findings);
    // The twelve users' findings and the root's own (no MFA, no password policy at least).
    expect(everything.length).toBeGreaterThan(USERS);
    expect(new Set(everything).size).toBe(everything.length);

    expect(pages.map((p) => p.findings.length)).toEqual(
      Array.from({ length: Math.ceil(everything.length / 5) }, (_, i) =>
        Math.min(5, everything.length - 5 * i),
      ),
    );
    expect(pages.map((p) => p.isTruncated)).toEqual(pages.map((_, i) => i < pages.length - 1));
    expect(pages.at(-1)!.marker).toBeUndefined();
    expect(pages.flatMap((p) => ids(p.findings))).toEqual(everything);
    // Most severe first: the CRITICAL root findings lead, the HIGH ones follow.
    const severities = pages.flatMap((p) => p.findings.map((f: Json) => f.severity as string));
    const rank = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
    expect(severities.map((v) => rank.indexOf(v))).toEqual(
      [...severities.map((v) => rank.indexOf(v))].sort(),
    );
  });

  it('pages within a filter (severity, rule id), one at a time too', async () => {
    const high = await allPages('severity=HIGH&ruleId=IAM.USER_CONSOLE_NO_MFA', 5);
    expect(high.map((p) => p.findings.length)).toEqual([5, 5, 2]);
    const found = high.flatMap((p) => p.findings as Json[]);
    expect(found.every((f) => f.severity === 'HIGH' && f.ruleId === 'IAM.USER_CONSOLE_NO_MFA')).toBe(true);
    expect(found.map((f) => f.entityArn).sort()).toEqual(
      Array.from(
        { length: USERS },
        (_, i) => `arn:aws:iam::${s.accountId}:user/pager${String(i).padStart(2, '0')}`,
      ),
    );
    const single = await allPages('ruleId=IAM.USER_CONSOLE_NO_MFA', 1);
    expect(single).toHaveLength(USERS);
    expect(single.flatMap((p) => ids(p.findings))).toEqual(ids(found));
  });

  it('loses no finding after the marker when one before it is cleared between pages', async () => {
    const query = 'ruleId=IAM.USER_CONSOLE_NO_MFA';
    const first = await list(`?${query}&maxItems=5`);
    const before = ids((await list(`?${query}&maxItems=1000`)).body.findings);
    const cleared = first.body.findings[0] as Json;
    const userName = String(cleared.entityArn).split('/').pop();
    expect((await s.rootIdentity.request('DELETE', `/v1/users/${userName}/login-profile`)).status).toBe(204);
    await eventually(
      async () => ids((await list(`?${query}&maxItems=1000`)).body.findings),
      (now) => !now.includes(cleared.findingId),
      { timeoutMs: 60_000 },
    );
    // An offset would now skip the sixth; the marker is a position, so the next page starts right after the fifth.
    const second = await list(`?${query}&maxItems=5&marker=${enc(first.body.marker)}`);
    expect(second.status).toBe(200);
    expect(ids(second.body.findings)).toEqual(before.slice(5, 10));
  });

  it('refuses a marker it did not make, and MaxItems outside 1–1000, with 400 naming the parameter', async () => {
    const forged = [
      'not-a-marker!',
      Buffer.from('9|IAM.ROOT_NO_MFA', 'utf8').toString('base64url'),
      Buffer.from('1|\u0000', 'utf8').toString('base64url'),
      Buffer.from('no separator', 'utf8').toString('base64url'),
    ];
    for (const marker of forged) {
      const refused = await list(`?marker=${enc(marker)}`);
      expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([
        400,
        'ValidationError',
        'Invalid value for marker: it must be a marker returned by a previous list call.',
      ]);
    }
    for (const maxItems of ['0', '1001', 'ten']) {
      const refused = await list(`?maxItems=${maxItems}`);
      expect([refused.status, refused.body.error.code]).toEqual([400, 'ValidationError']);
      expect(refused.body.error.message).toContain('maxItems');
    }
  });
});
