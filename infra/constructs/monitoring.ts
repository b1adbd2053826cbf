/**
 * Alarms, all acting on one encrypted SNS topic. docs/deploy.md says what to do when each
 * fires. KMS throttling is watched two ways, both from metrics that exist:
 *  - `AWS/Usage` `CallCount` (Service KMS, Type API, Class None) for the shared quotas
 *    "Cryptographic operations (symmetric)" (GenerateMac, GenerateDataKey, Decrypt) and
 *    "(ECC)" (Sign), as requests per second against the account's quota — the warning
 *    before throttling;
 *  - a metric filter counting the functions' own "request failed" log lines whose
 *    dependency is `kms` and cause `ThrottlingException` — throttling that happened.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  type Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { pascalCase } from '../naming.ts';
import type { SealedRecordsFunction } from './sealedRecordsFunction.ts';

/** Namespace of the metrics this stack derives from logs. */
export const OPERATIONS_NAMESPACE = 'SealedRecords/Operations';

export type MonitoringProps = {
  encryptionKey: IKey;
  alarmEmail?: string;
  functions: readonly SealedRecordsFunction[];
  originStage: HttpStage;
  edgeApi: RestApi;
  /** Dead-letter queues: a message there is work the sealing service gave up on. */
  deadLetterQueues: readonly { name: string; queue: IQueue }[];
  apiLatencyP99Millis: number;
  kmsSymmetricQuotaPerSecond: number;
  kmsEccQuotaPerSecond: number;
  kmsQuotaAlarmRatio: number;
};

export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `${stack.stackName} alarms`,
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    }
    const action = new SnsAction(this.alarmTopic);
    const notify = (created: Alarm): void => {
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
    };
    /** Alarms on any occurrence within five minutes: each of these means a caller was failed. */
    const alarmOnAny = (alarmId: string, metric: Metric, description: string): void =>
      notify(
        metric.createAlarm(this, alarmId, {
          alarmDescription: description,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    const fiveMinuteSum = { period: Duration.minutes(5), statistic: 'Sum' };

    for (const fn of props.functions) {
      const name = pascalCase(fn.definition.name);
      alarmOnAny(
        `${name}ErrorsAlarm`,
        fn.metricErrors(fiveMinuteSum),
        `${fn.definition.name}: invocations failed (unhandled errors).`,
      );
      alarmOnAny(
        `${name}ThrottlesAlarm`,
        fn.metricThrottles(fiveMinuteSum),
        `${fn.definition.name}: invocations throttled (reserved concurrency reached).`,
      );
      new MetricFilter(this, `${name}KmsThrottlingFilter`, {
        logGroup: fn.functionLogGroup,
        metricNamespace: OPERATIONS_NAMESPACE,
        metricName: 'KmsThrottlingExceptions',
        filterPattern: FilterPattern.all(
          FilterPattern.stringValue('$.dependency', '=', 'kms'),
          FilterPattern.stringValue('$.causeName', '=', 'ThrottlingException'),
        ),
        metricValue: '1',
      });
    }

    for (const { name, queue } of props.deadLetterQueues) {
      alarmOnAny(
        `${pascalCase(name)}DeadLettersAlarm`,
        queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        `${name}: messages in the dead-letter queue — records whose effects on other records ` +
          '(unsealing, supersession, marks, notices) were not applied; they stay effectsPending. ' +
          'Fix the cause, then redrive the messages to the source queue.',
      );
    }

    // Deadlines the law sets: an inquiry decided within 3 working days (RULES.md §5), a
    // sealing notice confirmed within 3 days (IM arts. 11–13), an opinion replied to by its
    // due date (SPP art. 553). Counted hourly by the overdue-metrics function.
    for (const [metricName, what] of [
      ['OverdueInquiries', 'inquiry applications past their decision day'],
      ['OverdueNotices', 'sealing notices past their confirmation day'],
      ['OverdueOpinions', 'corrective opinions past their reply day'],
    ] as const) {
      alarmOnAny(
        `${metricName}Alarm`,
        new Metric({
          namespace: 'SealedRecords',
          metricName,
          dimensionsMap: { service: 'sealed-records' },
          period: Duration.hours(1),
          statistic: 'Maximum',
        }),
        `${what}: see GET /v1/oversight/summary for the agencies concerned.`,
      );
    }

    alarmOnAny(
      'Api5xxAlarm',
      props.originStage.metricServerError(fiveMinuteSum),
      'HTTP API answered 5xx: a dependency failed (503, fail closed) or a function broke.',
    );
    notify(
      props.originStage
        .metricLatency({ period: Duration.minutes(5), statistic: 'p99' })
        .createAlarm(this, 'ApiLatencyP99Alarm', {
          alarmDescription: `HTTP API p99 latency above ${props.apiLatencyP99Millis} ms.`,
          threshold: props.apiLatencyP99Millis,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
    alarmOnAny(
      'Edge5xxAlarm',
      props.edgeApi.metricServerError(fiveMinuteSum),
      'Public edge answered 5xx: origin unreachable (mutual TLS, DNS) or origin 5xx.',
    );

    const kmsRequestRate = (resource: string, label: string) =>
      new MathExpression({
        expression: 'calls / 60',
        label,
        period: Duration.minutes(1),
        usingMetrics: {
          calls: new Metric({
            namespace: 'AWS/Usage',
            metricName: 'CallCount',
            dimensionsMap: { Service: 'KMS', Type: 'API', Resource: resource, Class: 'None' },
            statistic: 'Sum',
            period: Duration.minutes(1),
          }),
        },
      });
    for (const [alarmId, resource, quota, what] of [
      [
        'KmsSymmetricRequestRate',
        'CryptographicOperationsSymmetric',
        props.kmsSymmetricQuotaPerSecond,
        'symmetric and HMAC (GenerateMac, GenerateDataKey, Decrypt)',
      ],
      ['KmsEccRequestRate', 'CryptographicOperationsEcc', props.kmsEccQuotaPerSecond, 'ECC (Sign)'],
    ] as const) {
      notify(
        kmsRequestRate(resource, `KMS ${what} requests per second`).createAlarm(
          this,
          `${alarmId}Alarm`,
          {
            alarmDescription:
              `KMS ${what} requests above ${Math.round(props.kmsQuotaAlarmRatio * 100)}% of the ` +
              `${quota}/s account quota in this region; raise the quota before it throttles.`,
            threshold: quota * props.kmsQuotaAlarmRatio,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          },
        ),
      );
    }
    alarmOnAny(
      'KmsThrottlingAlarm',
      new Metric({
        namespace: OPERATIONS_NAMESPACE,
        metricName: 'KmsThrottlingExceptions',
        ...fiveMinuteSum,
      }),
      'KMS throttled requests of this service (ThrottlingException); those requests got 503.',
    );

    // Key administration is allowed to the account (lock-out safety); any use of it is news.
    // Needs a CloudTrail trail in the region: EventBridge receives API calls through it.
    new Rule(this, 'KeyAdministrationRule', {
      description: 'Key policy changes, key disabling or scheduled deletion in this region.',
      eventPattern: {
        source: ['aws.kms'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['kms.amazonaws.com'],
          eventName: [
            'PutKeyPolicy',
            'DisableKey',
            'ScheduleKeyDeletion',
            'DisableKeyRotation',
            'CancelKeyDeletion',
          ],
        },
      },
      targets: [new SnsTopic(this.alarmTopic)],
    });
  }
}
