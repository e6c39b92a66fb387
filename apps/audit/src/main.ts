import { AuthModule } from '@iam/auth';
import { AuditModule } from '@iam/audit';
import { AwsQueryModule } from '@iam/aws-query';
import { runService } from '@iam/platform';

// Distributed mode: this service alone, with DATABASE_URL, REDIS_URL and KAFKA_BROKERS.
// It keeps its own projection of identity's credentials, fed from Kafka.
void runService({
  name: 'audit',
  modules: [
    AuthModule.forRoot({ service: 'audit', consumeIdentityEvents: true }),
    AuditModule,
    AwsQueryModule,
  ],
  defaults: { PORT: '8084' },
});
