import { AuthModule } from '@iam/auth';
import { AwsQueryModule } from '@iam/aws-query';
import { PolicyModule } from '@iam/policy';
import { runService } from '@iam/platform';

// Distributed mode: this service alone, with DATABASE_URL, REDIS_URL and KAFKA_BROKERS.
// It keeps its own projection of identity's credentials, fed from Kafka.
void runService({
  name: 'policy',
  modules: [
    AuthModule.forRoot({ service: 'policy', consumeIdentityEvents: true }),
    PolicyModule,
    AwsQueryModule,
  ],
  defaults: { PORT: '8082' },
});
