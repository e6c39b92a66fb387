import { identifier, type Queryable } from '@iam/event-store';
import { readPage, type Page, type PageRequest } from '@iam/service-kit';

export interface MfaDeviceView {
  userName: string;
  serialNumber: string;
  enableDate: string;
}

export type AssignmentStatus = 'Assigned' | 'Unassigned' | 'Any';

/** ListVirtualMFADevices: a device, and the user it is enabled for if any. */
export interface VirtualMfaDeviceView {
  serialNumber: string;
  enableDate?: string;
  user?: { userName: string; userId: string; arn: string };
}

/** Reads of the MFA devices view, always within the caller's account. */
export class MfaDevicesQueries {
  private readonly table: string;
  private readonly users: string;

  constructor(schema: string) {
    this.table = `${identifier(schema)}.mfa_devices`;
    this.users = `${identifier(schema)}.users`;
  }

  /** ListVirtualMFADevices: the account's devices by serial number, filtered by assignment. */
  async list(
    db: Queryable,
    accountId: string,
    request: PageRequest & { assignmentStatus: AssignmentStatus },
  ): Promise<Page<VirtualMfaDeviceView>> {
    const assignment = {
      Assigned: 'AND d.user_id IS NOT NULL',
      Unassigned: 'AND d.user_id IS NULL',
      Any: '',
    }[request.assignmentStatus];
    return readPage(
      request,
      (after, limit) =>
        db.query<{
          serial_number: string;
          enable_date: string | Date | null;
          user_id: string | null;
          user_name: string | null;
          arn: string | null;
        }>(
          `SELECT d.serial_number, d.enable_date, d.user_id, u.user_name, u.arn
             FROM ${this.table} d LEFT JOIN ${this.users} u ON u.user_id = d.user_id
            WHERE d.account_id = $1 AND d.serial_number > $2 ${assignment}
            ORDER BY d.serial_number LIMIT $3`,
          [accountId, after, limit],
        ),
      (row) => row.serial_number,
      (row) => {
        const view: VirtualMfaDeviceView = { serialNumber: row.serial_number };
        if (row.user_id && row.user_name && row.arn) {
          view.user = { userName: row.user_name, userId: row.user_id, arn: row.arn };
          if (row.enable_date) view.enableDate = new Date(row.enable_date).toISOString();
        }
        return view;
      },
    );
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
