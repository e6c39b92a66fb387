import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuthorizationCache, type Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';
import type { PolicyInput, RequestPrincipal } from '@iam/policy-engine';
import { DecisionService, parsePrincipalArn, policiesOf } from './decision.service';
import type { SimulatePrincipalPolicyDto } from './decisions.dto';
import { EventLoopSlices, PolicySimulator, policyInputs, type SimulationPage } from './policy-simulator';

export class SimulatePrincipalPolicy extends Query<SimulationPage> {
  constructor(
    readonly requester: Requester,
    readonly input: SimulatePrincipalPolicyDto,
  ) {
    super();
  }
}

/**
 * The policies of a user, group or role of the caller's account (from the
 * in-memory authorization projection), with any policies given, against
 * actions and resources.
 */
@QueryHandler(SimulatePrincipalPolicy)
export class SimulatePrincipalPolicyHandler implements IQueryHandler<SimulatePrincipalPolicy> {
  constructor(
    private readonly cache: AuthorizationCache,
    private readonly decisions: DecisionService,
    private readonly simulator: PolicySimulator,
  ) {}

  async execute({ requester: { caller }, input }: SimulatePrincipalPolicy): Promise<SimulationPage> {
    const arn = input.policySourceArn;
    const parsed = parsePrincipalArn(arn, 'policySourceArn');
    if (parsed.accountId !== caller.accountId) {
      throw new IamError(
        'AccessDenied',
        `User: ${caller.arn} is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${arn}`,
      );
    }
    if (parsed.kind === 'root') {
      throw new IamError(
        'InvalidInput',
        'policySourceArn: name a user, group or role; the root user has no policies.',
      );
    }
    const record = this.cache.principalByArn(arn);
    if (!record || record.kind !== parsed.kind) {
      throw new IamError('NoSuchEntity', `The ${parsed.kind} with ARN ${arn} cannot be found.`);
    }
    let identity: PolicyInput[];
    let boundary: PolicyInput | undefined;
    let principal: RequestPrincipal;
    if (record.kind === 'group') {
      identity = policiesOf(this.cache, record);
      principal = { arn: record.arn, accountId: record.accountId, type: 'User' };
    } else {
      const resolved = this.decisions.resolveRecord(record);
      if (!('set' in resolved)) throw new IamError('ServiceUnavailable', resolved.unknown);
      identity = [];
      for (const p of resolved.set.policies) {
        const policy = { id: p.id, document: p.policy.document };
        if (p.policy.type === 'boundary') boundary = policy;
        else identity.push(policy);
      }
      principal = resolved.principal;
    }
    const slices = new EventLoopSlices();
    identity.push(...(await policyInputs(input.policyInputList ?? [], slices)));
    if (input.permissionsBoundaryPolicyInputList?.length)
      boundary = this.simulator.boundaryInput(input.permissionsBoundaryPolicyInputList);
    if (input.callerArn) principal = this.simulator.callerPrincipal(input.callerArn, caller);
    return this.simulator.run(input, principal, identity, boundary, slices);
  }
}
