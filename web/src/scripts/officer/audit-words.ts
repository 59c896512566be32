/**
 * The audit log in words (pure; tested in tests/unit/audit-words.test.ts): what each audit action
 * of the route table means to an admin checking who read a file, what a record key names (a case by
 * its number, an officer by name), and which entries are routine (an officer's own profile, list
 * views) and hidden unless asked for.
 */

/** Every audit action of functions/<domain>/route-table.ts, as a sentence's verb phrase. */
export const auditActionWords: Record<string, string> = {
  "me.read": "xem thông tin tài khoản của mình",
  "officer.list": "xem danh sách cán bộ",
  "officer.read": "xem thông tin cán bộ",
  "officer.invite": "mời cán bộ mới",
  "officer.update": "sửa vai trò, phạm vi của cán bộ",
  "officer.disable": "vô hiệu hóa tài khoản cán bộ",
  "officer.enable": "kích hoạt lại tài khoản cán bộ",
  "audit.list": "xem nhật ký truy cập",
  "report.list": "xem danh sách tin báo",
  "report.read": "xem tin báo",
  "report.create": "nhập tin báo",
  "report.triage": "phân loại tin báo",
  "case.list": "xem danh sách vụ việc",
  "case.read": "xem hồ sơ vụ việc",
  "case.update": "sửa thông tin vụ việc",
  "case.status": "đổi trạng thái vụ việc",
  "case.consent": "ghi sự đồng ý của người bị bạo lực",
  "case.risk": "đánh giá nguy cơ",
  "case.party-add": "thêm người liên quan vào vụ việc",
  "case.party-update": "sửa người liên quan của vụ việc",
  "case.measure-add": "ghi biện pháp",
  "case.measure-update": "sửa biện pháp",
  "case.service-add": "ghi hỗ trợ, dịch vụ",
  "case.service-update": "sửa hỗ trợ, dịch vụ",
  "case.referral-add": "chuyển gửi",
  "case.follow-up-add": "hẹn theo dõi",
  "case.follow-up-update": "ghi kết quả theo dõi",
  "case.session-add": "ghi buổi hòa giải, tư vấn",
  "case.my-work": "xem việc của mình",
  "case.assign": "phân công cán bộ phụ trách vụ việc",
  "case.referral-status": "cập nhật kết quả chuyển gửi",
  "case.note-add": "ghi chú vào hồ sơ vụ việc",
  "case.same-person-search": "tìm vụ việc trước của cùng người gây bạo lực",
  "case.same-person": "ghi nhận cùng người gây bạo lực với vụ việc trước",
  "case.person-search": "tìm vụ việc theo tên người",
  "case-officer.list": "xem cán bộ của xã để phân công",
  "report.messages-read": "xem trao đổi với người báo tin",
  "report.message-send": "gửi tin nhắn cho người báo tin",
  "cycle.create": "mở đợt khen thưởng",
  "nomination.list": "xem danh sách đề nghị khen thưởng",
  "nomination.create": "lập đề nghị khen thưởng",
  "nomination.read": "xem đề nghị khen thưởng",
  "nomination.update": "sửa đề nghị khen thưởng",
  "nomination.submit": "gửi đề nghị khen thưởng",
  "nomination.council": "ghi kết quả họp Hội đồng thi đua, khen thưởng",
  "nomination.appraise": "thẩm định đề nghị khen thưởng",
  "nomination.decide": "ghi quyết định khen thưởng",
  "nomination.publish": "công bố khen thưởng",
  "nomination.revoke": "thu hồi khen thưởng",
  "attachment.create": "đính kèm tài liệu",
  "attachment.confirm": "xác nhận tài liệu đính kèm",
  "attachment.download": "tải tài liệu đính kèm",
  "plan.list": "xem danh sách kế hoạch",
  "plan.create": "lập kế hoạch",
  "plan.read": "xem kế hoạch",
  "task.create": "giao nhiệm vụ",
  "task.read": "xem nhiệm vụ",
  "task.update": "sửa nhiệm vụ",
  "task.progress": "báo cáo tiến độ nhiệm vụ",
  "checklist.read": "xem danh mục kiểm tra",
  "checklist.update": "sửa danh mục kiểm tra",
  "inspection.list": "xem danh sách cuộc kiểm tra",
  "inspection.create": "lập cuộc kiểm tra",
  "inspection.read": "xem cuộc kiểm tra",
  "inspection.record": "ghi kết quả kiểm tra",
  "inspection.export": "xuất biên bản kiểm tra",
  "recommendation.create": "ghi kiến nghị",
  "recommendation.read": "xem kiến nghị",
  "recommendation.follow-up": "theo dõi thực hiện kiến nghị",
  "oversight.commune": "xem việc của một xã, phường",
  "oversight.overdue": "xem các việc quá hạn",
  "yearly-report.read": "xem báo cáo năm",
  "yearly-report.update": "sửa báo cáo năm",
  "yearly-report.export": "xuất báo cáo năm",
  "dossier.export": "xuất hồ sơ khen thưởng",
  "officer.import-preview": "kiểm tra tệp nhập danh sách cán bộ",
  // Statistics and the province-wide lists (issue 11).
  "statistics.read": "xem báo cáo thống kê của xã",
  "statistics.enter": "nhập số liệu thống kê",
  "statistics.submit": "nộp báo cáo thống kê",
  "statistics.approve": "duyệt báo cáo thống kê",
  "statistics.return": "trả lại báo cáo thống kê",
  "statistics.reopen": "mở lại báo cáo thống kê",
  "statistics.export": "xuất báo cáo thống kê của xã",
  "statistics.read-province": "xem số liệu toàn tỉnh",
  "statistics.export-province": "xuất số liệu toàn tỉnh",
  "statistics.dashboard": "xem bảng theo dõi toàn tỉnh",
  "case.list-province": "xem danh sách vụ việc toàn tỉnh",
  "report.list-province": "xem danh sách tin báo toàn tỉnh",
  // The prevention network (issue 12).
  "directory.list": "xem danh bạ địa chỉ tin cậy, đường dây nóng",
  "directory.template": "tải mẫu nhập danh bạ",
  "directory.import": "nhập danh bạ từ bảng tính",
  "hotline.create": "thêm đường dây nóng",
  "hotline.update": "sửa, tạm ngừng đường dây nóng",
  "hotline.remove": "xóa đường dây nóng",
  "trusted-address.create": "thêm địa chỉ tin cậy",
  "trusted-address.update": "sửa, tạm ngừng địa chỉ tin cậy",
  "trusted-address.remove": "xóa địa chỉ tin cậy",
  "model.list": "xem danh sách mô hình, nhóm cộng đồng",
  "model.create": "ghi mô hình, nhóm cộng đồng",
  "model.export": "xuất danh sách mô hình, nhóm cộng đồng",
  "model.read": "xem mô hình, nhóm cộng đồng",
  "model.update": "sửa mô hình, nhóm cộng đồng",
  "activity.list": "xem danh sách hoạt động truyền thông",
  "activity.create": "ghi hoạt động truyền thông",
  "activity.export": "xuất danh sách hoạt động truyền thông",
  "activity.read": "xem hoạt động truyền thông",
  "activity.update": "sửa hoạt động truyền thông",
  "mediation.list": "xem danh sách vụ hòa giải",
  "mediation.create": "ghi vụ hòa giải",
  "mediation.export": "xuất danh sách vụ hòa giải",
  "mediation.read": "xem vụ hòa giải",
  "mediation.update": "sửa vụ hòa giải",
  "course.list": "xem danh sách lớp tập huấn",
  "course.create": "ghi lớp tập huấn",
  "course.export": "xuất danh sách lớp tập huấn",
  "course.read": "xem lớp tập huấn",
  "course.update": "sửa lớp tập huấn",
  "mediation.report": "chuyển vụ hòa giải thành tin báo",
  "prevention.summary": "xuất tổng hợp phòng ngừa của năm",
  "staff.read": "xem số cán bộ của xã và tỷ lệ được tập huấn",
  "staff.update": "ghi số cán bộ của xã",
  // Transfers between communes (issue 14): the entry names both communes (handOver).
  "case.transfers-incoming": "xem vụ việc xã khác chuyển đến",
  "case.transfer-request": "đề nghị chuyển vụ việc sang xã khác",
  "case.transfer-accept": "tiếp nhận vụ việc xã khác chuyển đến",
  "case.transfer-decline": "từ chối vụ việc xã khác chuyển đến",
  "case.transfer-withdraw": "rút lại đề nghị chuyển vụ việc",
  "case.move": "chuyển vụ việc sang xã khác (cấp tỉnh)",
  "report.transfers-incoming": "xem tin báo xã khác chuyển đến",
  "report.transfer-request": "đề nghị chuyển tin báo sang xã khác",
  "report.transfer-accept": "tiếp nhận tin báo xã khác chuyển đến",
  "report.transfer-decline": "từ chối tin báo xã khác chuyển đến",
  "report.transfer-withdraw": "rút lại đề nghị chuyển tin báo",
  "report.move": "chuyển tin báo sang xã khác (cấp tỉnh)",
};

