import { SecretBox, type SealedSecrets } from '@iam/auth';
import {
  IdentityEventTypes as T,
  IdentitySchemaVersion as v,
  SecretReferenceSchemaVersion,
  Topics,
  type EventMetadata,
  type NewEvent,
} from '@iam/contracts';
import { InMemoryEventStore, type ExpectedVersion, type Queryable } from '@iam/event-store';
import { GuessLimiter, MfaCodeOnce, seedAssociatedData, timeStepAt, totpCode } from '@iam/service-kit';
import { MemoryTtlStore } from '@iam/ttl-store';
import type { UsersQueries } from '../users/users.queries';
import { MfaCodeVerifier } from './mfa-code-verifier';
import type { MfaDevicesQueries } from './mfa-devices.queries';

const accountId = '123456789012';
const serialNumber = `arn:aws:iam::${accountId}:mfa/pat-phone`;
const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const now = 1_700_000_000_000;
const step = timeStepAt(now);
const pat = { userId: 'AIDAPATPATPATPATPATPA', userName: 'pat', arn: `arn:aws:iam::${accountId}:user/pat` };

const given: EventMetadata = {
  accountId,
  actorArn: `arn:aws:iam::${accountId}:root`,
  correlationId: 'given',
};

/** The in-memory event store, running `beforeAppend` before each append (another request's race). */
class RacedStore extends InMemoryEventStore {
  beforeAppend?: (store: InMemoryEventStore) => Promise<void>;

  override async appendWithin(
    tx: Queryable,
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
    metadata: EventMetadata,
  ) {
    await this.beforeAppend?.(this);
    return super.appendWithin(tx, streamId, expected, events, metadata);
  }
}

async function setup(options: { beforeAppend?: (store: InMemoryEventStore) => Promise<void> } = {}) {
  const box = SecretBox.fromConfig(SecretBox.generateConfig('unit'));
  // The sealed seed as identity's sealed_secrets holds it (the table itself is covered by the integration tests).
  const sealedSeed = box.seal(seed, seedAssociatedData(serialNumber));
  const secrets = {
    open: async (id: string, associatedData: string) => {
      if (id !== 'seed-1') throw new Error('unknown secret');
      return box.open(sealedSeed, associatedData);
    },
  } as unknown as SealedSecrets;
  const store = new RacedStore({ topic: Topics.identity });
  await store.append(
    `mfa-${serialNumber}`,
    0,
    [
      {
        type: T.VirtualMfaDeviceCreated,
        schemaVersion: SecretReferenceSchemaVersion,
        payload: {
          serialNumber,
          accountId,
          virtualMfaDeviceName: 'pat-phone',
          path: '/',
          createDate: '2026-01-01T00:00:00Z',
          seedId: 'seed-1',
        },
      },
      {
        type: T.VirtualMfaDeviceEnabled,
        schemaVersion: v,
        payload: { serialNumber, ...pat, enableDate: '2026-01-01T00:00:00Z', timeStep: step - 1 },
      },
    ],
    given,
  );
  store.beforeAppend = options.beforeAppend;
  const users = {
    find: async (_db: unknown, account: string, userName: string) =>
      account === accountId && userName === 'pat' ? pat : undefined,
  } as unknown as UsersQueries;
  const devices = {
    enabledFor: async () => [{ userName: 'pat', serialNumber, enableDate: '2026-01-01T00:00:00Z' }],
  } as unknown as MfaDevicesQueries;
  const ttl = new MemoryTtlStore();
  const guesses = new GuessLimiter(ttl);
  // The claim sts takes too: one TTL store for every service.
  const once = new MfaCodeOnce(ttl);
  const verifier = new MfaCodeVerifier(store, users, devices, secrets, guesses, once);
  const accepted = async () =>
    (await store.readStream(`mfa-${serialNumber}`))
      .filter((e) => e.type === T.MfaCodeAccepted)
      .map((e) => (e.payload as { timeStep: number }).timeStep);
  return { verifier, store, accepted, once };
}

