import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import {
  checklistAnswerLabels,
  duties,
  dutyLabels,
  recommendationStatusLabels,
  taskStatusLabels,
  type YearFigure,
  yearFigureText,
} from "../../shared/oversight.ts";
import { vietnamDay } from "../../shared/vietnam-time.ts";
import type { Inspection, InspectionUnit, Recommendation, Task, WithOverdue, YearlyTexts } from "./service.ts";

/**
 * The oversight papers as DOCX, laid out as Vietnamese administrative documents (Nghị định
 * 30/2020/NĐ-CP): the national title and motto, the issuing body, number and symbol, place and
 * date, the document type and summary, "Nơi nhận" and the signer's block.
 *
 * - the inspection report (báo cáo kết quả kiểm tra): decision, team, units, content (the
 *   checklist per unit), results (strengths, shortcomings) and recommendations;
 * - the draft of the yearly Directive 08 report: one section per duty of the plan, each with the
 *   year's figures (pulled, never typed; a figure not yet approved is marked provisional), the
 *   plan's tasks and the inspections' results, and the text blocks written on the page.
 */
export { docxType } from "../lib/file-reply.ts";

export interface Letterhead {
  /** "UBND TỈNH NINH BÌNH" */
  authority: string;
  /** "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" */
  issuer: string;
  /** "Ninh Bình" */
  place: string;
}

const run = (text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}) => new TextRun({ text, size: options.size ?? 26, ...options });
const paragraph = (text: string, options: { bold?: boolean; italics?: boolean; center?: boolean } = {}) =>
  new Paragraph({ ...(options.center ? { alignment: AlignmentType.CENTER } : {}), spacing: { after: 120 }, children: [run(text, options)] });

function cell(text: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [run(text, { bold, size: 24 })] })] });
}

function table(header: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [header, ...rows].map((row, index) => new TableRow({ tableHeader: index === 0, children: row.map((text) => cell(text, index === 0)) })),
  });
}

function noBorderRow(left: Paragraph[], right: Paragraph[]): Table {
  const none = { style: "none" as const, size: 0, color: "FFFFFF" };
  const borders = { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders,
    rows: [
      new TableRow({
        children: [new TableCell({ borders, width: { size: 40, type: WidthType.PERCENTAGE }, children: left }), new TableCell({ borders, children: right })],
      }),
    ],
  });
}

export function dayVi(day: string): string {
  const [year, month, date] = day.split("-");
  return `${date ?? ""}/${month ?? ""}/${year ?? ""}`;
}

/** The header block (issuer and number left; national title, motto, place and date right), then type and summary. */
function heading(letterhead: Letterhead, symbol: string, generatedAt: Date, type: string, summary: string): (Paragraph | Table)[] {
  const [year, month, day] = vietnamDay(generatedAt).split("-");
  return [
    noBorderRow(
      [
        paragraph(letterhead.authority.toUpperCase(), { center: true }),
        paragraph(letterhead.issuer.toUpperCase(), { bold: true, center: true }),
        paragraph(`Số: ……/${symbol}`, { center: true }),
      ],
      [
        paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { bold: true, center: true }),
        paragraph("Độc lập - Tự do - Hạnh phúc", { bold: true, center: true }),
        paragraph(`${letterhead.place}, ngày ${day ?? ""} tháng ${month ?? ""} năm ${year ?? ""}`, { italics: true, center: true }),
      ],
    ),
    paragraph(type, { bold: true, center: true }),
    paragraph(summary, { bold: true, center: true }),
  ];
}

function signature(recipients: string[], title: string): Table {
  return noBorderRow(
    [paragraph("Nơi nhận:", { bold: true, italics: true }), ...recipients.map((recipient) => paragraph(`- ${recipient};`))],
    [paragraph(title.toUpperCase(), { bold: true, center: true }), paragraph("(Ký, ghi rõ họ tên, đóng dấu)", { italics: true, center: true })],
  );
}

async function pack(children: (Paragraph | Table)[]): Promise<Buffer> {
  return Packer.toBuffer(new Document({ styles: { default: { document: { run: { font: "Times New Roman", size: 26 } } } }, sections: [{ children }] }));
}

export interface InspectionReportInput {
  letterhead: Letterhead;
  inspection: Inspection;
  units: InspectionUnit[];
  recommendations: WithOverdue<Recommendation>[];
  communeName: (code: string) => string;
  generatedAt: Date;
}

