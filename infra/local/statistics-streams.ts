import { DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { StatisticsProjector } from "../../functions/statistics/projector.ts";
import { DynamoStatisticsStore } from "../../functions/statistics/repository.ts";
import { projectRecords } from "../../functions/statistics/stream-handler.ts";
import { defaultCutOffDay } from "../../shared/statistics-periods.ts";
import { physicalTableName } from "../../shared/tables.ts";

/**
 * The local stand-in for the event source mappings: polls DynamoDB Local's streams of the reports
 * and cases tables and hands each batch to the SAME projector code as the Lambda function
 * (projectRecords). It starts at TRIM_HORIZON — after a restart the last day's records are read
 * again, which the projector's snapshots make harmless. The Streams API is spoken directly (JSON over
 * HTTP, as the SDK would): DynamoDB Local does not check the signature, and the platform does not
 * need the Streams SDK client anywhere else.
 */
export interface StreamPollerOptions {
  client: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  endpoint: string;
  provinceSlug: string;
  cutOffDay?: number;
  intervalMs?: number;
  log?: (line: string) => void;
}

interface Shard {
  streamArn: string;
  iterator: string | undefined;
}

async function streamsCall<T>(endpoint: string, operation: string, body: unknown): Promise<T> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `DynamoDBStreams_20120810.${operation}`,
      authorization: "AWS4-HMAC-SHA256 Credential=local/20260101/ap-southeast-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as T;
  if (!response.ok) throw new Error(`DynamoDB Streams ${operation}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

export function startStatisticsStreams(options: StreamPollerOptions): { stop(): void; drain(): Promise<void> } {
  const store = new DynamoStatisticsStore(options.documents, {
    statistics: physicalTableName(options.provinceSlug, "statistics"),
    reports: physicalTableName(options.provinceSlug, "reports"),
    cases: physicalTableName(options.provinceSlug, "cases"),
  });
  const projector = new StatisticsProjector(store, store, options.cutOffDay ?? defaultCutOffDay);
  const shards = new Map<string, Shard>();
  let stopped = false;
  let lastDiscovery = 0;

  async function discover(): Promise<void> {
    for (const table of ["reports", "cases"] as const) {
      const { Table } = await options.client.send(new DescribeTableCommand({ TableName: physicalTableName(options.provinceSlug, table) }));
      const streamArn = Table?.LatestStreamArn;
      if (!streamArn) continue;
      const { StreamDescription } = await streamsCall<{ StreamDescription: { Shards?: { ShardId: string }[] } }>(options.endpoint, "DescribeStream", {
        StreamArn: streamArn,
      });
      for (const { ShardId } of StreamDescription.Shards ?? []) {
        if (shards.has(ShardId)) continue;
        const { ShardIterator } = await streamsCall<{ ShardIterator?: string }>(options.endpoint, "GetShardIterator", {
          StreamArn: streamArn,
          ShardId,
          ShardIteratorType: "TRIM_HORIZON",
        });
        shards.set(ShardId, { streamArn, iterator: ShardIterator });
      }
    }
  }

  /** One pass over every shard; true when some shard had records. */
  async function poll(): Promise<boolean> {
    if (Date.now() - lastDiscovery > 10_000) {
      await discover();
      lastDiscovery = Date.now();
    }
    let any = false;
    for (const shard of shards.values()) {
      if (shard.iterator === undefined) continue;
      const { Records = [], NextShardIterator } = await streamsCall<{ Records?: DynamoDBRecord[]; NextShardIterator?: string }>(
        options.endpoint,
        "GetRecords",
        { ShardIterator: shard.iterator, Limit: 100 },
      );
      if (Records.length > 0) {
        any = true;
        const records = Records.map((record) => ({ ...record, eventSourceARN: shard.streamArn }));
        // As Lambda would: a batch with failures is retried (here at once, a few times).
        for (let attempt = 0; attempt < 3; attempt++) {
          const { batchItemFailures } = await projectRecords(projector, records);
          if (batchItemFailures.length === 0) break;
          if (attempt === 2) options.log?.(`thống kê: ${String(batchItemFailures.length)} bản ghi chưa tính được / statistics: records not projected`);
        }
      }
      shard.iterator = NextShardIterator;
    }
    return any;
  }

  const interval = options.intervalMs ?? 1_000;
  let running: Promise<void> = Promise.resolve();
  const loop = async () => {
    while (!stopped) {
      running = poll().then(
        () => undefined,
        (error: unknown) => options.log?.(`thống kê / statistics stream: ${(error as Error).message}`),
      );
      await running;
      await new Promise((resolve) => setTimeout(resolve, interval).unref());
    }
  };
  void loop();
  return {
    stop: () => {
      stopped = true;
    },
    /** Reads until every shard is empty (tests). */
    drain: async () => {
      await running;
      lastDiscovery = 0;
      while (await poll()) {
        /* read on */
      }
    },
  };
}
