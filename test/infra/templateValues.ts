/**
 * The values CloudFormation would give a synthesized template's references, as plausible
 * placeholders: one account, the stack's region and partition, a physical name per logical
 * ID (table and function names, key IDs, queue URLs, bucket names) and the ARNs made from
 * them — the same for a `Ref` in a function's environment and a `Fn::GetAtt … Arn` in a
 * policy, so that what a function is told and what it is granted can be compared as AWS
 * would compare them.
 */

export const PLACEHOLDER_ACCOUNT = '111122223333';

type Intrinsic = Record<string, unknown>;
export type TemplateJson = {
  Parameters?: Record<string, { Default?: unknown }>;
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
};

export type TemplateValues = {
  region: string;
  partition: string;
  account: string;
  /** Resolves every intrinsic in `value`; strings and plain data pass unchanged. */
  resolve(value: unknown): unknown;
  /** `resolve`, for a value that must come out as a string. */
  text(value: unknown): string;
  /** A function's `Environment.Variables`, every reference resolved. */
  environmentOf(functionLogicalId: string): Record<string, string>;
  /** The ARN of the resource with this logical ID. */
  arnOf(logicalId: string): string;
};

/** What a deployer passes for a stack parameter without a default (the identity providers). */
function parameterValue(name: string): string {
  if (name.endsWith('Audience')) return 'sealed-records-api';
  if (name.endsWith('CertificateArn')) {
    return `arn:aws-cn:acm:cn-north-1:${PLACEHOLDER_ACCOUNT}:certificate/placeholder`;
  }
  return `https://login.example.gov.cn/${name}`;
}

