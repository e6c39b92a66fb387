import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import { EventStore } from '@iam/event-store';
import type { Page, PageRequest } from '@iam/service-kit';
import { MfaDevicesQueries, type AssignmentStatus, type VirtualMfaDeviceView } from './mfa-devices.queries';

export class ListVirtualMFADevices extends Query<Page<VirtualMfaDeviceView>> {
  constructor(
    readonly requester: Requester,
    readonly request: PageRequest & { assignmentStatus: AssignmentStatus },
  ) {
    super();
  }
}

/** The caller's account's devices, with the user each is enabled for (never a seed). */
@QueryHandler(ListVirtualMFADevices)
export class ListVirtualMFADevicesHandler implements IQueryHandler<ListVirtualMFADevices> {
  constructor(
    private readonly store: EventStore,
    @Inject(MfaDevicesQueries) private readonly devices: MfaDevicesQueries,
  ) {}

  execute({ requester, request }: ListVirtualMFADevices): Promise<Page<VirtualMfaDeviceView>> {
    return this.devices.list(this.store.database, requester.caller.accountId, request);
  }
}
