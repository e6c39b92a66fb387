/** The one error shape every service answers with. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    /** AccessDenied only: the decision's explanation, sealed (sts's DecodeAuthorizationMessage reads it). */
    encodedAuthorizationMessage?: string;
  };
}

export function errorBody(
  code: string,
  message: string,
  requestId: string,
  encodedAuthorizationMessage?: string,
): ErrorBody {
  return {
    error: {
      code,
      message,
      requestId,
      ...(encodedAuthorizationMessage === undefined ? {} : { encodedAuthorizationMessage }),
    },
  };
}
