import { AuthModule } from '@iam/auth';
import {
  PolicyEventTypes as P,
  PolicySchemaVersion as v,
  Topics,
  type PolicyCreatedV1,
} from '@iam/contracts';
import { InMemoryEventStore } from '@iam/event-store';
import {
  apiSpecification,
  existingStream,
  expectError,
  expectNewEvents,
  expectResponse,
  request,
  type ApiSpecification,
  type TestAccount,
} from '@iam/testing';
import { PolicyModule, policyProjections } from '../policy.module';
import { PolicyStreamIds } from '../shared/policy-names';

const readReports = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
});

/**
 * Managed policies' routes on the in-memory event store. The root's
 * credentials are identity's events, published to this service's consumers
 * as identity's relay would.
 */
describe('managed policies (slice)', () => {
  let spec: ApiSpecification;
  const started = Date.now();

  beforeAll(async () => {
    spec = await apiSpecification({
      service: 'policy',
      modules: [AuthModule.forRoot({ service: 'policy', consumeIdentityEvents: true }), PolicyModule],
      store: (database, schema) =>
        new InMemoryEventStore({
          topic: Topics.policy,
          database,
          inlineProjections: policyProjections(schema),
        }),
    });
    process.stdout.write(`policy slice app started in ${Date.now() - started} ms\n`);
  });

  afterAll(() => spec?.close());

  const arnOf = (account: TestAccount, name: string) => `arn:aws:iam::${account.accountId}:policy/${name}`;

  const existingPolicy = (account: TestAccount) => {
    const policyId = `ANPAREPORTS${account.accountId}`;
    const created: PolicyCreatedV1 = {
      policyId,
      accountId: account.accountId,
      policyName: 'ReadReports',
      path: '/',
      policyArn: arnOf(account, 'ReadReports'),
      description: '',
      tags: [],
      defaultVersionId: 'v1',
      document: readReports,
      createDate: '2026-01-01T00:00:00.000Z',
    };
    return existingStream(PolicyStreamIds.policy(policyId), [
      { type: P.PolicyCreated, schemaVersion: v, payload: created },
    ]);
  };

  it('CreatePolicy appends PolicyCreated and answers the policy', () =>
    spec
      .given()
      .when(() => request.post('/v1/policies', { policyName: 'ReadReports', policyDocument: readReports }))
      .then(
        expectResponse(201, (account) => ({
          policy: { policyName: 'ReadReports', arn: arnOf(account, 'ReadReports'), defaultVersionId: 'v1' },
        })),
        expectNewEvents((account) => [
          {
            type: P.PolicyCreated,
            accountId: account.accountId,
            payload: {
              policyName: 'ReadReports',
              policyArn: arnOf(account, 'ReadReports'),
              document: readReports,
              defaultVersionId: 'v1',
            },
          },
        ]),
      ));

  const taggedPolicy = (account: TestAccount) => {
    const given = existingPolicy(account);
    const created = given.events[0].payload as PolicyCreatedV1;
    return existingStream(given.streamId, [
      {
        type: P.PolicyCreated,
        schemaVersion: v,
        payload: { ...created, tags: [{ key: 'team', value: 'blue' }] },
      },
    ]);
  };
  const tagsPath = (account: TestAccount, query = '') =>
    `/v1/policies/${encodeURIComponent(arnOf(account, 'ReadReports'))}/tags${query}`;

  it('TagPolicy appends PolicyTagged (a key of another case replaces the stored one)', () =>
    spec
      .given(taggedPolicy)
      .when((account) =>
        request.post(tagsPath(account), {
          tags: [
            { key: 'Team', value: 'red' },
            { key: 'env', value: 'prod' },
          ],
        }),
      )
      .then(
        expectResponse(204),
        expectNewEvents((account) => [
          {
            type: P.PolicyTagged,
            accountId: account.accountId,
            payload: {
              policyArn: arnOf(account, 'ReadReports'),
              tags: [
                { key: 'Team', value: 'red' },
                { key: 'env', value: 'prod' },
              ],
            },
          },
        ]),
      ));

  const retagged = (account: TestAccount) => {
    const given = taggedPolicy(account);
    const created = given.events[0].payload as PolicyCreatedV1;
    const ids = { policyId: created.policyId, policyArn: created.policyArn, policyName: created.policyName };
    return existingStream(given.streamId, [
      ...given.events,
      {
        type: P.PolicyTagged,
        schemaVersion: v,
        payload: {
          ...ids,
          tags: [
            { key: 'Team', value: 'red' },
            { key: 'env', value: 'prod' },
            { key: 'cost', value: '42' },
          ],
        },
      },
      { type: P.PolicyUntagged, schemaVersion: v, payload: { ...ids, tagKeys: ['cost'] } },
    ]);
  };

  it('ListPolicyTags answers the projected tags in key order, paged', async () => {
    await spec
      .given(retagged)
      .when((account) => request.get(tagsPath(account)))
      .then(
        expectResponse(200, {
          tags: [
            { key: 'Team', value: 'red' },
            { key: 'env', value: 'prod' },
          ],
          isTruncated: false,
        }),
      );
    await spec
      .given(retagged)
      .when((account) => request.get(tagsPath(account, '?maxItems=1')))
      .then(expectResponse(200, { tags: [{ key: 'Team', value: 'red' }], isTruncated: true }));
  });

  it('TagPolicy of tags it already has appends nothing; beyond 50 tags is 409 LimitExceeded', async () => {
    await spec
      .given(taggedPolicy)
      .when((account) => request.post(tagsPath(account), { tags: [{ key: 'team', value: 'blue' }] }))
      .then(expectResponse(204), expectNewEvents([]));
    await spec
      .given(taggedPolicy)
      .when((account) =>
        request.post(tagsPath(account), {
          tags: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: 'v' })),
        }),
      )
      .then(expectError(409, 'LimitExceeded', /maximum limit of 50/));
  });

  it('UntagPolicy appends PolicyUntagged with the stored key; an absent key appends nothing', async () => {
    await spec
      .given(taggedPolicy)
      .when((account) => request.delete(tagsPath(account, '?tagKeys=TEAM')))
      .then(
        expectResponse(204),
        expectNewEvents((account) => [
          { type: P.PolicyUntagged, accountId: account.accountId, payload: { tagKeys: ['team'] } },
        ]),
      );
    await spec
      .given(taggedPolicy)
      .when((account) => request.delete(tagsPath(account, '?tagKeys=nope')))
      .then(expectResponse(204), expectNewEvents([]));
  });

  it('TagPolicy of an AWS managed policy is refused; of an unknown policy is 404 NoSuchEntity', async () => {
    await spec
      .given()
      .when(() =>
        request.post(`/v1/policies/${encodeURIComponent('arn:aws:iam::aws:policy/ReadOnlyAccess')}/tags`, {
          tags: [{ key: 'team', value: 'blue' }],
        }),
      )
      .then(expectError(403, 'AccessDenied', /not authorized to perform: iam:TagPolicy/));
    await spec
      .given()
      .when((account) => request.post(tagsPath(account), { tags: [{ key: 'team', value: 'blue' }] }))
      .then(expectError(404, 'NoSuchEntity'));
  });

  it('CreatePolicy with a document that is no policy answers 400 MalformedPolicyDocument', () =>
    spec
      .given()
      .when(() =>
        request.post('/v1/policies', {
          policyName: 'Broken',
          policyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Maybe' }] }),
        }),
      )
      .then(expectError(400, 'MalformedPolicyDocument')));

  it('CreatePolicy of a name taken answers 409 EntityAlreadyExists', () =>
    spec
      .given(existingPolicy)
      .when(() => request.post('/v1/policies', { policyName: 'ReadReports', policyDocument: readReports }))
      .then(expectError(409, 'EntityAlreadyExists')));

  it('GetPolicy given PolicyCreated answers it from the projection', () =>
    spec
      .given(existingPolicy)
      .when((account) => request.get(`/v1/policies/${encodeURIComponent(arnOf(account, 'ReadReports'))}`))
      .then(
        expectResponse(200, (account) => ({
          policy: { policyName: 'ReadReports', arn: arnOf(account, 'ReadReports') },
        })),
        expectNewEvents([]),
      ));

  it('GetPolicy of an unknown policy answers 404 NoSuchEntity', () =>
    spec
      .given()
      .when((account) => request.get(`/v1/policies/${encodeURIComponent(arnOf(account, 'Nothing'))}`))
      .then(expectError(404, 'NoSuchEntity')));
});
