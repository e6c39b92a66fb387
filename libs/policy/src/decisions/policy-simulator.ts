import { Injectable } from '@nestjs/common';
import { IamError, validationError } from '@iam/contracts';
import type { Principal } from '@iam/auth';
import {
  compilePolicy,
  compilePolicySet,
  explain,
  type ContextValue,
  type Explanation,
  type PolicyInput,
  type PolicyType,
  type RequestPrincipal,
} from '@iam/policy-engine';
import { decodeMarker, encodeMarker, pageSize } from '@iam/service-kit';
import { RESOURCE_POLICY_SIZE } from './decision-input';
import { DecisionService, parsePrincipalArn, validated } from './decision.service';
import type { ContextEntryDto, SimulateCustomPolicyDto, SimulatePrincipalPolicyDto } from './decisions.dto';

/** Largest policy text the simulator takes (AWS's PolicyInputList member length). */
const SIMULATION_POLICY_SIZE = 131072;
const MAX_PAIRS = 10_000;
/**
 * Evaluation gives the event loop back after this long, so one large
 * simulation never holds up other requests for more than about this (plus
 * one pair's evaluation); each call also evaluates at most one page
 * (maxItems, at most 1,000 pairs, as AWS pages simulation results).
 */
const YIELD_AFTER_MS = 10;
/**
 * The most work one page does, whatever maxItems asks: statements
 * evaluated (pairs × statements of the policies given) and matched
 * statements returned. As AWS documents for MaxItems, a page may then hold
 * fewer results with isTruncated set; the marker continues where it ended.
 * Without it, 1,000 pairs against six 128 KB policies took 10 s of CPU and
 * answered 50 MB.
 */
const PAGE_BUDGET = { statementEvaluations: 1_000_000, matchedStatements: 10_000 };

/** One page of evaluation results, AWS's shape: `isTruncated` and a `marker` for the next page. */
export interface SimulationPage {
  evaluationResults: EvaluationResult[];
  isTruncated: boolean;
  marker?: string;
}

export type PolicySourceType =
  'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'resource' | 'none';

export interface SimulationStatement {
  sourcePolicyId: string;
  sourcePolicyType: PolicySourceType;
  effect: 'Allow' | 'Deny';
  sid?: string;
  /** Position of the statement in its policy (0-based); AWS gives line/column instead. */
  statementIndex: number;
}

export interface EvaluationResult {
  evalActionName: string;
  evalResourceName: string;
  evalDecision: 'allowed' | 'explicitDeny' | 'implicitDeny';
  matchedStatements: SimulationStatement[];
  missingContextValues: string[];
  permissionsBoundaryDecisionDetail?: { allowedByPermissionsBoundary: boolean };
}

/**
 * The simulator SimulatePrincipalPolicy and SimulateCustomPolicy share: the
 * policies given as text, the simulated caller, and one page of evaluation
 * results on the engine.
 */
@Injectable()
export class PolicySimulator {
  constructor(private readonly decisions: DecisionService) {}

  /** PermissionsBoundaryPolicyInputList (at most one), validated as a boundary. */
  boundaryInput(list: string[]): PolicyInput {
    return {
      id: 'PermissionsBoundaryPolicyInputList.1',
      document: validated(
        list[0],
        'boundary',
        'permissionsBoundaryPolicyInputList[0]',
        SIMULATION_POLICY_SIZE,
      ),
    };
  }

  /** The simulated caller: a known user of the account (with its tags), else the ARN as given. */
  callerPrincipal(arn: string, caller: Principal): RequestPrincipal {
    const parsed = parsePrincipalArn(arn, 'callerArn');
    if (parsed.kind !== 'user' && parsed.kind !== 'root') {
      throw new IamError('InvalidInput', 'callerArn: must be an IAM user ARN (or the account root ARN).');
    }
    if (parsed.accountId !== caller.accountId) {
      throw new IamError('InvalidInput', 'callerArn: must be a principal of your own account.');
    }
    if (parsed.kind === 'root') return { arn, accountId: parsed.accountId, type: 'Account' };
    const resolved = this.decisions.resolveByArn(arn, parsed);
    return resolved.principal;
  }

