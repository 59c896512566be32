import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { duties, type YearFigure } from "../../shared/oversight.ts";
import { derivedColumns } from "../../shared/statistics-indicators.ts";
import { mapLimited } from "../lib/concurrency.ts";
import { type PreventionFigures, preventionFigures } from "../prevention/figures.ts";
import type { PreventionStore } from "../prevention/service.ts";
import type { IndicatorTable } from "../statistics/figures.ts";
import type { CommuneName, StatisticsService } from "../statistics/service.ts";
import type { Task, WithOverdue } from "./service.ts";

/**
 * The figures of the yearly report, pulled from where they live — never typed on the page.
 *
 * - the plan's tasks per duty (done of all) — this domain's own records;
 * - commendations published in the year — the commendations table's honour-roll index (a count);
 * - cases, households, victims and perpetrators, measures and support — the statistics domain's
 *   province roll-up of the year (`StatisticsService.provinceFigures`);
 * - awareness activities, participants by sex, households reached, models that ran, mediations and
 *   staff trained — the prevention registers (`preventionFigures`, per commune, added up).
 *
 * Statistics and prevention figures are provisional ("tạm tính") until every commune's report of
 * the year is approved (the statistics' period report is the commune's confirmation of its year).
 */
export interface StatisticsSource {
  /** The province's figures of a year from the statistics and the prevention registers. */
  yearFigures(year: number): Promise<YearFigure[]>;
}

/** What the yearly figures read: the statistics service, the prevention registers and the communes. */
export interface YearSources {
  statistics: Pick<StatisticsService, "provinceFigures">;
  prevention: Pick<PreventionStore, "year">;
  communes: () => Promise<CommuneName[]>;
}

/** Communes read at once from the prevention registers (4 small Queries each). */
const parallelCommunes = 8;

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

/** One indicator table of the roll-up by code. */
function tableOf(tables: IndicatorTable[], code: string): IndicatorTable {
  const found = tables.find((table) => table.code === code);
  if (found === undefined) throw new Error(`The statistics have no indicator ${code}`);
  return found;
}

/** A row's count over the table's own columns (derived columns such as 16–59 repeat others). */
function rowCount(table: IndicatorTable, row: IndicatorTable["rows"][number]): number {
  const derived = new Set((derivedColumns[table.code] ?? []).map((column) => column.code));
  return table.columns.reduce((sum, column, index) => (derived.has(column.code) ? sum : sum + (row.cells[index]?.value ?? 0)), 0);
}

/** A part's label inside a sentence: "Nữ" → "nữ". */
const inSentence = (label: string) => label.charAt(0).toLocaleLowerCase("vi") + label.slice(1);
const rowParts = (table: IndicatorTable) => table.rows.map((row) => ({ label: inSentence(row.vi), value: rowCount(table, row) }));
const partsTotal = (parts: { value: number }[]) => parts.reduce((sum, part) => sum + part.value, 0);

/** The statistics lines: cases, households, victims and perpetrators by sex, measures, support. */
export function statisticsLines(tables: IndicatorTable[], provisional: boolean): YearFigure[] {
  const forms = tableOf(tables, "violence-forms");
  const victims = rowParts(tableOf(tables, "victims"));
  const perpetrators = rowParts(tableOf(tables, "perpetrators"));
  const measures = rowParts(tableOf(tables, "perpetrator-measures"));
  const support = rowParts(tableOf(tables, "support"));
  const line = (label: string, value: number, unit: string, parts?: YearFigure["parts"]): YearFigure => ({
    duty: "intervention",
    label,
    value,
    unit,
    provisional,
    ...(parts ? { parts } : {}),
  });
  return [
    line(
      "Số vụ bạo lực gia đình",
      forms.total?.[0]?.value ?? 0,
      "vụ",
      forms.rows.map((row) => ({ label: inSentence(row.vi), value: row.cells[0]?.value ?? 0 })),
    ),
    line("Số hộ gia đình có bạo lực gia đình", forms.total?.[1]?.value ?? 0, "hộ"),
    line("Số người bị bạo lực gia đình", partsTotal(victims), "người", victims),
    line("Số người có hành vi bạo lực gia đình", partsTotal(perpetrators), "người", perpetrators),
    // A person may be subject to several measures and receive several kinds of support: these count applications.
    line("Lượt biện pháp đã áp dụng đối với người có hành vi bạo lực", partsTotal(measures), "lượt", measures),
    line("Lượt hỗ trợ người bị bạo lực", partsTotal(support), "lượt", support),
  ];
}

