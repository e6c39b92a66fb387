/**
 * An error of a wire protocol itself (the AWS Query protocol's
 * `InvalidAction`, `MissingAction`…), whose code is not one of the IAM
 * error codes: answered with its own code and status.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
