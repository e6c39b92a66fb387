// Compiles apps/, libs/ and tools/ (bench, cli, fuzz) to dist/ with SWC (the same options
// the tests use). Test files are not shipped.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { swcOptions, root } = require('./swc-options');

const sources = ['apps', 'libs', 'tools/bench', 'tools/cli', 'tools/fuzz', 'tools/chaos', 'tools/replicas', 'tools/asyncapi'];
const skip = /\.(spec|int-spec|e2e-spec)\.ts$|\.d\.ts$/;

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* walk(full);
    } else if (entry.name.endsWith('.ts') && !skip.test(entry.name)) {
      yield full;
    } else if (entry.name.endsWith('.sql') || entry.name.endsWith('.txt')) {
      yield full;
    }
  }
}

async function main() {
  const options = swcOptions();
  const jobs = [];
  for (const dir of sources) {
    for (const file of walk(path.join(root, dir))) {
      const out = path.join(root, 'dist', path.relative(root, file));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      if (!file.endsWith('.ts')) {
        jobs.push(fs.promises.copyFile(file, out));
        continue;
      }
      jobs.push(
        swc.transformFile(file, { ...options, filename: file, swcrc: false }).then((result) => {
          const js = out.replace(/\.ts$/, '.js');
          fs.writeFileSync(js, `${result.code}\n//# sourceMappingURL=${path.basename(js)}.map\n`);
          if (result.map) fs.writeFileSync(`${js}.map`, result.map);
        }),
      );
    }
  }
  await Promise.all(jobs);
}

main().catch((error) => {
  console.error(`build failed: ${error.message}`);
  process.exit(1);
});
