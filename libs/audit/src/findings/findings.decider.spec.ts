import { AuditEventTypes as A } from '@iam/contracts';
import { decideFindings, evolveFindings, type OpenFindings } from './findings.decider';
import type { Finding } from './finding-rules';

const finding = (id: string): Finding => ({
  findingId: id,
  ruleId: id.split(':')[0],
  severity: 'HIGH',
  entityArn: 'arn:aws:iam::123456789012:user/a',
  entityType: 'User',
  detail: 'd',
  remediation: 'r',
});
const NOW = new Date('2026-06-01T00:00:00.000Z');

describe('findings decider', () => {
  it('raises new findings, clears gone ones, and leaves unchanged ones alone', () => {
    const open: OpenFindings = new Map();
    for (const e of decideFindings(open, [finding('A:x'), finding('B:x')], NOW)) evolveFindings(open, e);
    expect([...open.keys()]).toEqual(['A:x', 'B:x']);

    const events = decideFindings(open, [finding('B:x'), finding('C:x')], NOW);
    expect(events.map((e) => [e.type, e.payload.findingId])).toEqual([
      [A.FindingRaised, 'C:x'],
      [A.FindingCleared, 'A:x'],
    ]);
    for (const e of events) evolveFindings(open, e);
    expect(decideFindings(open, [finding('B:x'), finding('C:x')], NOW)).toEqual([]);
  });
});
