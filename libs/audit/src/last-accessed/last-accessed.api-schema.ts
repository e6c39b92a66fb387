import { ApiSchemas } from '@iam/service-kit';

/** GenerateServiceLastAccessedDetails' answer. */
export const lastAccessedJobSchema = ApiSchemas.object({ jobId: ApiSchemas.string });

const trackedAction = ApiSchemas.object({
  ActionName: ApiSchemas.string,
  LastAccessedEntity: ApiSchemas.string,
  LastAccessedTime: ApiSchemas.dateTime,
  LastAccessedRegion: ApiSchemas.string,
});

const serviceLastAccessed = ApiSchemas.object(
  {
    ServiceName: ApiSchemas.string,
    ServiceNamespace: ApiSchemas.string,
    LastAuthenticated: ApiSchemas.dateTime,
    LastAuthenticatedEntity: ApiSchemas.string,
    LastAuthenticatedRegion: ApiSchemas.string,
    TotalAuthenticatedEntities: { type: 'integer' },
    TrackedActionsLastAccessed: { type: 'array', items: trackedAction },
  },
  ['TrackedActionsLastAccessed'],
);

/** GetServiceLastAccessedDetails' answer, with AWS's member names. */
export const lastAccessedDetailsSchema = ApiSchemas.object(
  {
    JobStatus: { type: 'string', enum: ['COMPLETED'] },
    JobType: { type: 'string', enum: ['SERVICE_LEVEL', 'ACTION_LEVEL'] },
    JobCreationDate: ApiSchemas.dateTime,
    JobCompletionDate: ApiSchemas.dateTime,
    ServicesLastAccessed: { type: 'array', items: serviceLastAccessed },
    IsTruncated: { type: 'boolean' },
    Marker: ApiSchemas.string,
  },
  ['Marker'],
);
