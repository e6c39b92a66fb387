/** Sealed seeds are bound to their device: a blob moved to another device does not open. */
export const seedAssociatedData = (serialNumber: string) => `mfa-seed:${serialNumber}`;
