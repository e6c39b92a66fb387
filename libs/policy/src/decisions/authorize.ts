import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Requester } from '@iam/auth';
import type { AuthorizeItem } from './decision-input';
import { DecisionService, type DecisionView } from './decision.service';

/** One decision for a principal of the caller's account (the guard checked iam:Authorize on it). */
export class Authorize extends Query<DecisionView> {
  constructor(
    readonly requester: Requester,
    readonly item: AuthorizeItem,
  ) {
    super();
  }
}

@QueryHandler(Authorize)
export class AuthorizeHandler implements IQueryHandler<Authorize> {
  constructor(private readonly decisions: DecisionService) {}

  async execute({ requester, item }: Authorize): Promise<DecisionView> {
    return this.decisions.authorize(requester.caller, item);
  }
}
