/**
 * A Lambda proxy integration whose invoke permission is scoped to this API's edge stage, for
 * any method and path of that stage: one `AWS::Lambda::Permission` per function and API, where
 * `LambdaIntegration` makes one per method (GET and its HEAD twice, a path with several
 * methods once each). That keeps the stack within CloudFormation's 500 resources.
 *
 * The permission is no wider in practice than one per route: API Gateway invokes a function
 * only through an integration, and this API integrates each function only with its own routes
 * (`publicEdge.ts` gives every route the integration of the function `routes.ts` names; the
 * 405 answers are mock integrations reaching no function). test/infra/api.test.ts asserts
 * both: each method's integration names its own function, and each permission names this API
 * and its stage and nothing else. Another API, another stage or the console's test-invoke
 * (no stage) cannot invoke the functions.
 */
import { Lazy, Names, Token } from 'aws-cdk-lib';
import { AwsIntegration, type IntegrationConfig, type Method } from 'aws-cdk-lib/aws-apigateway';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  type CfnFunction,
  type IFunction,
  Function as LambdaFunction,
} from 'aws-cdk-lib/aws-lambda';

export class StageScopedLambdaIntegration extends AwsIntegration {
  readonly #handler: IFunction;

  constructor(handler: IFunction) {
    super({
      proxy: true,
      service: 'lambda',
      path: `2015-03-31/functions/${handler.functionArn}/invocations`,
    });
    this.#handler = handler;
  }

  override bind(method: Method): IntegrationConfig {
    const bound = super.bind(method);
    const handler = this.#handler;
    const api = method.api;
    const id = `ApiPermission.${Names.nodeUniqueId(api.node)}`;
    // All methods of one API share the function's permission: the first bound grants it.
    if (!handler.node.tryFindChild(id)) {
      handler.addPermission(id, {
        principal: new ServicePrincipal('apigateway.amazonaws.com'),
        sourceArn: Lazy.string({
          produce: () => api.arnForExecuteApi('*', '/*', api.deploymentStage.stageName),
        }),
      });
    }
    // As `LambdaIntegration`: a function's new name redeploys the stage.
    const functionName =
      handler instanceof LambdaFunction
        ? (handler.node.defaultChild as CfnFunction).functionName
        : handler.functionName;
    return functionName === undefined || Token.isUnresolved(functionName)
      ? bound
      : { ...bound, deploymentToken: JSON.stringify({ functionName }) };
  }
}
