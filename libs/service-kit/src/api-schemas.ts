import type { SchemaObject } from '@nestjs/swagger';

/**
 * Building blocks of the OpenAPI response schemas: the JSON answers wrap an
 * entity under its name (`{ user: … }`) or a page of them (`{ users: […],
 * isTruncated, marker }`), as the controllers return them.
 */
export const ApiSchemas = {
  string: { type: 'string' } as SchemaObject,
  dateTime: { type: 'string', format: 'date-time' } as SchemaObject,
  tag: {
    type: 'object',
    required: ['key', 'value'],
    properties: { key: { type: 'string' }, value: { type: 'string' } },
  } as SchemaObject,

  /** An object with these properties, every one of them present unless listed in `optional`. */
  object(properties: Record<string, SchemaObject>, optional: string[] = []): SchemaObject {
    return {
      type: 'object',
      required: Object.keys(properties).filter((name) => !optional.includes(name)),
      properties,
    };
  },

  /** `{ <key>: <schema> }`: one entity under its name. */
  wrapped(key: string, schema: SchemaObject): SchemaObject {
    return ApiSchemas.object({ [key]: schema });
  },

  /** `{ <key>: [...], isTruncated, marker? }`: one page of a list. */
  page(key: string, item: SchemaObject): SchemaObject {
    return ApiSchemas.object(
      {
        [key]: { type: 'array', items: item },
        isTruncated: { type: 'boolean' },
        marker: { type: 'string', description: 'Pass as `marker` to get the next page (when isTruncated)' },
      },
      ['marker'],
    );
  },
};
