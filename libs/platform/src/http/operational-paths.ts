/** Probes, scrapes and docs: not API calls (never traced, never in the access trail). */
export const OPERATIONAL_PATHS = /^\/(health|metrics|docs)([/?]|$)/;
