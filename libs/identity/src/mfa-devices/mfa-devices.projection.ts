import { IdentityEventTypes as T, type IdentityEvent } from '@iam/contracts';
import { identifier, type EventsOf, type InlineProjection, type Queryable } from '@iam/event-store';

const mfaDevicesHandled = [
  T.VirtualMfaDeviceCreated,
  T.VirtualMfaDeviceEnabled,
  T.VirtualMfaDeviceDeactivated,
  T.VirtualMfaDeviceDeleted,
] as const;
type MfaDevicesEvent = EventsOf<IdentityEvent, typeof mfaDevicesHandled>;

/**
 * Virtual MFA devices and the user each is enabled for, from the device
 * streams (the user stream's MfaDeviceEnabled says the same, in the same
 * transaction). Never the seed.
 */
export class MfaDevicesProjection implements InlineProjection<MfaDevicesEvent> {
  readonly name = 'mfa_devices';
  readonly version = 1;
  readonly handles = mfaDevicesHandled;
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.mfa_devices`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: MfaDevicesEvent): Promise<void> {
    switch (event.type) {
      case T.VirtualMfaDeviceCreated: {
        const p = event.payload;
        await tx.query(
          `INSERT INTO ${this.table} (serial_number, account_id, create_date) VALUES ($1, $2, $3)`,
          [p.serialNumber, p.accountId, p.createDate],
        );
        return;
      }
      case T.VirtualMfaDeviceEnabled: {
        const p = event.payload;
        await tx.query(`UPDATE ${this.table} SET user_id = $2, enable_date = $3 WHERE serial_number = $1`, [
          p.serialNumber,
          p.userId,
          p.enableDate,
        ]);
        return;
      }
      case T.VirtualMfaDeviceDeactivated: {
        const p = event.payload;
        await tx.query(
          `UPDATE ${this.table} SET user_id = NULL, enable_date = NULL WHERE serial_number = $1`,
          [p.serialNumber],
        );
        return;
      }
      case T.VirtualMfaDeviceDeleted: {
        const p = event.payload;
        await tx.query(`DELETE FROM ${this.table} WHERE serial_number = $1`, [p.serialNumber]);
        return;
      }
    }
  }
}
