import type { ErrorRenderer } from '@iam/platform';
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
    .send(errorXml(xmlns, error, requestId));
};
