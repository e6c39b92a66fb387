import type { ActionUse } from '../reports/reports.queries';

const SERVICE_NAMES: Record<string, string> = {
  iam: 'AWS Identity and Access Management',
  sts: 'AWS Security Token Service',
  signin: 'AWS Sign-In',
  authorization: 'IAM Authorization (decision API)',
  audit: 'IAM Audit',
};

export interface TrackedActionLastAccessed {
  ActionName: string;
  LastAccessedEntity: string;
  LastAccessedTime: string;
  LastAccessedRegion: string;
}

export interface ServiceLastAccessed {
  ServiceName: string;
  ServiceNamespace: string;
  LastAuthenticated: string;
  LastAuthenticatedEntity: string;
  LastAuthenticatedRegion: string;
  /** How many of the entity's principals (a group's members, a policy's holders) used the service. */
  TotalAuthenticatedEntities: number;
  TrackedActionsLastAccessed?: TrackedActionLastAccessed[];
}

/**
 * AWS's ServicesLastAccessed from the last use of each action by each
 * principal: per service, the latest use and who made it (the principal: a
 * user, or the role of a session), with the actions when ACTION_LEVEL.
 */
export function servicesLastAccessed(
  uses: readonly ActionUse[],
  granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL',
): ServiceLastAccessed[] {
  const byService = new Map<string, ActionUse[]>();
  for (const use of uses) byService.set(use.service, [...(byService.get(use.service) ?? []), use]);
  return [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([namespace, serviceUses]) => {
      const latest = serviceUses.reduce((a, b) => (b.lastUsedAt > a.lastUsedAt ? b : a));
      const entry: ServiceLastAccessed = {
        ServiceName: SERVICE_NAMES[namespace] ?? namespace,
        ServiceNamespace: namespace,
        LastAuthenticated: latest.lastUsedAt.toISOString(),
        LastAuthenticatedEntity: latest.principalArn,
        LastAuthenticatedRegion: latest.region,
        TotalAuthenticatedEntities: new Set(serviceUses.map((u) => u.principalArn)).size,
      };
      if (granularity === 'ACTION_LEVEL') {
        const byAction = new Map<string, ActionUse>();
        for (const use of serviceUses) {
          const seen = byAction.get(use.action);
          if (!seen || use.lastUsedAt > seen.lastUsedAt) byAction.set(use.action, use);
        }
        entry.TrackedActionsLastAccessed = [...byAction.values()]
          .sort((a, b) => a.action.localeCompare(b.action))
          .map((use) => ({
            ActionName: use.action,
            LastAccessedEntity: use.lastUsedBy,
            LastAccessedTime: use.lastUsedAt.toISOString(),
            LastAccessedRegion: use.region,
          }));
      }
      return entry;
    });
}
