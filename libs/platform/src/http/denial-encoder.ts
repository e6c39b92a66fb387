import type { FastifyRequest } from 'fastify';

/** Provided by the auth library: seals the explanation of an AccessDenied (see DenialEncoder). */
export const DENIAL_ENCODER = Symbol('DenialEncoder');

/**
 * Seals an encoded authorization message for an AccessDenied that carries
 * none (a denial decided by a handler rather than by the policy engine), from
 * what the request knows (its authenticated principal, its context). Lives
 * here as a port: the error filter is platform's, the key ring auth's.
 */
export interface DenialEncoder {
  encodeDenial(request: FastifyRequest, message: string): string | undefined;
}
