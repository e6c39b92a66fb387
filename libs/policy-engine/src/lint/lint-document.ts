import type { PolicyDocument, PolicyStatement } from '../grammar/policy-document';
import { parseOperator } from '../conditions/condition-operators';
import { parseCidr } from '../conditions/ip-address';
import { parseTemplate } from '../conditions/policy-variables';
import type { Finding, FindingSeverity } from '../validation/finding';
import { globCovers, listCovers } from './pattern-coverage';

/**
 * Checks in the spirit of IAM Access Analyzer's ValidatePolicy for documents
 * that are already valid: SECURITY_WARNING for grants that are broader than
 * they look, WARNING for statements that do not do what they seem to, and
 * SUGGESTION for simplifications.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */

/** Actions that escalate privileges or hand out credentials when granted on every resource. */
const SENSITIVE_ACTIONS = [
  'iam:passrole',
  'iam:createaccesskey',
  'iam:createloginprofile',
  'iam:updateloginprofile',
  'iam:attachuserpolicy',
  'iam:attachgrouppolicy',
  'iam:attachrolepolicy',
  'iam:putuserpolicy',
  'iam:putgrouppolicy',
  'iam:putrolepolicy',
  'iam:createpolicyversion',
  'iam:setdefaultpolicyversion',
  'iam:updateassumerolepolicy',
  'iam:deleteuserpermissionsboundary',
  'iam:deleterolepermissionsboundary',
  'iam:addusertogroup',
  'iam:createservicelinkedrole',
  'sts:assumerole',
];

/** Global keys that only ever carry one value: a set operator on them is a mistake. */
const SINGLE_VALUED_KEYS = new Set([
  'aws:sourceip',
  'aws:username',
  'aws:userid',
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:currenttime',
  'aws:epochtime',
  'aws:securetransport',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:tokenissuetime',
  'aws:sourceidentity',
  'aws:requestedregion',
  'sts:externalid',
  'sts:rolesessionname',
]);

const MULTI_VALUED_KEYS = new Set(['aws:tagkeys', 'aws:principalorgpaths', 'aws:calledvia']);
const BOOLEAN_KEYS = new Set([
  'aws:securetransport',
  'aws:multifactorauthpresent',
  'aws:viaawsservice',
  'aws:principalisawsservice',
]);

