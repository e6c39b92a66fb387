import type { Provider, Type } from '@nestjs/common';
import type { InlineProjection } from '@iam/event-store';
import { AuthorizeHandler } from './authorize';
import { AuthorizeBatchHandler } from './authorize-batch';
import { AuthorizeSignedRequestHandler } from './authorize-signed-request';
import { DecisionService } from './decision.service';
import { DecisionsController } from './decisions.controller';
import { PolicySimulator } from './policy-simulator';
import { SimulateCustomPolicyHandler } from './simulate-custom-policy';
import { SimulatePrincipalPolicyHandler } from './simulate-principal-policy';
import { ValidatePolicyHandler } from './validate-policy';

/**
 * What this slice adds to the policy module: the decision API's routes, one
 * query handler each, over the decision engine and the simulator. It reads
 * the in-memory authorization projection, so it has no read model of its own.
 */
export const decisionsSlice = {
  controllers: [DecisionsController] as Type[],
  providers: [
    DecisionService,
    PolicySimulator,
    AuthorizeHandler,
    AuthorizeBatchHandler,
    AuthorizeSignedRequestHandler,
    SimulatePrincipalPolicyHandler,
    SimulateCustomPolicyHandler,
    ValidatePolicyHandler,
  ] as Provider[],
  projections: (): InlineProjection[] => [],
};
