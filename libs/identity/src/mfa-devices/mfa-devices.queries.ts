import { identifier, type Queryable } from '@iam/event-store';

export interface MfaDeviceView {
  userName: string;
  serialNumber: string;
  enableDate: string;
}

/** Reads of the MFA devices view, always within the caller's account. */
export class MfaDevicesQueries {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.mfa_devices`;
  }

  /** ListMFADevices: the devices enabled for a user, oldest first. */
  async enabledFor(
    db: Queryable,
    accountId: string,
    user: { userId: string; userName: string },
  ): Promise<MfaDeviceView[]> {
    const { rows } = await db.query<{ serial_number: string; enable_date: string | Date }>(
      `SELECT serial_number, enable_date FROM ${this.table}
        WHERE account_id = $1 AND user_id = $2 ORDER BY enable_date, serial_number`,
      [accountId, user.userId],
    );
    return rows.map((row) => ({
      userName: user.userName,
      serialNumber: row.serial_number,
      enableDate: new Date(row.enable_date).toISOString(),
    }));
  }
}