export function lintDocument(policy: PolicyDocument): Finding[] {
  const findings: Finding[] = [];
  const add = (severity: FindingSeverity, code: string, path: string, message: string) =>
    findings.push({ severity, code, path, message });
  const variablesEnabled = policy.version === '2012-10-17';

  if (policy.version === undefined) {
    add(
      'WARNING',
      'MISSING_VERSION',
      'Version',
      'The policy has no Version: AWS then applies 2008-10-17 rules, which disable policy variables. Add "Version": "2012-10-17".',
    );
  }

  policy.statements.forEach((s) => {
    const path = `Statement[${s.index}]`;
    const allow = s.effect === 'Allow';
    const unconditional = s.condition.length === 0;
    const starResource = (s.resource ?? []).includes('*') || (s.notResource !== undefined && allow);

    if (allow && s.notAction) {
      add(
        starResource ? 'SECURITY_WARNING' : 'WARNING',
        'ALLOW_WITH_NOT_ACTION',
        `${path}.NotAction`,
        'Allow with NotAction grants every action not listed, including actions of services added later. List the allowed actions instead.',
      );
    }
    if (allow && s.notResource) {
      add(
        'WARNING',
        'ALLOW_WITH_NOT_RESOURCE',
        `${path}.NotResource`,
        'Allow with NotResource grants access to every resource not listed, including ones created later.',
      );
    }
    if (allow && s.notPrincipal) {
      add(
        'SECURITY_WARNING',
        'ALLOW_WITH_NOT_PRINCIPAL',
        `${path}.NotPrincipal`,
        'Allow with NotPrincipal grants access to every principal not listed, including anonymous users.',
      );
    }
    if (!allow && s.notPrincipal) {
      add(
        'WARNING',
        'DENY_WITH_NOT_PRINCIPAL',
        `${path}.NotPrincipal`,
        'Deny with NotPrincipal always denies principals that have a permissions boundary; prefer ArnNotEquals on aws:PrincipalArn.',
      );
    }
    if (
      allow &&
      (s.principal === '*' || (typeof s.principal === 'object' && s.principal.AWS?.includes('*'))) &&
      unconditional
    ) {
      add(
        'SECURITY_WARNING',
        'PUBLIC_ACCESS',
        `${path}.Principal`,
        'Principal "*" without a condition grants access to everyone, including anonymous users.',
      );
    }

    const actions = (s.action ?? []).map((a) => a.toLowerCase());
    if (allow && starResource && actions.some((a) => a === '*') && unconditional) {
      add('SECURITY_WARNING', 'FULL_ACCESS', path, 'The statement allows every action on every resource.');
    }
    if (allow && starResource) {
      const granted = s.notAction
        ? SENSITIVE_ACTIONS.filter((x) => !s.notAction?.some((n) => globCovers(n, x, true)))
        : SENSITIVE_ACTIONS.filter((x) => actions.some((a) => a !== '*' && globCovers(a, x, true)));
      if (granted.includes('iam:passrole')) {
        add(
          'SECURITY_WARNING',
          'PASS_ROLE_WITH_STAR_IN_RESOURCE',
          `${path}.Resource`,
          'iam:PassRole with Resource "*" lets the principal pass any role to a service. Name the roles it may pass.',
        );
      }
      const others = granted.filter((x) => x !== 'iam:passrole');
      if (others.length > 0 && unconditional) {
        add(
          'SECURITY_WARNING',
          'SENSITIVE_ACTION_WITH_STAR_IN_RESOURCE',
          `${path}.Resource`,
          `Sensitive actions (${others.join(', ')}) are allowed on every resource without a condition; scope the Resource element.`,
        );
      }
    }

    lintActions(s, path, add);
    lintVariables(s, path, variablesEnabled, add);
    lintConditions(s, path, add);
  });

  lintRedundantStatements(policy.statements, add);
  return findings;
}

type Add = (severity: FindingSeverity, code: string, path: string, message: string) => void;

function lintActions(s: PolicyStatement, path: string, add: Add): void {
  const key = s.action ? 'Action' : 'NotAction';
  const list = s.action ?? s.notAction ?? [];
  list.forEach((a, i) => {
    if (a.includes('${'))
      add(
        'WARNING',
        'VARIABLE_IN_ACTION',
        `${path}.${key}`,
        `Policy variables are not supported in ${key}: ${a} is matched literally.`,
      );
    const coveredBy = list.find(
      (other, j) => j !== i && globCovers(other, a, true) && !(globCovers(a, other, true) && j > i),
    );
    if (coveredBy)
      add('SUGGESTION', 'REDUNDANT_ACTION', `${path}.${key}`, `${a} is already covered by ${coveredBy}.`);
  });
}

function lintVariables(s: PolicyStatement, path: string, variablesEnabled: boolean, add: Add): void {
  const key = s.resource ? 'Resource' : 'NotResource';
  const texts: [string, string][] = (s.resource ?? s.notResource ?? []).map((r) => [`${path}.${key}`, r]);
  for (const c of s.condition)
    for (const v of c.values) texts.push([`${path}.Condition.${c.operator}.${c.key}`, v]);
  for (const [where, text] of texts) {
    if (!text.includes('${')) continue;
    if (!variablesEnabled) {
      add(
        'WARNING',
        'VARIABLES_NEED_VERSION_2012',
        where,
        `${text} looks like a policy variable, but variables need "Version": "2012-10-17"; here it is literal text.`,
      );
      continue;
    }
    for (const bad of parseTemplate(text, { variables: true, wildcards: true }).malformed) {
      add(
        'WARNING',
        'MALFORMED_POLICY_VARIABLE',
        where,
        `${bad} is not a valid policy variable and is matched literally.`,
      );
    }
  }
}

