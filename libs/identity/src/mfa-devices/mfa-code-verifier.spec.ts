import { SecretBox } from '@iam/auth';
import { IdentityEventTypes as T, IdentitySchemaVersion as v, type NewEvent } from '@iam/contracts';
import { ConcurrencyError, type EventStore } from '@iam/event-store';
import { GuessLimiter } from '@iam/service-kit';
import { MemoryTtlStore } from '@iam/ttl-store';
import type { UsersQueries } from '../users/users.queries';
import { MfaCodeVerifier } from './mfa-code-verifier';
import type { MfaDevicesQueries } from './mfa-devices.queries';
import { seedAssociatedData } from './mfa-seeds';
import { timeStepAt, totpCode } from './totp';

const accountId = '123456789012';
const serialNumber = `arn:aws:iam::${accountId}:mfa/pat-phone`;
const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const now = 1_700_000_000_000;
const step = timeStepAt(now);
const pat = { userId: 'AIDAPATPATPATPATPATPA', userName: 'pat', arn: `arn:aws:iam::${accountId}:user/pat` };

/** An event store of in-memory streams with optimistic concurrency, enough for the verifier's unit of work. */
function memoryStore(streams: Map<string, NewEvent[]>, beforeAppend?: () => void) {
  return {
    database: { transaction: <R>(work: (tx: unknown) => Promise<R>) => work({}) },
    readStream: async (streamId: string) => [...(streams.get(streamId) ?? [])],
    appendWithin: async (_tx: unknown, streamId: string, expected: number, events: NewEvent[]) => {
      beforeAppend?.();
      const stream = streams.get(streamId) ?? [];
      if (stream.length !== expected) throw new ConcurrencyError(streamId, expected, stream.length);
      streams.set(streamId, [...stream, ...events]);
    },
  } as unknown as EventStore;
}

function setup(options: { beforeAppend?: () => void } = {}) {
  const secrets = SecretBox.fromConfig(SecretBox.generateConfig('unit'));
  const streams = new Map<string, NewEvent[]>([
    [
      `mfa-${serialNumber}`,
      [
        {
          type: T.VirtualMfaDeviceCreated,
          schemaVersion: v,
          payload: {
            serialNumber,
            accountId,
            virtualMfaDeviceName: 'pat-phone',
            path: '/',
            createDate: '2026-01-01T00:00:00Z',
            encryptedSeed: secrets.seal(seed, seedAssociatedData(serialNumber)),
          },
        },
        {
          type: T.VirtualMfaDeviceEnabled,
          schemaVersion: v,
          payload: { serialNumber, ...pat, enableDate: '2026-01-01T00:00:00Z', timeStep: step - 1 },
        },
      ],
    ],
  ]);
  const users = {
    find: async (_db: unknown, account: string, userName: string) =>
      account === accountId && userName === 'pat' ? pat : undefined,
  } as unknown as UsersQueries;
  const devices = {
    enabledFor: async () => [{ userName: 'pat', serialNumber, enableDate: '2026-01-01T00:00:00Z' }],
  } as unknown as MfaDevicesQueries;
  const guesses = new GuessLimiter(new MemoryTtlStore());
  const verifier = new MfaCodeVerifier(
    memoryStore(streams, options.beforeAppend),
    users,
    devices,
    secrets,
    guesses,
  );
  const accepted = () =>
    (streams.get(`mfa-${serialNumber}`) ?? [])
      .filter((e) => e.type === T.MfaCodeAccepted)
      .map((e) => (e.payload as { timeStep: number }).timeStep);
  return { verifier, streams, accepted };
}

describe('MfaCodeVerifier', () => {
  it('accepts a fresh code once, recording its time step', async () => {
    const { verifier, accepted } = setup();
    const code = totpCode(seed, step);
    expect(await verifier.verify(accountId, 'pat', code, { nowMs: now })).toBe(true);
    expect(accepted()).toEqual([step]);
    expect(await verifier.verify(accountId, 'pat', code, { nowMs: now })).toBe(false);
    expect(accepted()).toEqual([step]);
  });

  it('refuses the codes used to enable and older ones, even inside the window', async () => {
    const { verifier, accepted } = setup();
    for (const timeStep of [step - 1, step - 2]) {
      expect(await verifier.verify(accountId, 'pat', totpCode(seed, timeStep), { nowMs: now })).toBe(false);
    }
    expect(accepted()).toEqual([]);
  });

  it('refuses a code out of the window, a wrong or malformed code, another user or device', async () => {
    const { verifier, accepted } = setup();
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
    expect(accepted()).toEqual([]);
  });

  it('after a later code, refuses an earlier one that is still in the window', async () => {
    const { verifier } = setup();
    expect(await verifier.verify(accountId, 'pat', totpCode(seed, step + 1), { nowMs: now })).toBe(true);
    expect(await verifier.verify(accountId, 'pat', totpCode(seed, step), { nowMs: now })).toBe(false);
  });

  it('answers false when another request accepted a code of the device meanwhile', async () => {
    let raced = false;
    const { verifier, streams } = setup({
      beforeAppend: () => {
        if (raced) return;
        raced = true;
        const stream = streams.get(`mfa-${serialNumber}`) ?? [];
        stream.push({
          type: T.MfaCodeAccepted,
          schemaVersion: v,
          payload: { serialNumber, ...pat, timeStep: step },
        });
      },
    });
    expect(await verifier.verify(accountId, 'pat', totpCode(seed, step), { nowMs: now })).toBe(false);
  });

  it('throttles wrong codes per user (5 per window) and then refuses even a right one unchecked', async () => {
    const { verifier, accepted } = setup();
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
    expect(accepted()).toEqual([]);
  });

  it('clears the failures of a user on a right code', async () => {
    const { verifier } = setup();
    const wrong = totpCode(seed, step) === '000000' ? '000001' : '000000';
    for (let i = 0; i < 4; i++)
      expect(await verifier.verify(accountId, 'pat', wrong, { nowMs: now })).toBe(false);
    expect(await verifier.verify(accountId, 'pat', totpCode(seed, step), { nowMs: now })).toBe(true);
    for (let i = 0; i < 4; i++)
      expect(await verifier.verify(accountId, 'pat', wrong, { nowMs: now })).toBe(false);
  });
});
