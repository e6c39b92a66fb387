import type { Provider } from '@nestjs/common';
import { SERVICE_CONFIG, TTL_STORE, type ServiceEnvironment } from '@iam/platform';
import type { TtlStore } from '@iam/ttl-store';
import { Totp } from './totp';

/**
 * How long a used code is remembered: a time step's code is accepted from
 * `window.future` steps before the step until `window.past` steps after it,
 * so four steps (120 s) cover every instant it could still be accepted.
 */
export const MFA_CODE_REMEMBERED_SECONDS = (Totp.window.past + Totp.window.future + 1) * Totp.period;

/**
 * Each MFA code (a device's serial number and a time step) is accepted once
 * in the whole system: identity (EnableMFADevice's successors, ChangePassword,
 * its MfaCodeVerifier) and sts (AssumeRole, GetSessionToken, sign-in) claim
 * it here before accepting it, in the TTL store every service and replica
 * shares (Redis in distributed mode). sts cannot read identity's device
 * streams, and identity's record of the last used step reaches sts only
 * later through Kafka: without one shared claim a code used at one could be
 * replayed at the other inside its window.
 */
export class MfaCodeOnce {
  constructor(
    private readonly store: TtlStore,
    private readonly options: { namespace?: string } = {},
  ) {}

  /**
   * True when this call is the first to use the code of `serialNumber` at
   * `timeStep`; `by` (the request id) is kept as the claim's value, to trace
   * which request used a code.
   */
  claim(serialNumber: string, timeStep: number, by = 'claimed'): Promise<boolean> {
    return this.store.setIfAbsent(
      `${this.options.namespace ?? ''}mfa-step:${serialNumber}:${timeStep}`,
      by,
      MFA_CODE_REMEMBERED_SECONDS,
    );
  }

  /** The first of `timeSteps` (latest first) whose code nobody has used yet; undefined when none. */
  async claimFirst(
    serialNumber: string,
    timeSteps: readonly number[],
    by?: string,
  ): Promise<number | undefined> {
    for (const step of timeSteps) {
      if (await this.claim(serialNumber, step, by)) return step;
    }
    return undefined;
  }
}

/** The guard of a service module (identity, sts), namespaced like the schemas (IAM_SCHEMA_PREFIX). */
export const MfaCodeOnceProvider: Provider = {
  provide: MfaCodeOnce,
  inject: [TTL_STORE, SERVICE_CONFIG],
  useFactory: (store: TtlStore, config: ServiceEnvironment) =>
    new MfaCodeOnce(store, { namespace: config.IAM_SCHEMA_PREFIX }),
};
