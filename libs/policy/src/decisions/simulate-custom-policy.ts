import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { RequestPrincipal } from '@iam/policy-engine';
import type { SimulateCustomPolicyDto } from './decisions.dto';
import { EventLoopSlices, PolicySimulator, policyInputs, type SimulationPage } from './policy-simulator';

export class SimulateCustomPolicy extends Query<SimulationPage> {
  constructor(
    readonly requester: Requester,
    readonly input: SimulateCustomPolicyDto,
  ) {
    super();
  }
}

/** Policies given as text against actions and resources. */
@QueryHandler(SimulateCustomPolicy)
export class SimulateCustomPolicyHandler implements IQueryHandler<SimulateCustomPolicy> {
  constructor(private readonly simulator: PolicySimulator) {}

  async execute({ requester: { caller }, input }: SimulateCustomPolicy): Promise<SimulationPage> {
    const slices = new EventLoopSlices();
    const identity = await policyInputs(input.policyInputList, slices);
    const boundary = input.permissionsBoundaryPolicyInputList?.length
      ? this.simulator.boundaryInput(input.permissionsBoundaryPolicyInputList)
      : undefined;
    const principal: RequestPrincipal = input.callerArn
      ? this.simulator.callerPrincipal(input.callerArn, caller)
      : // As AWS: the request is simulated as the caller; the policies given stand in for its own.
        { arn: caller.arn, accountId: caller.accountId, type: 'User' };
    return this.simulator.run(input, principal, identity, boundary, slices);
  }
}
