import type { DescribedError, ErrorRenderer } from '@iam/platform';
import { IAM_XMLNS } from './actions/iam-actions';
import { apiOf } from './query-api';
import { errorXml } from './xml-writer';

/**
 * Every error of the door as AWS writes it, with AWS's status: the
 * platform's exception filter calls this for the door's route, so errors
 * raised before the handler (a body that is not a form, one too large)
 * are XML as well.
 */
export const writeQueryError: ErrorRenderer = (reply, error, requestId, request) => {
  const action = (request.body as { Action?: unknown } | undefined)?.Action;
  const xmlns = (typeof action === 'string' && apiOf(action)?.xmlns) || IAM_XMLNS;
  void reply
    .status(error.status)
    .header('x-amzn-requestid', requestId)
    .type('text/xml')
    .send(errorXml(xmlns, withEncodedMessage(error), requestId));
};

/**
 * AWS carries an AccessDenied's encoded authorization message in the
 * message text (`… Encoded authorization failure message: <blob>`, as EC2
 * writes it): the Query protocol's error has no member of its own for it.
 */
function withEncodedMessage(error: DescribedError): DescribedError {
  if (error.encodedAuthorizationMessage === undefined) return error;
  return {
    ...error,
    message: `${error.message} Encoded authorization failure message: ${error.encodedAuthorizationMessage}`,
  };
}
