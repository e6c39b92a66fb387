import { AuthModule } from '@iam/auth';
import {
  IdentityEventTypes as T,
  IdentitySchemaVersion as v,
  Topics,
  type UserCreatedV1,
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
import { IdentityModule, identityProjections } from '../identity.module';

/** The user slice's routes on the in-memory event store: given events, when a request, then events or an error. */
describe('users (slice)', () => {
  let spec: ApiSpecification;
  const started = Date.now();

  beforeAll(async () => {
    spec = await apiSpecification({
      service: 'identity',
      modules: [AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }), IdentityModule],
      store: (database, schema) =>
        new InMemoryEventStore({
          topic: Topics.identity,
          database,
          inlineProjections: identityProjections(schema),
        }),
    });
    process.stdout.write(`users slice app started in ${Date.now() - started} ms\n`);
  });

  afterAll(() => spec?.close());

  /** A user id of this scenario's (ids are unique across accounts). */
  const aliceId = (account: TestAccount) => `AIDAALICE${account.accountId}`;

  const alice = (account: TestAccount, tags: UserCreatedV1['tags'] = []) => {
    const userId = aliceId(account);
    const created: UserCreatedV1 = {
      userId,
      accountId: account.accountId,
      userName: 'alice',
      path: '/',
      arn: `arn:aws:iam::${account.accountId}:user/alice`,
      tags,
      createDate: '2026-01-01T00:00:00.000Z',
    };
    return existingStream(`user-${userId}`, [{ type: T.UserCreated, schemaVersion: v, payload: created }]);
  };

  it('CreateUser appends UserCreated and answers the user', () =>
    spec
      .given()
      .when(() => request.post('/v1/users', { userName: 'alice', path: '/eng/' }))
      .then(
        expectResponse(201, { user: { userName: 'alice', path: '/eng/' } }),
        expectNewEvents((account) => [
          {
            type: T.UserCreated,
            accountId: account.accountId,
            actorArn: account.rootArn,
            payload: {
              userName: 'alice',
              path: '/eng/',
              arn: `arn:aws:iam::${account.accountId}:user/eng/alice`,
            },
          },
        ]),
      ));

  it('CreateUser of a name taken (in any case) answers 409 EntityAlreadyExists and appends nothing', () =>
    spec
      .given((account) => alice(account))
      .when(() => request.post('/v1/users', { userName: 'ALICE' }))
      .then(expectError(409, 'EntityAlreadyExists', /ALICE/)));

  it('TagUser given UserCreated appends UserTagged', () =>
    spec
      .given((account) => alice(account))
      .when(() => request.post('/v1/users/alice/tags', { tags: [{ key: 'team', value: 'blue' }] }))
      .then(
        expectResponse(204),
        expectNewEvents((account) => [
          {
            type: T.UserTagged,
            streamId: `user-${aliceId(account)}`,
            streamVersion: 2,
            payload: { userId: aliceId(account), userName: 'alice', tags: [{ key: 'team', value: 'blue' }] },
          },
        ]),
      ));

  it('GetUser given UserCreated answers the user from the projection', () =>
    spec
      .given((account) => alice(account))
      .when(() => request.get('/v1/users/alice'))
      .then(
        expectResponse(200, (account) => ({ user: { userName: 'alice', userId: aliceId(account) } })),
        expectNewEvents([]),
      ));

  it('ListUserTags answers the tags in key order, paged by maxItems and marker', () =>
    spec
      .given((account) =>
        alice(account, [
          { key: 'team', value: 'blue' },
          { key: 'cost', value: '42' },
        ]),
      )
      .when(() => request.get('/v1/users/alice/tags?maxItems=1'))
      .then(expectResponse(200, { tags: [{ key: 'cost', value: '42' }], isTruncated: true })));

  it('ListUserTags of an unknown user answers 404 NoSuchEntity', () =>
    spec
      .given()
      .when(() => request.get('/v1/users/nobody/tags'))
      .then(expectError(404, 'NoSuchEntity', /nobody/)));

  it('GetUser of an unknown user answers 404 NoSuchEntity', () =>
    spec
      .given()
      .when(() => request.get('/v1/users/nobody'))
      .then(expectError(404, 'NoSuchEntity', /nobody/)));

  const elsewhere = '999999999999';

  it('a user of another account is not there', () =>
    spec
      .given((account) => ({ ...alice({ ...account, accountId: elsewhere }), accountId: elsewhere }))
      .when(() => request.get('/v1/users/alice'))
      .then(expectError(404, 'NoSuchEntity')));

  it('CreateUser with a malformed name answers 400 ValidationError', () =>
    spec
      .given()
      .when(() => request.post('/v1/users', { userName: 'no spaces allowed' }))
      .then(expectError(400, 'ValidationError')));

  it('a request signed with an unknown key answers 403 InvalidClientTokenId', () =>
    spec
      .given()
      .when(() => request.get('/v1/users/alice'), {
        as: (account) => ({ ...account.root, accessKeyId: 'AKIAUNKNOWNUNKNOWN23' }),
      })
      .then(expectError(403, 'InvalidClientTokenId')));
});
