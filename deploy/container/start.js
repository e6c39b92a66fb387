// The container's entry point: IAM_SERVICE picks the service this process
// runs (identity, policy, sts or audit; standalone when unset), so one image
// serves them all. `node dist/apps/<service>/src/main.js` works as well.
'use strict';
const path = require('node:path');

const SERVICES = ['standalone', 'identity', 'policy', 'sts', 'audit'];
const service = process.env.IAM_SERVICE || 'standalone';
if (!SERVICES.includes(service)) {
  process.stderr.write(`configuration error: IAM_SERVICE must be one of ${SERVICES.join(', ')}\n`);
  process.exit(1);
}
require(path.join(__dirname, '..', '..', 'dist', 'apps', service, 'src', 'main.js'));
