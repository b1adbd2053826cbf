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
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Operation, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, MetricFilter } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { AUDIT_TAMPER_METRIC } from '#shared/adapters/cloudwatch/auditAlarm.ts';
import { AUTHORIZER_FAILURE } from '#shared/http/authorizer.ts';
import { pascalCase } from '../naming.ts';
import type { SealedRecordsFunction } from './sealedRecordsFunction.ts';

/** Namespace of the metrics this stack derives from logs. */
export const OPERATIONS_NAMESPACE = 'SealedRecords/Operations';

/** Age of the oldest message in a work queue above which the alarm fires. */
export const WORK_QUEUE_AGE_ALARM_MINUTES = 15;

export type MonitoringProps = {
  encryptionKey: IKey;
  alarmEmail?: string;
  functions: readonly SealedRecordsFunction[];
  edgeApi: RestApi;
  webAcl: CfnWebACL;
  tables: readonly { name: string; table: Table }[];
  /** Share of requests answered 4xx above which the client-error alarm fires. */
  apiClientErrorRatio: number;
  /** Dead-letter queues: a message there is work the sealing service gave up on. */
  deadLetterQueues: readonly { name: string; queue: IQueue }[];
  /** Work queues: their oldest message's age says whether the consumer keeps up. */
  workQueues: readonly { name: string; queue: IQueue }[];
  /** The audit sequencer and where its stream batches go after every retry failed. */
  auditSequencer: { fn: SealedRecordsFunction; failures: IQueue };
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
    const alarmArns = stack.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: '*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.allowPublisher('cloudwatch.amazonaws.com', 'Alarms', alarmArns, props.encryptionKey);
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

    /** An alarm on a metric that may be a math expression (IMetric has no createAlarm). */
    const alarmOnAnyOf = (alarmId: string, metric: IMetric, description: string): void =>
      notify(
        new Alarm(this, alarmId, {
          metric,
          alarmDescription: description,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    /**
     * Failed and throttled invocations of one function in five minutes, as one alarm (one
     * resource, where two kept the stack above CloudFormation's 500). FILL: a metric with no
     * point in a period (a log-derived count that matched nothing, throttles without errors)
     * adds nothing, rather than leaving the sum without a point.
     */
    const failedOrThrottled = (failures: IMetric, throttles: IMetric, label: string) =>
      new MathExpression({
        expression: 'FILL(failures, 0) + FILL(throttles, 0)',
        label,
        period: Duration.minutes(5),
        usingMetrics: { failures, throttles },
      });

    for (const fn of props.functions) {
      const name = pascalCase(fn.definition.name);
      const throttles = fn.metricThrottles(fiveMinuteSum);
      if (fn.definition.authorizes) {
        // Every 401 is a thrown `Unauthorized` — an error to Lambda, not a failure. A real
        // failure (a provider's keys unreachable, a fault) is logged as such: count those.
        new MetricFilter(this, `${name}FailuresFilter`, {
          logGroup: fn.functionLogGroup,
          metricNamespace: OPERATIONS_NAMESPACE,
          metricName: 'AuthorizerFailures',
          filterPattern: FilterPattern.stringValue('$.message', '=', AUTHORIZER_FAILURE),
          metricValue: '1',
        });
        alarmOnAnyOf(
          `${name}FailuresOrThrottlesAlarm`,
          failedOrThrottled(
            new Metric({
              namespace: OPERATIONS_NAMESPACE,
              metricName: 'AuthorizerFailures',
              ...fiveMinuteSum,
            }),
            throttles,
            `${fn.definition.name}: failures and throttled invocations`,
          ),
          `${fn.definition.name}: requests the edge answered 503 because tokens could not be ` +
            "checked (an identity provider's keys unreachable, or a fault; never a 401), or " +
            'invocations throttled (reserved concurrency reached).',
        );
      } else {
        alarmOnAnyOf(
          `${name}ErrorsOrThrottlesAlarm`,
          failedOrThrottled(
            fn.metricErrors(fiveMinuteSum),
            throttles,
            `${fn.definition.name}: errors and throttled invocations`,
          ),
          `${fn.definition.name}: invocations failed (unhandled errors) or were throttled ` +
            '(reserved concurrency reached).',
        );
      }
      if (fn.definition.schedule) {
        // A run that did not happen raises no error: its absence is the alarm.
        notify(
          fn
            .metricInvocations({ period: Duration.hours(2), statistic: 'Sum' })
            .createAlarm(this, `${name}MissedRunAlarm`, {
              alarmDescription:
                `${fn.definition.name} did not run for two hours (${fn.definition.schedule}): ` +
                'check the schedule and its target errors.',
              threshold: 1,
              evaluationPeriods: 1,
              comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
              treatMissingData: TreatMissingData.BREACHING,
            }),
        );
      }
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

    for (const { name, queue } of props.workQueues) {
      notify(
        queue
          .metricApproximateAgeOfOldestMessage({
            period: Duration.minutes(5),
            statistic: 'Maximum',
          })
          .createAlarm(this, `${pascalCase(name)}MessageAgeAlarm`, {
            alarmDescription:
              `${name}: a message has waited over ${WORK_QUEUE_AGE_ALARM_MINUTES} minutes — the ` +
              "sealing service is not keeping up or keeps failing; records' effects are late.",
            threshold: WORK_QUEUE_AGE_ALARM_MINUTES * 60,
            evaluationPeriods: 1,
            comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
      );
    }

    // EventBridge Scheduler's own failures to invoke a scheduled function.
    for (const metricName of ['TargetErrorCount', 'InvocationDroppedCount']) {
      alarmOnAny(
        `Scheduler${metricName}Alarm`,
        new Metric({
          namespace: 'AWS/Scheduler',
          metricName,
          dimensionsMap: { ScheduleGroup: 'default' },
          ...fiveMinuteSum,
        }),
        `EventBridge Scheduler: ${metricName} — a scheduled function (audit checkpoint, ` +
          'overdue counts) was not invoked; see the schedule and its role.',
      );
    }
    // The audit log (DESIGN.md invariant 5): an entry changed or removed after it was written
    // (the stream's MODIFY/REMOVE, or a leaf that no longer matches its event at export); a
    // stream batch the sequencer gave up on; events waiting too long to be sequenced.
    alarmOnAny(
      'AuditEntriesTamperedAlarm',
      new Metric({
        namespace: 'SealedRecords',
        metricName: AUDIT_TAMPER_METRIC,
        dimensionsMap: { service: 'sealed-records' },
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      "Audit entries were changed or removed after they were written, around the writers' " +
        'code: the log keeps what was sequenced; find who wrote the events table (CloudTrail).',
    );
    alarmOnAny(
      'AuditSequencerFailuresAlarm',
      props.auditSequencer.failures.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      'Audit stream batches the sequencer gave up on: fix the cause, then invoke the ' +
        'sequencer with {"action":"sweep"} (docs/audit-log.md).',
    );
    notify(
      props.auditSequencer.fn
        .metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' })
        .createAlarm(this, 'AuditSequencerIteratorAgeAlarm', {
          alarmDescription:
            'Audit events wait more than 10 minutes to be sequenced (the stream keeps them 24 h).',
          threshold: 600_000,
          evaluationPeriods: 2,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );

    // Deadlines the law sets: an inquiry decided within 3 working days (RULES.md §5), a
    // sealing notice confirmed within 3 days (IM arts. 11–13), an opinion replied to by its
    // due date (SPP art. 553). Counted hourly by the overdue-metrics function.
    for (const [metricName, what] of [
      ['OverdueInquiries', 'inquiry applications past their decision day'],
      ['OverdueNotices', 'sealing notices past their confirmation day'],
      ['OverdueReviews', 'reviews of flagged records past their decision day'],
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

    // Every operation the functions use (shared/definitions/functions.ts access kinds).
    const operations = [
      Operation.GET_ITEM,
      Operation.PUT_ITEM,
      Operation.UPDATE_ITEM,
      Operation.DELETE_ITEM,
      Operation.QUERY,
      Operation.SCAN,
    ];
    for (const { name, table } of props.tables) {
      alarmOnAnyOf(
        `${name}TableThrottlesAlarm`,
        table.metricThrottledRequestsForOperations({ operations, period: Duration.minutes(5) }),
        `${name}: DynamoDB throttled requests; the callers got 503 (Retry-After).`,
      );
      alarmOnAnyOf(
        `${name}TableSystemErrorsAlarm`,
        table.metricSystemErrorsForOperations({ operations, period: Duration.minutes(5) }),
        `${name}: DynamoDB system errors (HTTP 500 from DynamoDB); the callers got 503.`,
      );
    }

    alarmOnAny(
      'Edge5xxAlarm',
      props.edgeApi.metricServerError(fiveMinuteSum),
      'The edge answered 5xx: a dependency failed (503, fail closed), the authorizer could ' +
        'not reach an identity provider, or a function broke.',
    );
    notify(
      props.edgeApi
        .metricLatency({ period: Duration.minutes(5), statistic: 'p99' })
        .createAlarm(this, 'EdgeLatencyP99Alarm', {
          alarmDescription: `Edge p99 latency above ${props.apiLatencyP99Millis} ms.`,
          threshold: props.apiLatencyP99Millis,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
    notify(
      new MathExpression({
        // At least 50 requests, so that a handful of bad requests in a quiet hour is no spike.
        expression: 'IF(requests >= 50, clientErrors / requests, 0)',
        label: 'Share of requests answered 4xx',
        period: Duration.minutes(5),
        usingMetrics: {
          clientErrors: props.edgeApi.metricClientError(fiveMinuteSum),
          requests: props.edgeApi.metricCount(fiveMinuteSum),
        },
      }).createAlarm(this, 'Edge4xxSpikeAlarm', {
        alarmDescription:
          `More than ${Math.round(props.apiClientErrorRatio * 100)}% of requests answered 4xx: ` +
          'a client release gone wrong, an identity provider rotating keys, or probing.',
        threshold: props.apiClientErrorRatio,
        evaluationPeriods: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    notify(
      new Metric({
        namespace: 'AWS/WAFV2',
        metricName: 'BlockedRequests',
        dimensionsMap: {
          WebACL: props.webAcl.name ?? '',
          Region: stack.region,
          Rule: 'ALL',
        },
        ...fiveMinuteSum,
      }).createAlarm(this, 'EdgeWafBlockedAlarm', {
        alarmDescription:
          'The web ACL blocked over 100 requests in five minutes: a flood from few addresses ' +
          '(rate rule), known bad inputs or bad-reputation addresses. Sampled requests show which.',
        threshold: 100,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
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
    const keyAdministration = new Rule(this, 'KeyAdministrationRule', {
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
    });
    // The topic as the rule's target, without the aws-events-targets helper's unconditioned
    // statements: EventBridge may publish for this rule only (allowPublisher).
    keyAdministration.addTarget({ bind: () => ({ arn: this.alarmTopic.topicArn }) });
    this.allowPublisher(
      'events.amazonaws.com',
      'KeyAdministrationRule',
      keyAdministration.ruleArn,
      props.encryptionKey,
    );
  }

  /**
   * A service principal may publish to the encrypted alarm topic — and use its key for that —
   * only on behalf of this account, and for the topic only as `source` (alarms, a rule).
   */
  private allowPublisher(service: string, sid: string, sourceArn: string, key: IKey): void {
    const account = Stack.of(this).account;
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: `${sid}Publish`,
        principals: [new ServicePrincipal(service)],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': sourceArn },
        },
      }),
    );
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: `${sid}PublishToTheEncryptedAlarmTopic`,
        principals: [new ServicePrincipal(service)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
  }
}
