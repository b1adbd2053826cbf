/**
 * A Lambda proxy integration whose invoke permission is scoped to the route's path on the
 * edge stage, for any of that path's methods: one `AWS::Lambda::Permission` per function and
 * path, where `LambdaIntegration` makes one per method (GET and its HEAD twice, a path with
 * several methods once each). The function is still invoked only from its own routes — the
 * methods of one path that API Gateway integrates with it — and the stack stays within
 * CloudFormation's 500 resources. No test-invoke permission (the console's test button).
 */
import { Lazy, Names, Token } from 'aws-cdk-lib';
import { AwsIntegration, type IntegrationConfig, type Method } from 'aws-cdk-lib/aws-apigateway';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  type CfnFunction,
  type IFunction,
  Function as LambdaFunction,
} from 'aws-cdk-lib/aws-lambda';

export class PathScopedLambdaIntegration extends AwsIntegration {
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
    const id = `ApiPermission.${Names.nodeUniqueId(handler.node)}`;
    // Methods of one path share a resource: the first bound there grants the path.
    if (!method.resource.node.tryFindChild(id)) {
      const api = method.api;
      const path = method.resource.path.replace(/\{[^}]*\}/g, '*');
      handler.addPermission(id, {
        principal: new ServicePrincipal('apigateway.amazonaws.com'),
        scope: method.resource,
        sourceArn: Lazy.string({
          produce: () => api.arnForExecuteApi('*', path, api.deploymentStage.stageName),
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
