import { ApiSchemas } from '@iam/service-kit';

/** ServiceLastAccessedDetails (get-service-last-accessed-details.ts), in AWS's names. */
export const serviceLastAccessedDetailsSchema = ApiSchemas.object({
  JobStatus: { type: 'string', enum: ['COMPLETED'] },
  JobType: { type: 'string', enum: ['SERVICE_LEVEL', 'ACTION_LEVEL'] },
  JobCreationDate: ApiSchemas.dateTime,
  JobCompletionDate: ApiSchemas.dateTime,
  ServicesLastAccessed: {
    type: 'array',
    items: ApiSchemas.object(
      {
        ServiceName: ApiSchemas.string,
        ServiceNamespace: ApiSchemas.string,
        LastAuthenticated: ApiSchemas.dateTime,
        LastAuthenticatedEntity: { type: 'string', description: 'the ARN of the principal' },
        LastAuthenticatedRegion: ApiSchemas.string,
        TotalAuthenticatedEntities: {
          type: 'integer',
          description: 'how many of the entity’s principals (a group’s members, a policy’s holders) used it',
        },
        TrackedActionsLastAccessed: {
          type: 'array',
          description: 'ACTION_LEVEL only',
          items: ApiSchemas.object({
            ActionName: ApiSchemas.string,
            LastAccessedEntity: ApiSchemas.string,
            LastAccessedTime: ApiSchemas.dateTime,
            LastAccessedRegion: ApiSchemas.string,
          }),
        },
      },
      ['TrackedActionsLastAccessed'],
    ),
  },
  IsTruncated: { type: 'boolean', enum: [false] },
});
