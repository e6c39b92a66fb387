/** JSON Schemas of every event payload, by event type (generated from this library's types). */
export interface EventSchemas {
  /** Event type -> the name of its payload's schema in `schemas`. */
  payloads: Record<string, string>;
  /** Named schemas (AsyncAPI components), refs as `#/components/schemas/<name>`. */
  schemas: Record<string, Record<string, unknown>>;
}