  /**
   * Evaluates one page of the action × resource pairs (in order: every
   * resource of the first action, then of the next…), in slices that give
   * the event loop back (YIELD_AFTER_MS).
   */
  async run(
    dto: SimulatePrincipalPolicyDto | SimulateCustomPolicyDto,
    principal: RequestPrincipal,
    identity: PolicyInput[],
    boundary: PolicyInput | undefined,
    slices: EventLoopSlices,
  ): Promise<SimulationPage> {
    const resources = dto.resourceArns ?? ['*'];
    const total = dto.actionNames.length * resources.length;
    if (total > MAX_PAIRS) {
      throw validationError(
        'actionNames',
        `${dto.actionNames.length} actions x ${resources.length} resources`,
        `Member must give at most ${MAX_PAIRS} action and resource pairs`,
      );
    }
    const first = firstPair(dto.marker, total);
    const end = Math.min(total, first + pageSize(dto.maxItems));
    const context = contextOf(dto.contextEntries ?? []);
    const resourcePolicy = dto.resourcePolicy
      ? validated(dto.resourcePolicy, 'resource', 'resourcePolicy', RESOURCE_POLICY_SIZE)
      : undefined;
    // Each policy compiled on its own slice (the engine keeps the compilation), then the set.
    for (const input of [...identity, ...(boundary ? [boundary] : [])]) {
      compilePolicy(input.document, { type: input === boundary ? 'boundary' : 'identity' });
      await slices.yieldIfDue();
    }
    const set = compilePolicySet({ identity, boundary });
    const resourceSet = resourcePolicy
      ? compilePolicySet({ resource: [{ id: 'ResourcePolicy', document: resourcePolicy }] })
      : undefined;
    const statements = [...identity, ...(boundary ? [boundary] : [])].reduce(
      (n, input) => n + (typeof input.document === 'string' ? 1 : input.document.statements.length),
      resourcePolicy?.statements.length ?? 0,
    );
    const results: EvaluationResult[] = [];
    let evaluations = 0;
    let matched = 0;
    let pair = first;
    for (; pair < end; pair++) {
      const overBudget =
        evaluations + statements > PAGE_BUDGET.statementEvaluations ||
        matched >= PAGE_BUDGET.matchedStatements;
      if (pair > first && overBudget) break;
      const action = dto.actionNames[Math.floor(pair / resources.length)];
      const resource = resources[pair % resources.length];
      const e = explain(
        { principal, action, resource, resourceAccountId: dto.resourceOwner, context },
        set,
        resourceSet,
      );
      const result = toResult(e, boundary !== undefined);
      results.push(result);
      evaluations += statements;
      matched += result.matchedStatements.length;
      await slices.yieldIfDue();
    }
    return pair < total
      ? { evaluationResults: results, isTruncated: true, marker: encodeMarker(String(pair)) }
      : { evaluationResults: results, isTruncated: false };
  }
}

/**
 * Cuts long synchronous work into slices: after YIELD_AFTER_MS of work,
 * the next `yieldIfDue` lets the event loop run everything waiting.
 */
export class EventLoopSlices {
  private sliceStart = performance.now();

