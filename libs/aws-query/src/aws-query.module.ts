import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AwsQueryController } from './aws-query.controller';
import { QueryForwarder } from './query-forwarder';
import { RouteRegistry } from './route-registry';

/**
 * The AWS wire protocol (Query: `POST /`) beside the JSON API. Import it
 * once per process, after the service modules: it serves the routes of
 * whichever services the process runs and forwards the others' actions.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [AwsQueryController],
  providers: [RouteRegistry, QueryForwarder],
})
export class AwsQueryModule {}
