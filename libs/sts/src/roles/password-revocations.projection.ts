import { IdentityEventTypes as T, type IdentityEvent } from '@iam/contracts';
import type { EventsOf, Projection, Queryable } from '@iam/event-store';
import type { SessionStore } from '@iam/auth';

const handled = [T.LoginProfileDeleted, T.LoginProfileUpdated] as const;
type PasswordEvent = EventsOf<IdentityEvent, typeof handled>;

/** Older events than this concern no live session (the longest lasts 36 h); a replay of them does nothing. */
const LONGEST_SESSION_MS = 129_600_000;

/**
 * A user's sessions end when its password is deleted, or replaced by an
 * administrator (UpdateLoginProfile with a new password), as a console
 * session ends with its password: every session issued to the user at or
 * before the event stops working (a revocation marker in the session store,
 * read by every service on every request). The event's own time is used,
 * so a replay never ends a session issued after it. Deletion of the user
 * or of a key, and deactivation of a key, need nothing here: every service
 * checks those against its credentials projection at verification.
 */
export class PasswordRevocationsProjection implements Projection<PasswordEvent> {
  readonly name = 'password-revocations';
  readonly version = 1;
  readonly handles = handled;

  constructor(
    private readonly sessions: SessionStore,
    private readonly now: () => number = Date.now,
  ) {}

  async apply(_tx: Queryable, event: PasswordEvent): Promise<void> {
    if (event.type === T.LoginProfileUpdated && !event.payload.passwordHashId) return;
    const at = Date.parse(event.occurredAt);
    if (!Number.isFinite(at) || this.now() - at > LONGEST_SESSION_MS) return;
    await this.sessions.revokeIssuedBefore(event.payload.userId, at);
  }
}
