import { PolicyModule } from '@iam/policy';
import { runService } from '@iam/platform';

// Distributed mode: this service alone, with DATABASE_URL, REDIS_URL and KAFKA_BROKERS.
void runService({ name: 'policy', modules: [PolicyModule], defaults: { PORT: '8082' } });
