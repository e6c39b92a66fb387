import { EntityArns, type EntityArnSource } from './entity-arns';

/** A source like a service's tables: Postgres refuses a NUL byte in a text parameter. */
const postgresLike: EntityArnSource = {
  entityOf: async (_account, _kind, name) => {
    if (name.includes('\u0000')) throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
    return name === 'alice' ? { arn: 'arn:aws:iam::123456789012:user/ops/alice', tags: [] } : undefined;
  },
  policyTags: async (_account, arn) => {
    if (arn.includes('\u0000')) throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
    return undefined;
  },
};

describe('EntityArns', () => {
  const arns = new EntityArns();
  arns.register(postgresLike);

  it('finds what a source has', async () => {
    expect((await arns.lookup('123456789012', 'user', 'alice'))?.arn).toBe(
      'arn:aws:iam::123456789012:user/ops/alice',
    );
  });

  it('finds nothing for a name or ARN with a NUL byte, without asking the tables (found by the random-input run: a 500)', async () => {
    await expect(arns.lookup('123456789012', 'user', 'a\u0000b')).resolves.toBeUndefined();
    await expect(
      arns.policyTags('123456789012', 'arn:aws:iam::123456789012:policy/,\u0000,x'),
    ).resolves.toBeUndefined();
  });
});
