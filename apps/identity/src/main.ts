import { AuthModule } from '@iam/auth';
import { AwsQueryModule } from '@iam/aws-query';
import { IdentityModule } from '@iam/identity';
import { runService } from '@iam/platform';

// Distributed mode: this service alone, with DATABASE_URL, REDIS_URL and KAFKA_BROKERS.
// Identity applies the credentials projection inline, so a key change is immediate here.
void runService({
  name: 'identity',
  modules: [
    AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }),
    IdentityModule,
    AwsQueryModule,
  ],
  defaults: { PORT: '8081' },
});
