import { Inject, Injectable } from '@nestjs/common';
import { RolesQueries, type StsRole } from './roles.queries';

/**
 * How long AssumeRole may decide on a role as read from the roles
 * projection: a change to a role (its trust policy, its maximum session
 * duration, its deletion) governs AssumeRole at most this long after sts's
 * projection holds it, in every sts process. With the propagation from
 * identity (tens of milliseconds) that stays inside the one-second
 * consistency window, so no cached role can trust anyone for longer than
 * the window allows.
 */
export const ROLE_CACHE_MS = 250;

/** Roles remembered at most (by account and name); the oldest are forgotten first. */
const ROLES_REMEMBERED = 10_000;

interface Remembered {
  role: StsRole;
  readAt: number;
}

/**
 * The roles AssumeRole reads, remembered in memory for ROLE_CACHE_MS (its
 * one database read per request was a round trip on every issuance). The
 * process whose projection applies a role event forgets every role at once
 * (`forget`); other processes of sts, which may not see that event (a
 * consumer group splits the topic), rely on the expiry. A role not found is
 * not remembered: a role created a moment ago is assumable as soon as the
 * projection has it.
 */
@Injectable()
export class CachedRoles {
  private readonly roles = new Map<string, Remembered>();
  /** Bumped by `forget`: a read that started before it is not remembered, nor joined. */
  private generation = 0;
  /** Reads of the projection under way, by key, with the generation they began in. */
  private readonly reading = new Map<string, { generation: number; read: Promise<StsRole | undefined> }>();

  constructor(@Inject(RolesQueries) private readonly queries: RolesQueries) {}

  async byName(accountId: string, roleName: string): Promise<StsRole | undefined> {
    const key = `${accountId}/${roleName.toLowerCase()}`;
    const remembered = this.roles.get(key);
    if (remembered && Date.now() - remembered.readAt < ROLE_CACHE_MS) return remembered.role;
    // Requests that miss together share one read (under load, every request
    // in flight when the role's time ran out would otherwise read it), unless
    // it began before a forget.
    const pending = this.reading.get(key);
    if (pending && pending.generation === this.generation) return pending.read;
    const generation = this.generation;
    const read = this.read(key, accountId, roleName, generation).finally(() => {
      if (this.reading.get(key)?.read === read) this.reading.delete(key);
    });
    this.reading.set(key, { generation, read });
    return read;
  }

  private async read(
    key: string,
    accountId: string,
    roleName: string,
    generation: number,
  ): Promise<StsRole | undefined> {
    const readAt = Date.now();
    const role = await this.queries.byName(accountId, roleName);
    if (!role) {
      this.roles.delete(key);
      return undefined;
    }
    if (generation === this.generation) {
      if (this.roles.size >= ROLES_REMEMBERED && !this.roles.has(key))
        this.roles.delete(this.roles.keys().next().value as string);
      this.roles.set(key, { role, readAt });
    }
    return role;
  }

  /** A role changed in the projection: every remembered role is read again (role changes are rare). */
  forget(): void {
    this.generation++;
    this.roles.clear();
  }
}
