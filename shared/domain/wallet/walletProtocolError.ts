/** A request the protocol refuses: the OAuth 2.0 / OpenID4VCI error code and its status. */
export class WalletProtocolError extends Error {
  readonly error: string;
  readonly description: string;
  readonly status: number;
  override name = 'WalletProtocolError';
  constructor(error: string, description: string, status = 400) {
    super(`${error}: ${description}`);
    this.error = error;
    this.description = description;
    this.status = status;
  }
}
