import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationVariables } from '@iam/platform';

/**
 * The README's configuration table names every setting the services
 * validate at start, and nothing they do not read: a setting added to
 * ServiceEnvironment without a row (or a row left for one removed) fails here.
 */
function readmeTableVariables(): string[] {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "## Configuration" section');
  const names = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .flatMap((line) =>
      [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]),
    );
  return [...new Set(names)].sort();
}

describe("README's configuration table", () => {
  it('lists exactly the variables of the validated configuration schema', () => {
    expect(readmeTableVariables()).toEqual(configurationVariables());
  });
});
