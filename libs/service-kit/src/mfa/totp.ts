import { timingSafeEqual } from 'node:crypto';
import { generateSecret } from '@otplib/core';
import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { generateSync } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';
import { validationError } from '@iam/contracts';
import { base32Plugin } from './otplib-base32';

const crypto = new NodeCryptoPlugin();

/**
 * TOTP as virtual MFA apps implement it (RFC 6238 with RFC 4226's defaults):
 * HMAC-SHA1, 30-second steps from the Unix epoch, 6 digits. Time comes in
 * as an argument so these functions are deterministic.
 */
export const Totp = {
  period: 30,
  digits: 6,
  algorithm: 'sha1',
  /** 20 random bytes (160 bits, RFC 4226's recommendation), 32 base32 characters. */
  seedBytes: 20,
  /**
   * Steps around the current one a code is accepted in: two behind (a code
   * typed just before it rolled over, a slow clock), one ahead (a fast clock).
   */
  window: { past: 2, future: 1 },
} as const;

export function generateSeed(): string {
  return generateSecret({ length: Totp.seedBytes, crypto, base32: base32Plugin });
}

/** The RFC 6238 time step (counter) of an instant. */
export function timeStepAt(nowMs: number): number {
  return Math.floor(nowMs / 1000 / Totp.period);
}

export function totpCode(seed: string, timeStep: number): string {
  return generateSync({
    secret: seed,
    epoch: timeStep * Totp.period,
    period: Totp.period,
    digits: Totp.digits,
    algorithm: Totp.algorithm,
    crypto,
    base32: base32Plugin,
  });
}

export function otpauthUri(seed: string, label: string, issuer: string): string {
  return generateTOTP({
    issuer,
    label,
    secret: seed,
    algorithm: Totp.algorithm,
    digits: Totp.digits,
    period: Totp.period,
  });
}

/** AWS's AuthenticationCode: exactly six digits. */
export function validateAuthenticationCode(field: string, code: unknown): asserts code is string {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code)) {
    // The value is not echoed: it may be a live code.
    throw validationError(field, '******', 'Member must be a code of 6 digits');
  }
}

function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The time steps within the window around `nowMs` whose code is `code`, latest first. */
export function matchingTimeSteps(seed: string, code: string, nowMs: number): number[] {
  const current = timeStepAt(nowMs);
  const steps: number[] = [];
  for (let step = current + Totp.window.future; step >= current - Totp.window.past; step--) {
    if (step >= 0 && sameCode(totpCode(seed, step), code)) steps.push(step);
  }
  return steps;
}

/**
 * EnableMFADevice's two codes: the second within the window, the first the
 * code of the step just before it. Undefined when they are no such pair.
 */
export function consecutiveTimeSteps(
  seed: string,
  code1: string,
  code2: string,
  nowMs: number,
): { firstTimeStep: number; secondTimeStep: number } | undefined {
  for (const second of matchingTimeSteps(seed, code2, nowMs)) {
    if (second > 0 && sameCode(totpCode(seed, second - 1), code1)) {
      return { firstTimeStep: second - 1, secondTimeStep: second };
    }
  }
  return undefined;
}
