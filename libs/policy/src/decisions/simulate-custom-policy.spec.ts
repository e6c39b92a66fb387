import type { Principal, Requester } from '@iam/auth';
import { IamError } from '@iam/contracts';
import type { SimulateCustomPolicyDto } from './decisions.dto';
import { PolicySimulator } from './policy-simulator';
import { SimulateCustomPolicy, SimulateCustomPolicyHandler } from './simulate-custom-policy';

const caller: Principal = {
  arn: 'arn:aws:iam::123456789012:user/alice',
  accountId: '123456789012',
  userId: 'AIDAEXAMPLE',
  type: 'user',
  mfaAuthenticated: false,
} as unknown as Principal;

const requester: Requester = { caller, requestId: 'req-1' };

// SimulateCustomPolicy without callerArn needs no decision engine (it resolves callerArn only).
const handler = new SimulateCustomPolicyHandler(new PolicySimulator(undefined as never));
const simulateCustom = (input: SimulateCustomPolicyDto) =>
  handler.execute(new SimulateCustomPolicy(requester, input));

/** A policy of about 125 KB whose every statement applies to the pairs asked about. */
function bigPolicy(n: number): string {
  const statements = [];
  for (let i = 0; ; i++) {
    statements.push({
      Sid: `S${n}x${i}`,
      Effect: 'Allow',
      Action: ['s3:Get*', 's3:List*'],
      Resource: `arn:aws:s3:::bucket-${i % 10}/*`,
      Condition: { StringLike: { 'aws:UserAgent': ['*'] } },
    });
    const text = JSON.stringify({ Version: '2012-10-17', Statement: statements });
    if (text.length > 125_000) return text;
  }
}

const small = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::a/*' }],
});

function dto(fields: Partial<SimulateCustomPolicyDto>): SimulateCustomPolicyDto {
  return { policyInputList: [small], actionNames: ['s3:GetObject'], ...fields } as SimulateCustomPolicyDto;
}

describe('SimulateCustomPolicy pages and slices (issue 16, item 15)', () => {
  it('answers AWS’s default page of 100 with a marker, and the pages together give every pair once', async () => {
    const actionNames = Array.from({ length: 25 }, (_, i) => `s3:GetObject${i}`);
    const resourceArns = Array.from({ length: 10 }, (_, i) => `arn:aws:s3:::a/${i}`);
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await simulateCustom(dto({ actionNames, resourceArns, marker }));
      pages++;
      expect(page.evaluationResults.length).toBeLessThanOrEqual(100);
      seen.push(...page.evaluationResults.map((r) => `${r.evalActionName} ${r.evalResourceName}`));
      marker = page.isTruncated ? page.marker : undefined;
    } while (marker);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(250);
    expect(seen.length).toBe(250);
  });

  it('refuses a marker it did not give and a maxItems outside 1–1000', async () => {
    for (const fields of [
      { marker: 'bm90LWEtbWFya2Vy' },
      { marker: 'MTAwMDA' },
      { maxItems: 0 },
      { maxItems: 1001 },
    ]) {
      await expect(simulateCustom(dto(fields))).rejects.toBeInstanceOf(IamError);
    }
  });

  it('bounds the work of one call and gives the event loop back while it evaluates', async () => {
    const input = dto({
      policyInputList: Array.from({ length: 6 }, (_, n) => bigPolicy(n)),
      actionNames: Array.from({ length: 1000 }, (_, i) => `s3:GetObject${i}`),
      resourceArns: Array.from({ length: 10 }, (_, i) => `arn:aws:s3:::bucket-${i}/key`),
      maxItems: 1000,
      contextEntries: [
        { contextKeyName: 'aws:UserAgent', contextKeyValues: ['x'], contextKeyType: 'string' },
      ],
    });
    // Counted, not timed (this machine's load must not decide the test): how
    // often the event loop ran other work while the call evaluated.
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const page = await simulateCustom(input);
    running = false;
    // Before: all 10,000 pairs in one synchronous run (minutes, and a 50 MB answer).
    expect(page.isTruncated).toBe(true);
    expect(page.evaluationResults.length).toBeGreaterThan(0);
    expect(page.evaluationResults.length).toBeLessThan(1000);
    // The call yields between policies and between chunks of pairs; one synchronous run would give 0 or 1.
    expect(turns).toBeGreaterThan(5);
  }, 30_000);
});
