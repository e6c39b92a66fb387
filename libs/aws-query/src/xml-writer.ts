import { XMLBuilder } from 'fast-xml-parser';
import { upperFirst } from './member-names';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
});

/** Members holding a policy document: AWS answers them URL-encoded (RFC 3986), wherever they appear. */
const POLICY_DOCUMENTS = new Set(['PolicyDocument', 'AssumeRolePolicyDocument', 'Document']);

/**
 * `<CreateUserResponse xmlns=…><CreateUserResult>…</CreateUserResult>
 * <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></CreateUserResponse>`;
 * an action whose result AWS leaves empty has no Result element.
 */
export function responseXml(
  action: string,
  xmlns: string,
  result: Record<string, unknown> | undefined,
  requestId: string,
): string {
  const body: Record<string, unknown> = { '@_xmlns': xmlns };
  if (result !== undefined) body[`${action}Result`] = xmlValue(result);
  body.ResponseMetadata = { RequestId: requestId };
  return builder.build({ [`${action}Response`]: body }) as string;
}

/** `<ErrorResponse xmlns=…><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`. */
export function errorXml(
  xmlns: string,
  error: { status: number; code: string; message: string },
  requestId: string,
): string {
  return builder.build({
    ErrorResponse: {
      '@_xmlns': xmlns,
      Error: { Type: error.status >= 500 ? 'Receiver' : 'Sender', Code: error.code, Message: error.message },
      RequestId: requestId,
    },
  }) as string;
}

/**
 * Our JSON answer as AWS's XML: names upper-camel, lists as `member`
 * elements (an empty list as an empty element), maps given as `entry`
 * lists already, absent and null values left out, policy documents
 * URL-encoded.
 */
function xmlValue(value: unknown, member?: string): unknown {
  if (Array.isArray(value)) return value.length === 0 ? '' : { member: value.map((item) => xmlValue(item)) };
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (inner === null || inner === undefined) continue;
      if (key === 'entry' && Array.isArray(inner)) {
        // A map: one `entry` element per key, with the protocol's lower-case `key` and `value`.
        out.entry = (inner as { key: string; value: unknown }[]).map((e) => ({
          key: e.key,
          value: xmlValue(e.value),
        }));
        continue;
      }
      const name = upperFirst(key);
      out[name] = xmlValue(inner, name);
    }
    return out;
  }
  if (typeof value === 'string' && member !== undefined && POLICY_DOCUMENTS.has(member))
    return encodeURIComponent(value);
  return value;
}
