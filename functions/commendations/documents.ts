import { AlignmentType, BorderStyle, Document, Packer, PageBreak, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
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
  /** The province's name ("Ninh Bình") for the issuing body and the place; left to be written by hand when absent. */
  province?: string;
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

const centered = (text: string, options: { bold?: boolean; italics?: boolean; underline?: boolean } = {}) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ text, bold: options.bold ?? false, italics: options.italics ?? false, ...(options.underline ? { underline: {} } : {}) })],
  });
const plain = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const blank = "……………";

const noBorders = {
  top: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  bottom: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  left: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  right: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
};

/** Two columns without borders, as the heading and the signature of an administrative paper are laid out. */
function twoColumns(left: Paragraph[], right: Paragraph[], leftShare = 40): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: [
      new TableRow({
        children: [
          new TableCell({ width: { size: leftShare, type: WidthType.PERCENTAGE }, children: left }),
          new TableCell({ width: { size: 100 - leftShare, type: WidthType.PERCENTAGE }, children: right }),
        ],
      }),
    ],
  });
}

/** "Ninh Bình, ngày 05 tháng 12 năm 2026" */
function placeAndDate(place: string, day: string): string {
  const [year, month, date] = day.split("-");
  return `${place}, ngày ${date ?? ""} tháng ${month ?? ""} năm ${year ?? ""}`;
}

/**
 * The parts of a paper in the form of Nghị định 30/2020/NĐ-CP (Phụ lục I): issuing body and
 * number/symbol on the left, national title and motto, place and date on the right; the type and
 * summary (trích yếu) centred; recipients; the signer's capacity, title and name at the end.
 */
function paperHeading(input: { issuer: string; body: string; symbol: string; place: string; day: string }): Table {
  return twoColumns(
    [centered(input.issuer.toUpperCase()), centered(input.body.toUpperCase(), { bold: true }), centered(`Số: ${blank}/${input.symbol}`)],
    [
      centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { bold: true }),
      centered("Độc lập - Tự do - Hạnh phúc", { bold: true, underline: true }),
      centered(placeAndDate(input.place, input.day), { italics: true }),
    ],
  );
}

function signature(recipients: string[], capacity: string, title: string): Table {
  return twoColumns(
    [new Paragraph({ children: [new TextRun({ text: "Nơi nhận:", bold: true, italics: true })] }), ...recipients.map((line) => plain(line))],
    [
      centered(capacity, { bold: true }),
      centered(title, { bold: true }),
      centered("(Ký, ghi rõ họ tên, đóng dấu)", { italics: true }),
      plain(""),
      plain(""),
      centered(blank),
    ],
    50,
  );
}

export async function dossierDocx(input: DossierInput): Promise<Buffer> {
  const { cycle, nominations, communeName } = input;
  const day = vietnamDay(input.generatedAt);
  const province = input.province ?? blank;
  const place = input.province ?? blank;
  const issuer = `Ủy ban nhân dân tỉnh ${province}`;
  const council = "Hội đồng Thi đua – Khen thưởng";
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
    styles: { default: { document: { run: { font: "Times New Roman", size: 26 } } } },
    sections: [
      {
        children: [
          paperHeading({ issuer, body: council, symbol: "TTr-HĐTĐKT", place, day }),
          plain(""),
          centered("TỜ TRÌNH", { bold: true }),
          centered(`Về việc đề nghị khen thưởng trong công tác phòng, chống bạo lực gia đình — ${cycle.name}`, { bold: true }),
          centered(`Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh ${province}.`),
          plain(
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP; Thông tư số 15/2025/TT-BNV; căn cứ kết quả họp xét của Hội đồng Thi đua – Khen thưởng,",
          ),
          plain(
            `Kính trình xem xét, khen thưởng ${String(nominations.length)} tập thể, cá nhân, hộ gia đình có thành tích trong công tác phòng, chống bạo lực gia đình, danh sách kèm theo:`,
          ),
          table(list),
          plain(""),
          signature(["- Như trên;", "- Lưu: VT, HĐTĐKT."], "TM. HỘI ĐỒNG", "CHỦ TỊCH"),
          new Paragraph({ children: [new PageBreak()] }),
          paperHeading({ issuer, body: council, symbol: "BB-HĐTĐKT", place, day }),
          plain(""),
          centered("BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", { bold: true }),
          centered(`Về việc xét đề nghị khen thưởng — ${cycle.name}`, { bold: true }),
          plain(`Các phiên họp: ${meetings.map(dayVi).join("; ") || "—"}.`),
          plain("Kết quả biểu quyết đối với từng trường hợp:"),
          table(minutesRows),
          plain("Hội đồng thống nhất đề nghị cấp có thẩm quyền xem xét, khen thưởng các trường hợp trên."),
          plain(""),
          signature(["- Thành viên Hội đồng;", "- Lưu: VT, HĐTĐKT."], "THƯ KÝ HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG"),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** A calendar day as a date cell (midnight UTC, which spreadsheets show as that day). */
function dateCell(day: string): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date));
}

export async function nomineesXlsx(input: DossierInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "PCBLGĐ";
  workbook.created = input.generatedAt;
  const sheet = workbook.addWorksheet("Danh sách đề nghị");
  sheet.addRow([`Danh sách đề nghị khen thưởng — ${input.cycle.name}`]);
  sheet.addRow([...headers, "Số quyết định", "Ngày quyết định"]);
  sheet.getRow(2).font = { bold: true };
  // Typed cells: the number is a number and the decision date a date, so a spreadsheet sorts and sums them.
  input.nominations.forEach((nomination, index) => {
    const [, ...texts] = rowOf(nomination, index, input.communeName);
    const row = sheet.addRow([index + 1, ...texts, nomination.decision?.number ?? null, nomination.decision ? dateCell(nomination.decision.date) : null]);
    row.getCell(headers.length + 2).numFmt = "dd/mm/yyyy";
  });
  sheet.columns.forEach((column, index) => {
    column.width = [6, 30, 12, 30, 24, 16, 24, 28, 16, 16][index] ?? 16;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
