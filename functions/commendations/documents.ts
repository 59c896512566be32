import { AlignmentType, Document, HeadingLevel, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import ExcelJS from "exceljs";
import { awardFormLabels, awardLevelLabels, type Cycle, type NominationSummary, nomineeKindLabels, statusLabels } from "../../shared/commendations.ts";
import { vietnamDay } from "../../shared/vietnam-time.ts";

/**
 * The dossier of a cycle (hồ sơ đề nghị khen thưởng): the proposal (tờ trình) with the list of
 * nominees and the council minutes (biên bản họp Hội đồng Thi đua – Khen thưởng) as one DOCX, and
 * the list of nominees as XLSX. Only nominations the council approved are in it.
 */
export interface DossierInput {
  cycle: Cycle;
  nominations: NominationSummary[];
  communeName: (code: string) => string;
  generatedAt: Date;
}

const docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const documentTypes = { docx: docxType, xlsx: xlsxType } as const;

function dayVi(day: string): string {
  const [year, month, date] = day.split("-");
  return `${date ?? ""}/${month ?? ""}/${year ?? ""}`;
}

const headers = ["STT", "Họ tên / Tên tập thể", "Loại", "Đơn vị, chức vụ", "Xã/phường", "Hình thức đề nghị", "Cấp khen", "Trạng thái"];

function rowOf(nomination: NominationSummary, index: number, communeName: (code: string) => string): string[] {
  return [
    String(index + 1),
    nomination.nominee.name,
    nomineeKindLabels[nomination.nominee.kind].vi,
    [nomination.nominee.position, nomination.nominee.unit].filter(Boolean).join(", "),
    communeName(nomination.commune),
    awardFormLabels[nomination.form].vi,
    awardLevelLabels[nomination.level].vi,
    statusLabels[nomination.status].vi,
  ];
}

function cell(text: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
}

function table(rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map((row, index) => new TableRow({ tableHeader: index === 0, children: row.map((text) => cell(text, index === 0)) })),
  });
}

const centered = (text: string, bold = false) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, bold })] });
const plain = (text: string) => new Paragraph({ children: [new TextRun(text)] });

export async function dossierDocx(input: DossierInput): Promise<Buffer> {
  const { cycle, nominations, communeName } = input;
  const today = dayVi(vietnamDay(input.generatedAt));
  const list = [headers, ...nominations.map((nomination, index) => rowOf(nomination, index, communeName))];
  const minutesRows = [
    ["STT", "Người được đề nghị", "Ngày họp", "Có mặt / tổng số", "Đồng ý", "Không đồng ý", "Không biểu quyết", "Kết luận"],
    ...nominations.map((nomination, index) => {
      const vote = nomination.council;
      return [
        String(index + 1),
        nomination.nominee.name,
        vote ? dayVi(vote.meetingDate) : "",
        vote ? `${String(vote.membersPresent)}/${String(vote.membersTotal)}` : "",
        vote ? String(vote.votesFor) : "",
        vote ? String(vote.votesAgainst) : "",
        vote ? String(vote.abstentions) : "",
        vote ? "Thông qua" : "",
      ];
    }),
  ];
  const meetings = [...new Set(nominations.flatMap((nomination) => (nomination.council ? [nomination.council.meetingDate] : [])))].sort();
  const document = new Document({
    creator: "PCBLGĐ",
    title: `Hồ sơ đề nghị khen thưởng — ${cycle.name}`,
    description: "Tờ trình và biên bản họp Hội đồng Thi đua – Khen thưởng",
    sections: [
      {
        children: [
          centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true),
          centered("Độc lập - Tự do - Hạnh phúc", true),
          new Paragraph({ heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER, children: [new TextRun("TỜ TRÌNH")] }),
          centered(`Về việc đề nghị khen thưởng trong công tác phòng, chống bạo lực gia đình — ${cycle.name}`),
          plain(
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP; Thông tư số 15/2025/TT-BNV; căn cứ kết quả họp xét của Hội đồng Thi đua – Khen thưởng,",
          ),
          plain(
            `Kính trình xem xét, khen thưởng ${String(nominations.length)} tập thể, cá nhân, hộ gia đình có thành tích trong công tác phòng, chống bạo lực gia đình, danh sách kèm theo:`,
          ),
          table(list),
          plain(`Ngày lập: ${today}.`),
          new Paragraph({ children: [new PageBreak()] }),
          centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true),
          centered("Độc lập - Tự do - Hạnh phúc", true),
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            alignment: AlignmentType.CENTER,
            children: [new TextRun("BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG")],
          }),
          centered(`Xét đề nghị khen thưởng — ${cycle.name}`),
          plain(`Các phiên họp: ${meetings.map(dayVi).join("; ") || "—"}.`),
          plain("Kết quả biểu quyết đối với từng trường hợp:"),
          table(minutesRows),
          plain("Hội đồng thống nhất đề nghị cấp có thẩm quyền xem xét, khen thưởng các trường hợp trên."),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

export async function nomineesXlsx(input: DossierInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "PCBLGĐ";
  workbook.created = input.generatedAt;
  const sheet = workbook.addWorksheet("Danh sách đề nghị");
  sheet.addRow([`Danh sách đề nghị khen thưởng — ${input.cycle.name}`]);
  sheet.addRow([...headers, "Số quyết định", "Ngày quyết định"]);
  sheet.getRow(2).font = { bold: true };
  input.nominations.forEach((nomination, index) => {
    sheet.addRow([
      ...rowOf(nomination, index, input.communeName),
      nomination.decision?.number ?? "",
      nomination.decision ? dayVi(nomination.decision.date) : "",
    ]);
  });
  sheet.columns.forEach((column, index) => {
    column.width = [6, 30, 12, 30, 24, 16, 24, 28, 16, 16][index] ?? 16;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
