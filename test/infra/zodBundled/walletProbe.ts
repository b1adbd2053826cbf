/**
 * `probe.ts` where the wallet functions run: the OpenID4VCI libraries loaded (they install
 * their own zod error map, which then words every message of the process), and the wallet
 * protocol's library-validated requests — the token request's form and the credential
 * request's key proof — answered with their protocol error.
 */
import { WalletProtocol, WalletProtocolError } from '#shared/domain/wallet/openid4vci.ts';
import { answerTo, type Probe } from './probe.ts';

type WalletRequest = {
  route: 'POST /v1/wallet/token' | 'POST /v1/wallet/credential';
  input: Record<string, unknown>;
};
export type WalletProbe = Probe | WalletRequest;

const isWalletRequest = (probe: WalletProbe): probe is WalletRequest =>
  probe.route === 'POST /v1/wallet/token' || probe.route === 'POST /v1/wallet/credential';

const wallet = new WalletProtocol('https://credentials.example.gov.cn');

function walletAnswerTo(probe: WalletProbe): unknown {
  if (!isWalletRequest(probe)) return answerTo(probe);
  try {
    return probe.route === 'POST /v1/wallet/token'
      ? { ok: wallet.preAuthorizedCodeOf(probe.input, {}) }
      : { ok: wallet.proofOf(probe.input) };
  } catch (error) {
    if (!(error instanceof WalletProtocolError)) throw error;
    return { error: error.error, description: error.description, status: error.status };
  }
}

/** Each probe's answer, as JSON. */
export function answers(probes: readonly WalletProbe[]): string {
  return JSON.stringify(probes.map(walletAnswerTo));
}
