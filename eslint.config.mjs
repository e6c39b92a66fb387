import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Module boundaries as in ../shared/STYLE.md: a service lib imports shared
// libs only, never another service; type:domain libs stay free of Nest and
// of infrastructure clients.
const infrastructureClients = ['@nestjs/*', 'pg', 'kafkajs', 'ioredis', '@electric-sql/pglite', 'fastify'];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/coverage/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:identity', 'scope:shared'] },
            { sourceTag: 'scope:policy', onlyDependOnLibsWithTags: ['scope:policy', 'scope:shared'] },
            { sourceTag: 'scope:sts', onlyDependOnLibsWithTags: ['scope:sts', 'scope:shared'] },
            { sourceTag: 'scope:audit', onlyDependOnLibsWithTags: ['scope:audit', 'scope:shared'] },
            {
              sourceTag: 'scope:standalone',
              onlyDependOnLibsWithTags: [
                'scope:identity',
                'scope:policy',
                'scope:sts',
                'scope:audit',
                'scope:shared',
              ],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:feature', 'type:infra', 'type:domain'],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:feature', 'type:infra', 'type:domain', 'type:testing'],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: ['type:infra', 'type:domain', 'type:testing'],
            },
            {
              sourceTag: 'type:infra',
              onlyDependOnLibsWithTags: ['type:infra', 'type:domain', 'type:testing'],
            },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:infra', 'type:domain'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: infrastructureClients,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'class-validator',
              importNames: ['IsOptional'],
              message:
                'use IsOptionalNotNull from @iam/platform: IsOptional lets null through to the handler',
            },
          ],
        },
      ],
    },
  },
  {
    // Deciders and event files of a slice are domain code, whatever lib holds them.
    files: ['**/*.decider.ts', '**/*.events.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: infrastructureClients.map((name) => ({
            group: [name],
            message: 'domain code stays framework-free',
          })),
        },
      ],
    },
  },
];
