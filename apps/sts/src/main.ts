import { StsModule } from '@iam/sts';
import { runService } from '@iam/platform';

// Distributed mode: this service alone, with DATABASE_URL, REDIS_URL and KAFKA_BROKERS.
void runService({ name: 'sts', modules: [StsModule], defaults: { PORT: '8083' } });
