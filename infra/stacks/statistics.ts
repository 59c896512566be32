import { Duration } from "aws-cdk-lib";
import { Table } from "aws-cdk-lib/aws-dynamodb";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { statisticsProjectorFunction } from "../../functions/catalogue.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { ApiFunction } from "../constructs/api-function.ts";
import { acknowledge } from "../nag.ts";
import { resourceName } from "./names.ts";

/**
 * The statistics projection in AWS (functions/statistics/): the projector function fed by the
 * KEYS_ONLY streams of the reports and cases tables. Each mapping bisects a failing batch (so one
 * bad record cannot hold back the others), retries a limited number of times, reports partial
 * batch failures, and sends what still fails to an encrypted SQS queue — a record there means a
 * figure may be behind: run the rebuild (docs/statistics.md). Retries are harmless: the projector
 * counts each change once.
 */
export interface StatisticsProjectionProps {
  provinceSlug: string;
  /** The province file's `statisticsCutOffDay`. */
  cutOffDay: number;
  dataKey: IKey;
  /** Stream ARNs of the source tables (data stack). */
  streams: { reports: string; cases: string };
}

export const statisticsStreamSettings = { batchSize: 100, retryAttempts: 5, maxBatchingWindowSeconds: 2 } as const;

export class StatisticsProjection extends Construct {
  readonly projector: ApiFunction;
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: StatisticsProjectionProps) {
    super(scope, id);
    this.projector = new ApiFunction(this, "Projector", {
      provinceSlug: props.provinceSlug,
      name: "statistics-projector",
      definition: statisticsProjectorFunction,
      dataKey: props.dataKey,
      // A rebuild pages through every report and case: give the one-off run room.
      timeout: Duration.minutes(15),
      memorySize: 1024,
    });
    this.projector.function.addEnvironment("STATISTICS_CUTOFF_DAY", String(props.cutOffDay));
    this.failures = new Queue(this, "Failures", {
      queueName: resourceName(props.provinceSlug, "statistics-failures"),
      encryption: QueueEncryption.KMS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.failures,
      "AwsSolutions-SQS3",
      "This queue is itself the failure destination of the statistics stream mappings; it holds record pointers for a rebuild, not work to retry.",
    );

    for (const table of ["reports", "cases"] as const) {
      const source = Table.fromTableAttributes(this, `Source-${table}`, {
        tableName: physicalTableName(props.provinceSlug, table),
        tableStreamArn: props.streams[table],
        encryptionKey: props.dataKey,
      });
      this.projector.function.addEventSource(
        new DynamoEventSource(source, {
          startingPosition: StartingPosition.TRIM_HORIZON,
          batchSize: statisticsStreamSettings.batchSize,
          maxBatchingWindow: Duration.seconds(statisticsStreamSettings.maxBatchingWindowSeconds),
          bisectBatchOnError: true,
          retryAttempts: statisticsStreamSettings.retryAttempts,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(this.failures),
        }),
      );
    }
  }
}
