import { AuditModule } from '@iam/audit';
import { runService } from '@iam/platform';

// Distributed mode: this service alone, with DATABASE_URL, REDIS_URL and KAFKA_BROKERS.
void runService({ name: 'audit', modules: [AuditModule], defaults: { PORT: '8084' } });