export function templateValues(
  template: TemplateJson,
  options: { region: string; partition?: string; urlSuffix?: string },
): TemplateValues {
  const region = options.region;
  const partition = options.partition ?? (region.startsWith('cn-') ? 'aws-cn' : 'aws');
  const urlSuffix =
    options.urlSuffix ?? (partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com');
  const account = PLACEHOLDER_ACCOUNT;
  const pseudo: Record<string, string> = {
    'AWS::AccountId': account,
    'AWS::Region': region,
    'AWS::Partition': partition,
    'AWS::URLSuffix': urlSuffix,
    'AWS::StackName': 'SealedRecords',
    'AWS::NoValue': '',
  };

  const resourceOf = (logicalId: string) => {
    const resource = template.Resources[logicalId];
    if (!resource) throw new Error(`no resource ${logicalId} in the template`);
    return resource;
  };

  /** The physical name CloudFormation would generate (or the one the template fixes). */
  const nameOf = (logicalId: string): string => {
    const { Type, Properties = {} } = resourceOf(logicalId);
    const fixed = {
      'AWS::S3::Bucket': 'BucketName',
      'AWS::SQS::Queue': 'QueueName',
      'AWS::DynamoDB::Table': 'TableName',
      'AWS::Lambda::Function': 'FunctionName',
      'AWS::Logs::LogGroup': 'LogGroupName',
      'AWS::IAM::Role': 'RoleName',
      'AWS::StepFunctions::StateMachine': 'StateMachineName',
    }[Type];
    if (fixed && Properties[fixed] !== undefined) return text(Properties[fixed]);
    switch (Type) {
      case 'AWS::S3::Bucket':
        return `sealedrecords-${logicalId.toLowerCase()}`;
      case 'AWS::SQS::Queue':
        return `SealedRecords-${logicalId}${Properties.FifoQueue ? '.fifo' : ''}`;
      case 'AWS::Logs::LogGroup':
        return `/sealed-records/${logicalId}`;
      case 'AWS::KMS::Key':
        // A key ID: a UUID in AWS, unique per key here.
        return `key-${logicalId}`;
      default:
        return `SealedRecords-${logicalId}`;
    }
  };

  const arnOf = (logicalId: string): string => {
    const { Type } = resourceOf(logicalId);
    const name = nameOf(logicalId);
    const regional = (service: string, resource: string) =>
      `arn:${partition}:${service}:${region}:${account}:${resource}`;
    switch (Type) {
      case 'AWS::DynamoDB::Table':
        return regional('dynamodb', `table/${name}`);
      case 'AWS::KMS::Key':
        return regional('kms', `key/${name}`);
      case 'AWS::SQS::Queue':
        return regional('sqs', name);
      case 'AWS::Lambda::Function':
        return regional('lambda', `function:${name}`);
      case 'AWS::Logs::LogGroup':
        return regional('logs', `log-group:${name}:*`);
      case 'AWS::IAM::Role':
        return `arn:${partition}:iam::${account}:role/${name}`;
      case 'AWS::S3::Bucket':
        return `arn:${partition}:s3:::${name}`;
      case 'AWS::StepFunctions::StateMachine':
        return regional('states', `stateMachine:${name}`);
      case 'AWS::SNS::Topic':
        return regional('sns', name);
      case 'AWS::Events::Rule':
        return regional('events', `rule/${name}`);
      case 'AWS::WAFv2::WebACL':
        return regional('wafv2', `regional/webacl/${name}/placeholder`);
      default:
        return regional(Type.split('::')[1]?.toLowerCase() ?? 'unknown', name);
    }
  };

  const ref = (name: string): string => {
    if (name in pseudo) return pseudo[name] as string;
    if (template.Parameters?.[name]) {
      const fallback = template.Parameters[name]?.Default;
      return fallback !== undefined ? String(fallback) : parameterValue(name);
    }
    const { Type } = resourceOf(name);
    switch (Type) {
      case 'AWS::SQS::Queue':
        return `https://sqs.${region}.${urlSuffix}/${account}/${nameOf(name)}`;
      case 'AWS::StepFunctions::StateMachine':
      case 'AWS::SNS::Topic':
        return arnOf(name);
      default:
        return nameOf(name);
    }
  };

  const getAtt = (logicalId: string, attribute: string): string => {
    switch (attribute) {
      case 'Arn':
        return arnOf(logicalId);
      case 'QueueName':
      case 'Name':
      case 'KeyId':
        return nameOf(logicalId);
      case 'QueueUrl':
        return ref(logicalId);
      case 'StreamArn':
        // A table's stream: its ARN under the table's, labelled by when it was enabled.
        return `${arnOf(logicalId)}/stream/1970-01-01T00:00:00.000`;
      default:
        return `${logicalId}.${attribute}`;
    }
  };

  function resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    const intrinsic = value as Intrinsic;
    const keys = Object.keys(intrinsic);
    const [only] = keys;
    if (keys.length === 1 && only !== undefined && (only === 'Ref' || only.startsWith('Fn::'))) {
      const argument = intrinsic[only];
      switch (only) {
        case 'Ref':
          return ref(argument as string);
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = (
            typeof argument === 'string' ? argument.split('.') : argument
          ) as [string, string];
          return getAtt(logicalId, attribute);
        }
        case 'Fn::Join': {
          const [separator, parts] = argument as [string, unknown[]];
          return (resolve(parts) as unknown[]).map((part) => text(part)).join(separator);
        }
        case 'Fn::Split': {
          const [separator, source] = argument as [string, unknown];
          return text(source).split(separator);
        }
        case 'Fn::Select': {
          const [index, list] = argument as [number, unknown];
          return (resolve(list) as unknown[])[Number(index)];
        }
        case 'Fn::Sub': {
          const [pattern, variables = {}] = (
            typeof argument === 'string' ? [argument] : argument
          ) as [string, Record<string, unknown>];
          return pattern.replace(/\$\{([^}]+)\}/g, (_match, name: string) =>
            name in variables
              ? text(variables[name])
              : name.includes('.')
                ? getAtt(...(name.split('.') as [string, string]))
                : ref(name),
          );
        }
        default:
          throw new Error(`cannot resolve ${only}`);
      }
    }
    return Object.fromEntries(Object.entries(intrinsic).map(([k, v]) => [k, resolve(v)]));
  }

  function text(value: unknown): string {
    const resolved = resolve(value);
    if (typeof resolved !== 'string') {
      throw new Error(`not a string: ${JSON.stringify(value)}`);
    }
    return resolved;
  }

  return {
    region,
    partition,
    account,
    resolve,
    text,
    arnOf,
    environmentOf(functionLogicalId) {
      const properties = resourceOf(functionLogicalId).Properties ?? {};
      const variables =
        (properties.Environment as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables ?? {};
      return Object.fromEntries(
        Object.entries(variables).map(([name, value]) => [name, text(value)]),
      );
    },
  };
}
