import { AuthModule } from '@iam/auth';
import { AwsQueryModule } from '@iam/aws-query';
import { StsModule } from '@iam/sts';
import { runService } from '@iam/platform';

// Distributed mode: this service alone, with DATABASE_URL, REDIS_URL and KAFKA_BROKERS.
// It keeps its own projection of identity's credentials, fed from Kafka.
void runService({
  name: 'sts',
  modules: [AuthModule.forRoot({ service: 'sts', consumeIdentityEvents: true }), StsModule, AwsQueryModule],
  defaults: { PORT: '8083' },
});
