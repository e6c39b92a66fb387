import { Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestAuthorization, type AuthenticatedRequest } from '@iam/auth';
import { eventSourceOf, ProtocolError, Public } from '@iam/platform';
import { writeQueryError } from './error-writer';
import { decodeQueryForm } from './query-form';
import { apiOf } from './query-api';
import { QueryForwarder } from './query-forwarder';
import { invokeRoute } from './route-invoker';
import { routeInput } from './route-input';
import { RouteRegistry } from './route-registry';
import { responseXml } from './xml-writer';

/**
 * The AWS wire protocol's door (`POST /`, form-encoded `Action=…&Version=…`,
 * as the AWS SDKs and CLI send IAM calls): each action is run as the JSON
 * route that is its use case (RouteRegistry), authenticated and authorized
 * by the very functions the guard calls, with the route's own declaration,
 * validated by its DTOs and dispatched by its controller to the same
 * command or query. Only names and the XML are this door's.
 */
@Controller()
export class AwsQueryController {
  constructor(
    private readonly registry: RouteRegistry,
    private readonly authorization: RequestAuthorization,
    private readonly forwarder: QueryForwarder,
  ) {}

  // Public to the guard: this handler authenticates, once it knows which API (signing service) is called.
  @Post()
  @Public()
  @ApiExcludeEndpoint()
  @RouteConfig({ acceptedContentTypes: ['application/x-www-form-urlencoded'], renderError: writeQueryError })
  async handle(@Req() request: FastifyRequest & AuthenticatedRequest, @Res() reply: FastifyReply) {
    const { Action: action, Version: version, ...members } = (request.body ?? {}) as Record<string, unknown>;
    if (typeof action !== 'string' || action === '')
      throw new ProtocolError('MissingAction', 'The request must contain the parameter Action.');
    const api = apiOf(action);
    const wire = api?.actions[action];
    const route = wire && this.registry.find(wire.route);
    // The call's access record: named after the wire action (an action we do not have is recorded too).
    request.access = {
      eventName: action.slice(0, 128),
      eventSource: eventSourceOf(api?.signingService ?? 'iam'),
      ...(route?.access.kind === 'public' && action === 'AssumeRoleWithWebIdentity'
        ? { unauthenticatedIdentity: 'WebIdentityUser' as const }
        : {}),
    };
    // The service that owns the action runs and records it (the forwarder marks the call once it answered).
    if (api && wire && !route) return this.forwarder.forward(wire.owner, action, request, reply);

    // An unsigned action (AssumeRoleWithWebIdentity) is answered as the guard answers its route: without a caller.
    const principal =
      route?.access.kind === 'public'
        ? undefined
        : await this.authorization.authenticate(request, api?.signingService ?? 'iam', {});
    if (typeof version !== 'string' || version === '')
      throw new ProtocolError('MissingParameter', 'The request must contain the parameter Version.');
    if (!api || !wire || !route || version !== api.version)
      throw new ProtocolError(
        'InvalidAction',
        `Could not find operation ${shown(action)} for version ${shown(version)}.`,
      );
    const input = routeInput(wire, route, decodeQueryForm(members), principal);
    request.access.parameters = { ...input.query, ...input.params, ...input.body };
    if (principal) {
      // The global condition keys of the mapped input (aws:RequestTag/… come from its body).
      request.context = this.authorization.globalKeys(request, input.body, principal);
      if (route.access.kind === 'action')
        await this.authorization.authorize(request, route.access.declaration, principal, input);
    }
    const json = (await invokeRoute(route, input, request, reply)) as Record<string, unknown> | undefined;
    request.access.response = json ?? null;
    const result = wire.result === null ? undefined : wire.result && json ? wire.result(json) : json;
    const requestId = String(request.id);
    void reply
      .status(200)
      .header('x-amzn-requestid', requestId)
      .type('text/xml')
      .send(responseXml(action, api.xmlns, result, requestId));
  }
}

function shown(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}
