import { ApiSchemas } from '@iam/service-kit';

/** CreateVirtualMFADevice's answer (NewVirtualMfaDevice): the one time the seed is shown. */
export const newVirtualMfaDeviceSchema = ApiSchemas.object({
  serialNumber: ApiSchemas.string,
  base32StringSeed: ApiSchemas.string,
  otpauthUri: ApiSchemas.string,
});

/** VirtualMfaDeviceView: a device, and the user it is enabled for if any (never a seed). */
export const virtualMfaDeviceSchema = ApiSchemas.object(
  {
    serialNumber: ApiSchemas.string,
    enableDate: ApiSchemas.dateTime,
    user: ApiSchemas.object({
      userName: ApiSchemas.string,
      userId: ApiSchemas.string,
      arn: ApiSchemas.string,
    }),
  },
  ['enableDate', 'user'],
);

/** MfaDeviceView: a device enabled for a user. */
export const mfaDeviceSchema = ApiSchemas.object({
  userName: ApiSchemas.string,
  serialNumber: ApiSchemas.string,
  enableDate: ApiSchemas.dateTime,
});
