import {
  IdentityEventTypes as T,
  type EventEnvelope,
  type VirtualMfaDeviceCreatedV1,
  type VirtualMfaDeviceDeactivatedV1,
  type VirtualMfaDeviceDeletedV1,
  type VirtualMfaDeviceEnabledV1,
} from '@iam/contracts';
import { identifier, type InlineProjection, type Queryable } from '@iam/event-store';

/**
 * Virtual MFA devices and the user each is enabled for, from the device
 * streams (the user stream's MfaDeviceEnabled says the same, in the same
 * transaction). Never the seed.
 */
export class MfaDevicesProjection implements InlineProjection {
  readonly name = 'mfa_devices';
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.mfa_devices`;
  }

  async reset(tx: Queryable): Promise<void> {
    await tx.query(`DELETE FROM ${this.table}`);
  }

  async apply(tx: Queryable, event: EventEnvelope): Promise<void> {
    switch (event.type) {
      case T.VirtualMfaDeviceCreated: {
        const p = event.payload as VirtualMfaDeviceCreatedV1;
        await tx.query(
          `INSERT INTO ${this.table} (serial_number, account_id, create_date) VALUES ($1, $2, $3)`,
          [p.serialNumber, p.accountId, p.createDate],
        );
        return;
      }
      case T.VirtualMfaDeviceEnabled: {
        const p = event.payload as VirtualMfaDeviceEnabledV1;
        await tx.query(`UPDATE ${this.table} SET user_id = $2, enable_date = $3 WHERE serial_number = $1`, [
          p.serialNumber,
          p.userId,
          p.enableDate,
        ]);
        return;
      }
      case T.VirtualMfaDeviceDeactivated: {
        const p = event.payload as VirtualMfaDeviceDeactivatedV1;
        await tx.query(
          `UPDATE ${this.table} SET user_id = NULL, enable_date = NULL WHERE serial_number = $1`,
          [p.serialNumber],
        );
        return;
      }
      case T.VirtualMfaDeviceDeleted: {
        const p = event.payload as VirtualMfaDeviceDeletedV1;
        await tx.query(`DELETE FROM ${this.table} WHERE serial_number = $1`, [p.serialNumber]);
        return;
      }
      default:
        return;
    }
  }
}