type Measure = (figures: PreventionFigures) => number;

/** The prevention lines: section, words, unit, the figure and its breakdown (each added up over the communes). */
const preventionLineDefinitions: { duty: YearFigure["duty"]; label: string; unit: string; value: Measure; parts?: { label: string; value: Measure }[] }[] = [
  { duty: "leadership", label: "Cán bộ hoàn thành lớp tập huấn", unit: "người", value: (f) => f.staffTrained },
  {
    duty: "awareness",
    label: "Hoạt động tuyên truyền, truyền thông",
    unit: "hoạt động",
    value: (f) => f.activities,
    parts: [
      { label: "hướng tới nam giới", value: (f) => f.activitiesForMen },
      { label: "hướng tới gia đình có nguy cơ cao", value: (f) => f.activitiesForHighRiskFamilies },
    ],
  },
  {
    duty: "awareness",
    label: "Lượt người tham dự",
    unit: "lượt người",
    value: (f) => f.participants,
    parts: [
      { label: "nam", value: (f) => f.men },
      { label: "nữ", value: (f) => f.women },
    ],
  },
  { duty: "awareness", label: "Hộ gia đình được tuyên truyền", unit: "hộ", value: (f) => f.households },
  { duty: "prevention", label: "Mô hình, nhóm cộng đồng có hoạt động trong năm", unit: "mô hình", value: (f) => f.modelsRunning },
  {
    duty: "prevention",
    label: "Vụ mâu thuẫn gia đình được hòa giải",
    unit: "vụ",
    value: (f) => f.mediations,
    parts: [{ label: "hòa giải thành", value: (f) => f.mediationsReconciled }],
  },
];

/** The prevention lines, added up over the communes. */
export function preventionLines(perCommune: PreventionFigures[], provisional: boolean): YearFigure[] {
  const sum = (pick: Measure) => perCommune.reduce((total, figures) => total + pick(figures), 0);
  return preventionLineDefinitions.map(({ value, parts, ...line }) => ({
    ...line,
    value: sum(value),
    provisional,
    ...(parts ? { parts: parts.map((part) => ({ label: part.label, value: sum(part.value) })) } : {}),
  }));
}

/** The statistics and prevention figures of a year for the whole province. */
export function provinceYearSource(sources: YearSources): StatisticsSource {
  return {
    async yearFigures(year) {
      const communes = await sources.communes();
      // The province's own courses are read once, not once per commune.
      const provinceCourses = sources.prevention.year("courses", "province", year);
      const registers: Pick<PreventionStore, "year"> = {
        year: (register, owner, ofYear) =>
          register === "courses" && owner === "province" && ofYear === year ? provinceCourses : sources.prevention.year(register, owner, ofYear),
      };
      const [roll, prevention] = await Promise.all([
        sources.statistics.provinceFigures(String(year) as `${number}`, communes),
        mapLimited(communes, parallelCommunes, (commune) => preventionFigures(registers, commune.code, year)),
      ]);
      const provisional = roll.completeness.approved < roll.completeness.total;
      return [...statisticsLines(roll.tables, provisional), ...preventionLines(prevention, provisional)];
    },
  };
}

const missingLines: Omit<YearFigure, "value" | "provisional">[] = [
  { duty: "intervention", label: "Số vụ bạo lực gia đình", unit: "vụ" },
  { duty: "awareness", label: "Hoạt động tuyên truyền, truyền thông", unit: "hoạt động" },
  { duty: "prevention", label: "Mô hình, nhóm cộng đồng có hoạt động trong năm", unit: "mô hình" },
];

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
    label: "Tập thể, cá nhân, hộ gia đình được khen thưởng (quyết định đã công bố)",
    value: input.commendations,
    unit: "",
    provisional: false,
  });
  // Without a source (a deployment without statistics) each line says so: never an invented number.
  const statistics = await input.statistics?.yearFigures(input.year);
  figures.push(...(statistics ?? missingLines.map((line) => ({ ...line, value: null, provisional: true }))));
  return figures;
}
