import { IdentityEventTypes as T, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type Projection, type Queryable } from '@iam/event-store';

const mfaDevicesHandled = [
  T.VirtualMfaDeviceCreated,
  T.VirtualMfaDeviceEnabled,
  T.VirtualMfaDeviceDeactivated,
  T.VirtualMfaDeviceDeleted,
  T.MfaCodeAccepted,
] as const;
type MfaDeviceEvent = EventsOf<IdentityEvent, typeof mfaDevicesHandled>;

/**
 * Virtual MFA devices from identity's device streams (`mfa-<serial>`, one
 * Kafka key, so in order): the id of the sealed seed (in identity's `sealed_secrets`) from the creation, the user it is
 * enabled for (none when deactivated), and the latest time step identity has
 * used (the second enabling code, then each accepted code). Codes at or
 * before that step are refused here even once the shared claim of a code
 * (MfaCodeOnce, two minutes) has expired.
 */
export class StsMfaDevicesProjection implements Projection<MfaDeviceEvent> {
  readonly name = 'mfa-devices';
  readonly version = 1;
  readonly handles = mfaDevicesHandled;
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.mfa_devices`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: MfaDeviceEvent): Promise<void> {
    switch (event.type) {
      case T.VirtualMfaDeviceCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.table} (serial_number, account_id, seed_id) VALUES ($1, $2, $3)
           ON CONFLICT (serial_number) DO NOTHING`,
          [p.serialNumber, p.accountId ?? event.accountId, p.seedId],
        );
        return;
      }
      case T.VirtualMfaDeviceEnabled: {
        const p = event.payload;
        await tx.query(`UPDATE ${this.table} SET user_id = $2 WHERE serial_number = $1`, [
          p.serialNumber,
          p.userId,
        ]);
        return this.used(tx, p.serialNumber, p.timeStep);
      }
      case T.MfaCodeAccepted:
        return this.used(tx, event.payload.serialNumber, event.payload.timeStep);
      case T.VirtualMfaDeviceDeactivated:
        await tx.query(`UPDATE ${this.table} SET user_id = NULL WHERE serial_number = $1`, [
          event.payload.serialNumber,
        ]);
        return;
      case T.VirtualMfaDeviceDeleted:
        await tx.query(`DELETE FROM ${this.table} WHERE serial_number = $1`, [event.payload.serialNumber]);
        return;
    }
  }

  /** The last used step only moves forward (a replayed older event leaves it). */
  private async used(tx: Queryable, serialNumber: string, timeStep: number): Promise<void> {
    if (!Number.isSafeInteger(timeStep)) return;
    await tx.query(
      `UPDATE ${this.table} SET last_time_step = GREATEST(COALESCE(last_time_step, $2), $2) WHERE serial_number = $1`,
      [serialNumber, timeStep],
    );
  }
}

/** An enabled device as the verifier reads it. */
export interface EnabledMfaDevice {
  serialNumber: string;
  accountId: string;
  userId: string;
  seedId: string;
  lastTimeStep: number | null;
}

/** The device `serialNumber` when it is enabled for `userId` in `accountId`. */
export async function findEnabledDevice(
  db: Queryable,
  schema: string,
  q: { accountId: string; userId: string; serialNumber: string },
): Promise<EnabledMfaDevice | undefined> {
  const { rows } = await db.query<{ seed_id: string; last_time_step: string | null }>(
    `SELECT seed_id, last_time_step FROM ${identifier(schema)}.mfa_devices
     WHERE serial_number = $1 AND account_id = $2 AND user_id = $3`,
    [q.serialNumber, q.accountId, q.userId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    ...q,
    seedId: row.seed_id,
    lastTimeStep: row.last_time_step === null ? null : Number(row.last_time_step),
  };
}

/** The serial numbers of the devices enabled for a user (sign-in: whether a code is required). */
export async function enabledDevicesOf(
  db: Queryable,
  schema: string,
  q: { accountId: string; userId: string },
): Promise<string[]> {
  const { rows } = await db.query<{ serial_number: string }>(
    `SELECT serial_number FROM ${identifier(schema)}.mfa_devices WHERE account_id = $1 AND user_id = $2
     ORDER BY serial_number`,
    [q.accountId, q.userId],
  );
  return rows.map((r) => r.serial_number);
}