  async yieldIfDue(): Promise<void> {
    if (performance.now() - this.sliceStart < YIELD_AFTER_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}

/** PolicyInputList as validated documents, each parsed on its own slice (a 128 KB policy takes ~30 ms). */
export async function policyInputs(texts: string[], slices: EventLoopSlices): Promise<PolicyInput[]> {
  const inputs: PolicyInput[] = [];
  for (const [i, text] of texts.entries()) {
    inputs.push({
      id: `PolicyInputList.${i + 1}`,
      document: validated(text, 'identity', `policyInputList[${i}]`, SIMULATION_POLICY_SIZE),
    });
    await slices.yieldIfDue();
  }
  return inputs;
}

/** The pair a marker continues from: one this API returned for the same actions and resources. */
function firstPair(marker: string | undefined, total: number): number {
  const decoded = decodeMarker(marker);
  if (decoded === '') return 0;
  const pair = Number(decoded);
  if (!/^\d+$/.test(decoded) || pair <= 0 || pair >= total) {
    throw new IamError(
      'ValidationError',
      'Invalid value for marker: it must be a marker returned by a previous call with the same actions and resources.',
    );
  }
  return pair;
}

function toResult(e: Explanation, hasBoundary: boolean): EvaluationResult {
  const result: EvaluationResult = {
    evalActionName: e.action,
    evalResourceName: e.resource,
    evalDecision:
      e.decision === 'Allow' ? 'allowed' : e.decision === 'ExplicitDeny' ? 'explicitDeny' : 'implicitDeny',
    matchedStatements: e.matchedStatements.map((m) => {
      const statement: SimulationStatement = {
        ...source(m.policyId, m.policyType),
        effect: m.effect,
        statementIndex: m.index,
      };
      if (m.sid !== undefined) statement.sid = m.sid;
      return statement;
    }),
    missingContextValues: [...e.missingContextKeys],
  };
  if (hasBoundary) {
    const inBoundary = e.matchedStatements.filter((m) => m.policyType === 'boundary');
    result.permissionsBoundaryDecisionDetail = {
      allowedByPermissionsBoundary:
        inBoundary.some((m) => m.effect === 'Allow') && !inBoundary.some((m) => m.effect === 'Deny'),
    };
  }
  return result;
}

/** AWS's SourcePolicyId/SourcePolicyType: inline policies by name and owner kind, managed by ARN. */
function source(
  policyId: string,
  policyType: PolicyType,
): { sourcePolicyId: string; sourcePolicyType: PolicySourceType } {
  if (policyType === 'resource') return { sourcePolicyId: policyId, sourcePolicyType: 'resource' };
  if (policyId.startsWith('PolicyInputList.') || policyId.startsWith('PermissionsBoundaryPolicyInputList.')) {
    return { sourcePolicyId: policyId, sourcePolicyType: 'none' };
  }
  const hash = policyId.indexOf('#');
  if (hash >= 0) {
    const owner = policyId.slice(0, hash);
    const kind = /:group\//.test(owner) ? 'group' : /:role\//.test(owner) ? 'role' : 'user';
    return { sourcePolicyId: policyId.slice(hash + 1), sourcePolicyType: kind };
  }
  return {
    sourcePolicyId: policyId,
    sourcePolicyType: policyId.startsWith('arn:aws:iam::aws:policy/') ? 'aws-managed' : 'user-managed',
  };
}

/** AWS's ContextEntries as engine context values, typed. */
function contextOf(entries: ContextEntryDto[]): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  entries.forEach((entry, i) => {
    const field = `contextEntries[${i}].contextKeyValues`;
    const list = entry.contextKeyType.endsWith('List');
    const base = list ? entry.contextKeyType.slice(0, -4) : entry.contextKeyType;
    if (!list && entry.contextKeyValues.length !== 1) {
      throw validationError(
        field,
        entry.contextKeyValues,
        `Member must have exactly one value for type ${entry.contextKeyType}`,
      );
    }
    const values = entry.contextKeyValues.map((value): string | number | boolean => {
      if (base === 'numeric') {
        const n = Number(value);
        if (value.trim() === '' || !Number.isFinite(n))
          throw validationError(field, value, 'Member must be a number');
        return n;
      }
      if (base === 'boolean') {
        if (value !== 'true' && value !== 'false')
          throw validationError(field, value, 'Member must be true or false');
        return value === 'true';
      }
      return value;
    });
    context[entry.contextKeyName] = list ? values : values[0];
  });
  return context;
}