/** What an action of a domain the words above do not know yet reads as (never the raw code alone). */
export function actionInWords(action: string): string {
  return auditActionWords[action] ?? `thao tác “${action}”`;
}

/** Entries an admin rarely looks for: an officer's own profile and list views. */
export function isRoutine(action: string): boolean {
  return action === "me.read" || action.endsWith(".list");
}

const recordKinds: Record<string, string> = {
  case: "vụ việc",
  report: "tin báo",
  officer: "cán bộ",
  commune: "xã, phường",
  nomination: "đề nghị khen thưởng",
  cycle: "đợt khen thưởng",
  plan: "kế hoạch",
  task: "nhiệm vụ",
  inspection: "cuộc kiểm tra",
  recommendation: "kiến nghị",
  "yearly-report": "báo cáo năm",
  "directory-entry": "mục danh bạ",
  model: "mô hình, nhóm cộng đồng",
  activity: "hoạt động truyền thông",
  mediation: "vụ hòa giải",
  course: "lớp tập huấn",
};

/**
 * "vụ việc NB-2026-000001", "cán bộ Nguyễn Văn An", "xã, phường Phường Phủ Lý"; a record without a
 * name of its own shows its kind and the first characters of its id, enough to tell two apart.
 */
export function recordInWords(
  recordKey: string | undefined,
  label: string | undefined,
  names: { officer(id: string): string | undefined; commune(code: string): string | undefined },
): string {
  if (recordKey === undefined) return "";
  const split = recordKey.indexOf("#");
  const kind = split < 0 ? recordKey : recordKey.slice(0, split);
  const id = split < 0 ? "" : recordKey.slice(split + 1);
  const kindWords = recordKinds[kind] ?? kind;
  const named = label ?? (kind === "officer" ? names.officer(id) : kind === "commune" ? names.commune(id) : undefined);
  if (named !== undefined) return `${kindWords} ${named}`;
  return id === "" ? kindWords : `${kindWords} (mã ${id.slice(0, 8)})`;
}
