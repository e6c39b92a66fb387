// Docker's HEALTHCHECK: healthy while /health/ready answers 2xx (the
// process's Postgres, Redis, Kafka, relays and consumers are working).
'use strict';
const port = process.env.PORT || '8080';
fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2500) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