export async function inspectionReportDocx(input: InspectionReportInput): Promise<Buffer> {
  const { inspection, communeName } = input;
  const unitsByCommune = new Map(input.units.map((unit) => [unit.commune, unit]));
  const children: (Paragraph | Table)[] = [
    ...heading(input.letterhead, "BC-ĐKT", input.generatedAt, "BÁO CÁO", `Kết quả kiểm tra: ${inspection.title}`),
    paragraph(
      `Thực hiện Quyết định số ${inspection.decision.number} ngày ${dayVi(inspection.decision.date)} của ${inspection.decision.issuer}, đoàn kiểm tra đã kiểm tra từ ngày ${dayVi(inspection.startDate)} đến ngày ${dayVi(inspection.endDate)} (thời kỳ kiểm tra: ${dayVi(inspection.periodFrom)} – ${dayVi(inspection.periodTo)}). Kết quả như sau:`,
    ),
    paragraph("I. THÀNH PHẦN ĐOÀN KIỂM TRA", { bold: true }),
    table(
      ["STT", "Họ và tên", "Chức danh trong đoàn"],
      inspection.team.map((member, index) => [String(index + 1), member.name, member.role]),
    ),
    paragraph("II. ĐƠN VỊ ĐƯỢC KIỂM TRA", { bold: true }),
    ...inspection.communes.map((code, index) => paragraph(`${String(index + 1)}. ${communeName(code)}`)),
    paragraph("III. NỘI DUNG VÀ KẾT QUẢ KIỂM TRA", { bold: true }),
  ];
  for (const code of inspection.communes) {
    const unit = unitsByCommune.get(code);
    children.push(paragraph(communeName(code), { bold: true }));
    if (unit === undefined) {
      children.push(paragraph("Chưa ghi nhận kết quả kiểm tra tại đơn vị này.", { italics: true }));
      continue;
    }
    const answers = new Map(unit.answers.map((answer) => [answer.questionId, answer]));
    children.push(
      table(
        ["Nội dung kiểm tra", "Kết quả", "Ghi chú"],
        inspection.checklist.map((question) => {
          const answer = answers.get(question.id);
          return [question.text, answer ? checklistAnswerLabels[answer.answer].vi : "—", answer?.note ?? ""];
        }),
      ),
      paragraph(`Ưu điểm: ${unit.strengths || "—"}`),
      paragraph(`Hạn chế: ${unit.shortcomings || "—"}`),
    );
  }
  children.push(
    paragraph("IV. KIẾN NGHỊ", { bold: true }),
    input.recommendations.length === 0
      ? paragraph("Không có kiến nghị.", { italics: true })
      : table(
          ["STT", "Kiến nghị", "Đơn vị thực hiện", "Thời hạn", "Tình trạng"],
          input.recommendations.map((recommendation, index) => [
            String(index + 1),
            recommendation.text,
            communeName(recommendation.commune),
            dayVi(recommendation.dueDate),
            recommendationStatusLabels[recommendation.overdue ? "overdue" : recommendation.status].vi,
          ]),
        ),
    signature(["Các đơn vị được kiểm tra", "Lưu: VT"], "Trưởng đoàn kiểm tra"),
  );
  return pack(children);
}

export interface YearlyReportInput {
  letterhead: Letterhead;
  year: number;
  texts: YearlyTexts;
  figures: YearFigure[];
  tasks: WithOverdue<Task>[];
  inspections: { inspection: Inspection; recommendations: WithOverdue<Recommendation>[] }[];
  communeName: (code: string) => string;
  generatedAt: Date;
}

export async function yearlyReportDocx(input: YearlyReportInput): Promise<Buffer> {
  const { texts, communeName } = input;
  const children: (Paragraph | Table)[] = [
    ...heading(
      input.letterhead,
      "BC-SVHTTDL",
      input.generatedAt,
      "BÁO CÁO (DỰ THẢO)",
      `Kết quả thực hiện Chỉ thị số 08/CT-TTg về công tác phòng, chống bạo lực gia đình năm ${String(input.year)}`,
    ),
    paragraph("Kính gửi: Bộ Văn hóa, Thể thao và Du lịch.", { center: true }),
  ];
  if (texts.blocks.introduction) children.push(paragraph(texts.blocks.introduction));
  duties.forEach((duty, index) => {
    children.push(paragraph(`${["I", "II", "III", "IV", "V"][index] ?? String(index + 1)}. ${dutyLabels[duty].vi.toUpperCase()}`, { bold: true }));
    const block = texts.blocks[duty];
    if (block) children.push(paragraph(block));
    const figures = input.figures.filter((figure) => figure.duty === duty);
    if (figures.length > 0) {
      children.push(paragraph("Số liệu:", { italics: true }));
      for (const figure of figures) children.push(paragraph(`- ${yearFigureText(figure)}`));
    }
    const tasks = input.tasks.filter((task) => task.duty === duty);
    if (tasks.length > 0) {
      children.push(
        table(
          ["Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tình trạng"],
          tasks.map((task) => [
            task.title,
            task.unit.kind === "commune" ? communeName(task.unit.commune) : task.unit.name,
            dayVi(task.dueDate),
            taskStatusLabels[task.overdue ? "overdue" : task.status].vi,
          ]),
        ),
      );
    }
    if (duty === "leadership") {
      if (input.inspections.length === 0) children.push(paragraph("Trong năm chưa ghi nhận đợt kiểm tra nào.", { italics: true }));
      for (const { inspection, recommendations } of input.inspections) {
        const done = recommendations.filter((recommendation) => recommendation.status === "done").length;
        children.push(
          paragraph(
            `- ${inspection.title} (Quyết định số ${inspection.decision.number}): kiểm tra ${String(inspection.communes.length)} đơn vị, ${String(recommendations.length)} kiến nghị, đã thực hiện ${String(done)}.`,
          ),
        );
      }
    }
  });
  if (texts.blocks.conclusion) children.push(paragraph("VI. ĐỀ XUẤT, KIẾN NGHỊ", { bold: true }), paragraph(texts.blocks.conclusion));
  children.push(signature(["Bộ Văn hóa, Thể thao và Du lịch", "UBND tỉnh", "Lưu: VT"], "Giám đốc"));
  return pack(children);
}