function lintConditions(s: PolicyStatement, path: string, add: Add): void {
  for (const c of s.condition) {
    const where = `${path}.Condition.${c.operator}.${c.key}`;
    const parsed = parseOperator(c.operator);
    if (!parsed.ok) continue;
    const spec = parsed.spec;
    const key = c.key.toLowerCase();
    if (spec.set !== 'none' && SINGLE_VALUED_KEYS.has(key)) {
      add(
        'WARNING',
        'SET_OPERATOR_ON_SINGLE_VALUED_KEY',
        where,
        `${c.key} is single-valued; ${spec.set}: is meant for multi-valued keys and changes how a missing key behaves.`,
      );
    }
    if (spec.set === 'none' && MULTI_VALUED_KEYS.has(key)) {
      add(
        'WARNING',
        'MISSING_SET_OPERATOR',
        where,
        `${c.key} is multi-valued; qualify ${c.operator} with ForAllValues: or ForAnyValue:.`,
      );
    }
    if (
      spec.set === 'ForAllValues' &&
      s.effect === 'Allow' &&
      !s.condition.some((o) => o.key.toLowerCase() === key && o.operator.toLowerCase() === 'null')
    ) {
      add(
        'WARNING',
        'FOR_ALL_VALUES_WITH_ALLOW',
        where,
        `ForAllValues is true when ${c.key} is missing or empty, so this Allow also applies to requests without it. Add a Null check (${c.key}: "false").`,
      );
    }
    if (spec.family === 'String' && BOOLEAN_KEYS.has(key)) {
      add(
        'SUGGESTION',
        'BOOLEAN_KEY_WITH_STRING_OPERATOR',
        where,
        `${c.key} is a boolean key; use the Bool operator.`,
      );
    }
    if (spec.family === 'IpAddress') {
      for (const v of c.values) {
        const cidr = parseCidr(v);
        if (cidr?.version === 4 && v.includes('/') && !v.startsWith(`${ipv4Text(cidr.network)}/`)) {
          add(
            'SUGGESTION',
            'CIDR_HOST_BITS_SET',
            where,
            `${v} has host bits set; it means ${ipv4Text(cidr.network)}/${cidr.prefix}.`,
          );
        }
      }
    }
    if (spec.ifExists && key === 'aws:multifactorauthpresent' && s.effect === 'Allow') {
      add(
        'WARNING',
        'IF_EXISTS_WIDENS_ALLOW',
        where,
        `${c.operator} on ${c.key} also allows requests made with long-term keys, which never carry the key. Use Bool.`,
      );
    }
  }
}

function ipv4Text(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** A statement is redundant when another with the same effect and conditions covers its actions and resources. */
function lintRedundantStatements(statements: readonly PolicyStatement[], add: Add): void {
  statements.forEach((narrow, i) => {
    if (!narrow.action || !narrow.resource || narrow.principal || narrow.notPrincipal) return;
    const wide = statements.find(
      (other, j) =>
        j !== i &&
        other.effect === narrow.effect &&
        other.action !== undefined &&
        other.resource !== undefined &&
        !other.principal &&
        !other.notPrincipal &&
        sameConditions(other, narrow) &&
        listCovers(other.action, narrow.action ?? [], true) &&
        listCovers(other.resource, narrow.resource ?? [], false) &&
        // Of two identical statements, report only the later one.
        !(
          j > i &&
          listCovers(narrow.action ?? [], other.action, true) &&
          listCovers(narrow.resource ?? [], other.resource, false)
        ),
    );
    if (wide) {
      const label = wide.sid ? `Statement[${wide.index}] (${wide.sid})` : `Statement[${wide.index}]`;
      add(
        'WARNING',
        'REDUNDANT_STATEMENT',
        `Statement[${narrow.index}]`,
        `The statement grants nothing beyond ${label}, which covers its actions and resources with the same conditions.`,
      );
    }
  });
}

function sameConditions(a: PolicyStatement, b: PolicyStatement): boolean {
  if (b.condition.length === 0) return a.condition.length === 0;
  const key = (s: PolicyStatement) =>
    JSON.stringify(
      s.condition.map((c) => [c.operator.toLowerCase(), c.key.toLowerCase(), [...c.values].sort()]).sort(),
    );
  return key(a) === key(b);
}
