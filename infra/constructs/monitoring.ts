import { Duration } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { FilterPattern, type ILogGroup, MetricFilter } from "aws-cdk-lib/aws-logs";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { acknowledge } from "../nag.ts";
import { metricsNamespace, resourceName } from "../stacks/names.ts";

/**
 * Watching a province run: CloudWatch alarms that e-mail the province's administrator (an SNS
 * topic), and one dashboard. Every alarm and metric is named by resource — function, table, API,
 * queue, job — never by anything about a person: no dimension carries a request's content, an
 * officer or a commune.
 *
 * The API stack builds one of these and registers what it has; a stack that adds an asynchronous
 * consumer registers its failure destination with `watchFailureDestination`.
 */

/** Dimension names an alarm may use: resource names only. */
export const allowedDimensions = ["ApiId", "Stage", "FunctionName", "TableName", "Operation", "QueueName"] as const;

/** The DynamoDB operations the repositories call (system errors are reported per operation). */
export const watchedTableOperations = ["GetItem", "PutItem", "UpdateItem", "Query", "TransactWriteItems"] as const;

/** 5xx answers above this share of requests (percent, over 5 minutes, twice in a row) raise the alarm. */
export const api5xxRatePercent = 5;

export interface MonitoringProps {
  provinceSlug: string;
  /** Who receives alarms (the province file's initialAdminEmail). */
  alarmEmail: string;
}

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  private readonly slug: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.slug = props.provinceSlug;
    this.topic = new Topic(this, "Topic", {
      topicName: resourceName(this.slug, "alarms"),
      // ASCII: SNS display names allow letters, digits, spaces, hyphens and underscores.
      displayName: `PCBLGD ${this.slug} alarms`,
      enforceSSL: true,
    });
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    acknowledge(
      this.topic,
      "AwsSolutions-SNS2",
      "Alarm notifications carry only alarm names, metric values and resource names (functions, tables, the API), never personal data; a customer-managed key would add a key per province and a CloudWatch grant for nothing to protect.",
    );
    this.dashboard = new Dashboard(this, "Dashboard", { dashboardName: resourceName(this.slug, "operations") });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# PCBLGĐ ${this.slug}\nCảnh báo gửi tới / alarms go to the province admin (SNS ${resourceName(this.slug, "alarms")}). Runbook: docs/infrastructure.md`,
        width: 24,
        height: 2,
      }),
    );
  }

  private alarm(
    id: string,
    description: string,
    metric: IMetric,
    threshold: number,
    options: { evaluationPeriods?: number; missing?: TreatMissingData } = {},
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmName: resourceName(this.slug, id.replace(/[^A-Za-z0-9-]+/g, "-").toLowerCase()),
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }

  /** The API's share of 5xx answers (ignoring quiet periods of fewer than 10 requests). */
  watchApi(api: HttpApi): void {
    const period = Duration.minutes(5);
    const errors = api.metricServerError({ period, statistic: "Sum" });
    const requests = api.metricCount({ period, statistic: "Sum" });
    const rate = new MathExpression({
      expression: "IF(requests >= 10, 100 * errors / requests, 0)",
      usingMetrics: { errors, requests },
      period,
      label: "5xx %",
    });
    this.alarm(
      "Api5xxRate",
      `Hơn ${api5xxRatePercent}% yêu cầu API lỗi máy chủ (5xx) / over ${api5xxRatePercent}% of API requests failed (5xx)`,
      rate,
      api5xxRatePercent,
      {
        evaluationPeriods: 2,
      },
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: "API: yêu cầu / requests", left: [requests], width: 12 }),
      new GraphWidget({ title: "API: 5xx %", left: [rate], width: 12 }),
    );
  }

  /** Errors and throttles of one function. */
  watchFunction(name: string, fn: LambdaFunction): void {
    const period = Duration.minutes(5);
    const errors = fn.metricErrors({ period, statistic: "Sum" });
    const throttles = fn.metricThrottles({ period, statistic: "Sum" });
    this.alarm(`Lambda-${name}-Errors`, `Hàm ${name} lỗi / function ${name} failed (crash, timeout)`, errors, 1);
    this.alarm(`Lambda-${name}-Throttles`, `Hàm ${name} bị giới hạn / function ${name} throttled (concurrency)`, throttles, 1);
    this.dashboard.addWidgets(
      new GraphWidget({ title: `λ ${name}`, left: [errors, throttles], right: [fn.metricDuration({ period, statistic: "p95" })], width: 8 }),
    );
  }

  /** Throttled requests and system errors of one table (by its physical name). */
  watchTable(name: string, tableName: string): void {
    const period = Duration.minutes(5);
    const metric = (metricName: string, dimensions: Record<string, string>) =>
      new Metric({ namespace: "AWS/DynamoDB", metricName, dimensionsMap: { TableName: tableName, ...dimensions }, period, statistic: "Sum" });
    const throttles = new MathExpression({
      expression: "reads + writes",
      usingMetrics: { reads: metric("ReadThrottleEvents", {}), writes: metric("WriteThrottleEvents", {}) },
      period,
      label: `${name} throttles`,
    });
    const systemErrors = new MathExpression({
      expression: watchedTableOperations.map((operation) => operation.toLowerCase()).join(" + "),
      usingMetrics: Object.fromEntries(watchedTableOperations.map((operation) => [operation.toLowerCase(), metric("SystemErrors", { Operation: operation })])),
      period,
      label: `${name} system errors`,
    });
    this.alarm(`Table-${name}-Throttles`, `Bảng ${name} bị giới hạn / table ${name} throttled`, throttles, 1);
    this.alarm(`Table-${name}-SystemErrors`, `Bảng ${name} lỗi hệ thống DynamoDB / DynamoDB system errors on table ${name}`, systemErrors, 1);
    this.dashboard.addWidgets(new GraphWidget({ title: `DynamoDB ${name}`, left: [throttles, systemErrors], width: 8 }));
  }

  /** A failure destination (dead-letter queue): any message in it is work that did not happen. */
  watchFailureDestination(name: string, queue: IQueue, what: string): void {
    const visible = queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" });
    this.alarm(`Failed-${name}`, `${what}: có việc thất bại trong ${name} / failed work waiting in ${name}`, visible, 1);
    this.dashboard.addWidgets(new GraphWidget({ title: `Thất bại / failed: ${name}`, left: [visible], width: 8 }));
  }

  /**
   * A count of log lines (a metric filter: no dimensions, a value of 1 per line), the messages
   * functions/lib/log-messages.ts names. Several log groups (a record of them, by function) feed
   * one metric of the same name, a filter each.
   */
  countLogLines(id: string, logGroups: ILogGroup | Readonly<Record<string, ILogGroup>>, message: string): Metric {
    const metricName = id;
    const sources: [string, ILogGroup][] = isLogGroup(logGroups)
      ? [[`Filter-${id}`, logGroups]]
      : Object.entries(logGroups).map(([name, logGroup]) => [`Filter-${id}-${name}`, logGroup]);
    for (const [filterId, logGroup] of sources) {
      new MetricFilter(this, filterId, {
        logGroup,
        metricNamespace: metricsNamespace(this.slug),
        metricName,
        filterPattern: FilterPattern.stringValue("$.message", "=", message),
        metricValue: "1",
      });
    }
    return new Metric({ namespace: metricsNamespace(this.slug), metricName, statistic: "Sum" });
  }

  /** A failure some function logs (`message`): any line in five minutes raises the alarm `id`. */
  watchLoggedFailures(id: string, logGroups: ILogGroup | Readonly<Record<string, ILogGroup>>, message: string, description: string): void {
    const metric = this.countLogLines(id, logGroups, message).with({ period: Duration.minutes(5) });
    this.alarm(id, description, metric, 1);
    this.dashboard.addWidgets(new GraphWidget({ title: description, left: [metric], width: 8 }));
  }

  /** Counts of logged events on the dashboard only (no alarm): how much of something happens. */
  countOnDashboard(title: string, counts: readonly { id: string; logGroup: ILogGroup; message: string }[]): void {
    const period = Duration.hours(1);
    const metrics = counts.map(({ id, logGroup, message }) => this.countLogLines(id, logGroup, message).with({ period, label: id }));
    this.dashboard.addWidgets(new GraphWidget({ title, left: metrics, width: 8 }));
  }

  /**
   * A scheduled job that logs `message` each run: the alarm fires when it has not run for
   * `periods × period` (no data counts as not running).
   */
  watchJobRuns(job: string, logGroup: ILogGroup, message: string, period: Duration, periods: number): void {
    const runs = this.countLogLines(`JobRuns-${job}`, logGroup, message).with({ period });
    const alarm = new Alarm(this, `JobNotRunning-${job}`, {
      alarmName: resourceName(this.slug, `job-not-running-${job}`),
      alarmDescription: `Việc định kỳ "${job}" không chạy / the scheduled job "${job}" has not run for ${periods} × ${period.toHumanString()}`,
      metric: runs,
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: periods,
      treatMissingData: TreatMissingData.BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    this.dashboard.addWidgets(new GraphWidget({ title: `Việc định kỳ / job: ${job}`, left: [runs], width: 8 }));
  }
}

function isLogGroup(value: ILogGroup | Readonly<Record<string, ILogGroup>>): value is ILogGroup {
  return typeof (value as ILogGroup).logGroupName === "string";
}
