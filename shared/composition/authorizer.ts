/**
 * The identity providers the authorizer trusts: in AWS each provider's JWKS over HTTPS,
 * fetched by jose and cached across invocations of the same instance (`createRemoteJWKSet`
 * refetches when a token names an unknown `kid`, at most once per cooldown); locally the
 * dev-token keys in DATA_DIR, loaded only when the local stack runs.
 */
import { createRemoteJWKSet } from 'jose';
import { type Config, ConfigurationError, type IdentityProviderConfig } from '../config.ts';
import { environmentVariables as v } from '../definitions/environment.ts';
import type { IdentityProvider, IdentityProviders } from '../http/authorizer.ts';

const JWKS_OPTIONS = {
  timeoutDuration: 3_000,
  cooldownDuration: 30_000,
  cacheMaxAge: 10 * 60_000,
};

function remoteProvider(
  provider: IdentityProviderConfig,
  names: { issuer: string; audience: string; jwksUrl: string },
): IdentityProvider {
  const { issuer, audience, jwksUrl } = provider;
  if (!issuer || !audience || !jwksUrl) {
    throw new ConfigurationError(
      `${names.issuer}, ${names.audience} and ${names.jwksUrl} must be set when KEY_PROVIDER=kms`,
    );
  }
  return { issuer, audience, keys: createRemoteJWKSet(new URL(jwksUrl), JWKS_OPTIONS) };
}

export async function composeAuthorizer(config: Config): Promise<IdentityProviders> {
  if (config.keyProvider !== 'kms') {
    const { localIdentityProviders } = await import('../adapters/local/devTokens.ts');
    return localIdentityProviders(config.dataDir);
  }
  return {
    citizens: remoteProvider(config.identityProviders.citizens, {
      issuer: v.citizenTokenIssuer.name,
      audience: v.citizenTokenAudience.name,
      jwksUrl: v.citizenJwksUrl.name,
    }),
    staff: remoteProvider(config.identityProviders.staff, {
      issuer: v.staffTokenIssuer.name,
      audience: v.staffTokenAudience.name,
      jwksUrl: v.staffJwksUrl.name,
    }),
  };
}
