/** The one error shape every service answers with. */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

export function errorBody(code: string, message: string, requestId: string): ErrorBody {
  return { error: { code, message, requestId } };
}
