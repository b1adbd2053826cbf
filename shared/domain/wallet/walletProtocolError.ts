/** A request the protocol refuses: the OAuth 2.0 / OpenID4VCI error code and its status. */
export class WalletProtocolError extends Error {
  override name = 'WalletProtocolError';
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(`${error}: ${description}`);
  }
}