describe('MfaCodeVerifier', () => {
  it('accepts a fresh code once, recording its time step', async () => {
    const { verifier, accepted } = await setup();
    const code = totpCode(seed, step);
    expect(await verifier.verify(accountId, 'pat', code, { nowMs: now })).toBe(true);
    expect(await accepted()).toEqual([step]);
    expect(await verifier.verify(accountId, 'pat', code, { nowMs: now })).toBe(false);
    expect(await accepted()).toEqual([step]);
  });

  it('refuses a code already claimed by another service (sts), and claims the one it accepts', async () => {
    const { verifier, accepted, once } = await setup();
    expect(await once.claim(serialNumber, step)).toBe(true);
    expect(await verifier.verify(accountId, 'pat', totpCode(seed, step), { nowMs: now })).toBe(false);
    expect(await accepted()).toEqual([]);
    expect(await verifier.verify(accountId, 'pat', totpCode(seed, step + 1), { nowMs: now })).toBe(true);
    expect(await once.claim(serialNumber, step + 1)).toBe(false);
  });

  it('refuses the codes used to enable and older ones, even inside the window', async () => {
    const { verifier, accepted } = await setup();
    for (const timeStep of [step - 1, step - 2]) {
      expect(await verifier.verify(accountId, 'pat', totpCode(seed, timeStep), { nowMs: now })).toBe(false);
    }
    expect(await accepted()).toEqual([]);
  });

  it('refuses a code out of the window, a wrong or malformed code, another user or device', async () => {
    const { verifier, accepted } = await setup();
    const fresh = totpCode(seed, step);
    expect(await verifier.verify(accountId, 'pat', totpCode(seed, step + 2), { nowMs: now })).toBe(false);
    expect(
      await verifier.verify(accountId, 'pat', fresh === '000000' ? '000001' : '000000', { nowMs: now }),
    ).toBe(false);
    expect(await verifier.verify(accountId, 'pat', '12345', { nowMs: now })).toBe(false);
    expect(await verifier.verify(accountId, 'quinn', fresh, { nowMs: now })).toBe(false);
    expect(await verifier.verify('999999999999', 'pat', fresh, { nowMs: now })).toBe(false);
    expect(
      await verifier.verify(accountId, 'pat', fresh, { nowMs: now, serialNumber: `${serialNumber}-other` }),
    ).toBe(false);
    expect(await accepted()).toEqual([]);
  });

  it('after a later code, refuses an earlier one that is still in the window', async () => {
    const { verifier } = await setup();
    expect(await verifier.verify(accountId, 'pat', totpCode(seed, step + 1), { nowMs: now })).toBe(true);
    expect(await verifier.verify(accountId, 'pat', totpCode(seed, step), { nowMs: now })).toBe(false);
  });

  it('answers false when another request accepted a code of the device meanwhile', async () => {
    let raced = false;
    const { verifier, accepted } = await setup({
      beforeAppend: async (store) => {
        if (raced) return;
        raced = true;
        // Committed by another request between this one's read of the stream and its append.
        await store.append(
          `mfa-${serialNumber}`,
          2,
          [{ type: T.MfaCodeAccepted, schemaVersion: v, payload: { serialNumber, ...pat, timeStep: step } }],
          given,
        );
      },
    });
    expect(await verifier.verify(accountId, 'pat', totpCode(seed, step), { nowMs: now })).toBe(false);
    expect(raced).toBe(true);
    // Only the other request's acceptance is recorded: this one's append lost the race.
    expect(await accepted()).toEqual([step]);
  });

  it('throttles wrong codes per user (5 per window) and then refuses even a right one unchecked', async () => {
    const { verifier, accepted } = await setup();
    const fresh = totpCode(seed, step);
    const wrong = fresh === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) {
      expect(await verifier.verify(accountId, 'pat', wrong, { nowMs: now, source: `10.0.0.${i}` })).toBe(
        false,
      );
    }
    // From a new address, and with the user's name in another case: the user's limit holds.
    await expect(
      verifier.verify(accountId, 'PAT', fresh, { nowMs: now, source: '10.0.1.1' }),
    ).rejects.toMatchObject({ code: 'Throttling' });
    expect(await accepted()).toEqual([]);
  });

  it('clears the failures of a user on a right code', async () => {
    const { verifier } = await setup();
    const wrong = totpCode(seed, step) === '000000' ? '000001' : '000000';
    for (let i = 0; i < 4; i++)
      expect(await verifier.verify(accountId, 'pat', wrong, { nowMs: now })).toBe(false);
    expect(await verifier.verify(accountId, 'pat', totpCode(seed, step), { nowMs: now })).toBe(true);
    for (let i = 0; i < 4; i++)
      expect(await verifier.verify(accountId, 'pat', wrong, { nowMs: now })).toBe(false);
  });
});
