#!/usr/bin/env node
// `npx iam-admin …` in this workspace, after `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const built = path.join(__dirname, '..', 'dist', 'tools', 'cli', 'iam-admin.js');
if (!fs.existsSync(built)) {
  process.stderr.write('iam-admin is not built: run `npm run build` first\n');
  process.exit(1);
}
require(built).main();
