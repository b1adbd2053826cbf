/**
 * The API's Lambda authorizer (REQUEST): a valid token of the right provider whose role the
 * route admits → Allow with the caller as context; a role the route does not admit → Deny
 * (403); no usable token → `Unauthorized` (401); a provider that cannot be asked for its keys
 * → an error, which the edge answers 503 with Retry-After. Never logs the token or a claim.
 */
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { composeAuthorizer } from '#shared/composition/authorizer.ts';
import { clockOf } from '#shared/composition/clock.ts';
import { readConfig } from '#shared/config.ts';
import { AUTHORIZER_FAILURE, authorizeRequest, Unauthorized } from '#shared/http/authorizer.ts';
import { logger } from '#shared/observability.ts';

const config = readConfig();
const providers = await composeAuthorizer(config);
const clock = clockOf(config);

export async function handler(
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  try {
    const result = await authorizeRequest(event, providers, clock);
    if (result.policyDocument.Statement[0]?.Effect === 'Deny') {
      logger.info('route denied to role', { route: `${event.httpMethod} ${event.resource}` });
    }
    return result;
  } catch (error) {
    if (error instanceof Unauthorized) throw error;
    logger.error(AUTHORIZER_FAILURE, {
      errorName: (error as Error).name,
      causeName: ((error as Error).cause as Error | undefined)?.name,
    });
    throw new Error(AUTHORIZER_FAILURE);
  }
}
