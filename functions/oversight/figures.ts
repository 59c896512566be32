import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Duty, duties } from "../../shared/oversight.ts";
import type { YearFigure } from "./documents.ts";
import type { Task, WithOverdue } from "./service.ts";

/**
 * The figures of the yearly report, pulled from where they live — never typed on the page.
 *
 * - the plan's tasks per duty (done of all) — this domain's own records;
 * - commendations published in the year — the commendations table's honour-roll index (a count);
 * - the statistics of cases, victims, perpetrators, measures, support and the prevention network
 *   come from the statistics projection once it exists in this deployment (`statistics` source):
 *   until then each of those lines reads "chưa có dữ liệu / no data yet".
 *
 * A figure whose source is not approved for the year is marked provisional.
 */
export interface StatisticsSource {
  /** Approved or provisional province figures of a year; undefined when the projection is absent. */
  yearFigures(year: number): Promise<YearFigure[] | undefined>;
}

const statisticsLines: { duty: Duty; label: string; unit: string }[] = [
  { duty: "intervention", label: "Số vụ bạo lực gia đình được phát hiện", unit: "vụ" },
  { duty: "intervention", label: "Số nạn nhân được hỗ trợ", unit: "người" },
  { duty: "intervention", label: "Số người gây bạo lực được áp dụng biện pháp", unit: "người" },
  { duty: "awareness", label: "Số buổi tuyên truyền, người tham dự", unit: "buổi" },
  { duty: "prevention", label: "Số mô hình phòng, chống BLGĐ đang hoạt động", unit: "mô hình" },
];

export async function commendationsPublished(client: DynamoDBDocumentClient, tableName: string, year: number): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const answer = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: "honourRoll",
        KeyConditionExpression: "honourYear = :year",
        ExpressionAttributeValues: { ":year": String(year) },
        Select: "COUNT",
        ExclusiveStartKey: start,
      }),
    );
    count += answer.Count ?? 0;
    start = answer.LastEvaluatedKey;
  } while (start !== undefined);
  return count;
}

export async function yearFigures(input: {
  year: number;
  tasks: WithOverdue<Task>[];
  commendations: number;
  statistics?: StatisticsSource;
}): Promise<YearFigure[]> {
  const figures: YearFigure[] = duties.map((duty) => {
    const tasks = input.tasks.filter((task) => task.duty === duty);
    return {
      duty,
      label: `Nhiệm vụ của kế hoạch đã hoàn thành (trên tổng số ${String(tasks.length)})`,
      value: tasks.filter((task) => task.status === "done").length,
      unit: "nhiệm vụ",
      provisional: false,
    };
  });
  figures.push({
    duty: "commendation",
    label: "Tập thể, cá nhân, hộ gia đình được khen thưởng (đã công bố)",
    value: input.commendations,
    unit: "",
    provisional: false,
  });
  const statistics = await input.statistics?.yearFigures(input.year);
  figures.push(...(statistics ?? statisticsLines.map((line) => ({ ...line, value: null, provisional: true }))));
  return figures;
}
