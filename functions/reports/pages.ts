import type { ReceiptThread } from "../../shared/reporter-messages.ts";
import { reporterMessageLimits } from "../../shared/reporter-messages.ts";
import { type PublicStatus, publicStatusLabels, type ReceiptStatus } from "../../shared/reports.ts";
import { vietnamDateTime } from "../../shared/vietnam-time.ts";
import type { FieldError, HttpProblem } from "../lib/problem.ts";

/**
 * The pages a plain form post (no JavaScript) is answered with: the receipt, the status of a
 * report, a problem. Server-rendered, no script at all (CSP `default-src 'none'`), the site's
 * stylesheet for the receipt (`/report-receipt.css`), Vietnamese first with English beside it.
 * Every value is escaped; none of them is what the person reported.
 */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ?? char);
}

const reportPage = "/bao-tin/";
const followUpPage = "/bao-tin/theo-doi/";

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/report-receipt.css">
</head>
<body>
<p class="exit"><a href="https://www.google.com/search?q=th%E1%BB%9Di+ti%E1%BA%BFt" rel="noreferrer">Thoát nhanh / Quick exit</a></p>
<main>
${body}
</main>
</body>
</html>
`;
}

/** 113 and 111 as tap-to-call links, as on every page of the site. */
const emergency = `<p class="emergency"><strong>Nếu có người đang gặp nguy hiểm, hãy gọi ngay <a href="tel:113">113</a> (Công an). Trẻ em cần giúp đỡ: <a href="tel:111">111</a>.</strong><br><span lang="en">If someone is in danger now, call <a href="tel:113">113</a> (police). A child needs help: <a href="tel:111">111</a>.</span></p>`;

export function receiptPage(receipt: { receiptCode: string; urgent: boolean }): string {
  return page(
    "Đã nhận tin báo / Report received",
    `<h1>Đã nhận tin báo của bạn <span lang="en">/ Your report was received</span></h1>
${receipt.urgent ? emergency : ""}
<p>Mã biên nhận của bạn (chỉ hiện một lần): <span lang="en">Your receipt code (shown only once):</span></p>
<p class="code" aria-label="Mã biên nhận / receipt code"><strong>${escapeHtml(receipt.receiptCode)}</strong></p>
<ul>
<li>Hãy ghi nhớ hoặc cất mã ở nơi an toàn, người khác không thấy được. <span lang="en">Memorise it or keep it somewhere safe that no one else sees.</span></li>
<li>Với mã này, bạn xem được tình trạng xử lý và gửi thêm thông tin, nhưng không ai xem được nội dung bạn đã báo. <span lang="en">With it you can check the status and add information; it never shows what you reported.</span></li>
<li>Chúng tôi không lưu mã này; nếu mất mã, hãy gửi tin báo mới hoặc gọi đường dây nóng. <span lang="en">We do not keep the code; if you lose it, send a new report or call the hotline.</span></li>
</ul>
<p><a href="${followUpPage}">Theo dõi tin báo <span lang="en">/ Follow up a report</span></a></p>`,
  );
}

const statusDescriptions: Record<PublicStatus, { vi: string; en: string }> = {
  received: { vi: "Cán bộ xã đã nhận được tin báo và sẽ xem xét.", en: "The commune's officers have it and will look into it." },
  "in-progress": { vi: "Cán bộ đang xử lý tin báo.", en: "Officers are handling the report." },
  closed: {
    vi: "Việc xử lý tin báo đã khép lại. Nếu vẫn cần giúp đỡ, hãy gửi thêm thông tin hoặc gọi đường dây nóng.",
    en: "Handling of the report is closed. If you still need help, add information or call the hotline.",
  },
};

/** The thread with the officers: their words, the times the reporter answered, and the answer form. */
function threadSection(code: string, thread: ReceiptThread): string {
  if (thread.entries.length === 0) return "";
  const lines = thread.entries
    .map((entry) =>
      entry.from === "officer"
        ? `<li><p><strong>Cán bộ xã <span lang="en">/ Commune officer</span></strong>, ${escapeHtml(vietnamDateTime(entry.at))}</p><p class="message">${escapeHtml(entry.text ?? "")}</p></li>`
        : `<li><p>Bạn đã trả lời lúc ${escapeHtml(vietnamDateTime(entry.at))} <span lang="en">/ You answered</span></p></li>`,
    )
    .join("\n");
  const form = thread.canReply
    ? `<form method="post" action="/api/receipts/replies">
<input type="hidden" name="receiptCode" value="${escapeHtml(code)}">
<label for="reply">Trả lời cán bộ <span lang="en">/ Answer the officers</span></label>
<textarea id="reply" name="text" rows="5" maxlength="${String(reporterMessageLimits.text)}" required autocomplete="off"></textarea>
<button type="submit">Gửi trả lời <span lang="en">/ Send the answer</span></button>
</form>`
    : "";
  return `<section aria-labelledby="thread-heading">
<h2 id="thread-heading">Tin nhắn của cán bộ xã <span lang="en">/ Messages from the commune's officers</span></h2>
<p>Vì an toàn của bạn, nội dung bạn trả lời không hiện lại ở đây. <span lang="en">For your safety, what you answered is not shown again here.</span></p>
<ol class="thread">
${lines}
</ol>
${form}
</section>`;
}

export function statusPage(code: string, status: ReceiptStatus, added = false, replied = false): string {
  const label = publicStatusLabels[status.status];
  const description = statusDescriptions[status.status];
  return page(
    "Tình trạng tin báo / Report status",
    `<h1>Tình trạng tin báo <span lang="en">/ Report status</span></h1>
${added ? `<p class="notice" role="status">Đã gửi thêm thông tin. <span lang="en">Your information was added.</span></p>` : ""}
${replied ? `<p class="notice" role="status">Đã gửi trả lời. <span lang="en">Your answer was sent.</span></p>` : ""}
<dl>
<dt>Tình trạng <span lang="en">/ Status</span></dt><dd><strong>${escapeHtml(label.vi)}</strong> <span lang="en">(${escapeHtml(label.en)})</span></dd>
<dt>Ngày tiếp nhận <span lang="en">/ Received on</span></dt><dd>${escapeHtml(status.receivedOn.split("-").reverse().join("/"))}</dd>
<dt>Thông tin đã gửi thêm <span lang="en">/ Additions</span></dt><dd>${String(status.additions)}</dd>
</dl>
<p>${escapeHtml(description.vi)} <span lang="en">${escapeHtml(description.en)}</span></p>
${threadSection(code, status.thread)}
<form method="post" action="/api/receipts/additions">
<input type="hidden" name="receiptCode" value="${escapeHtml(code)}">
<label for="text">Gửi thêm thông tin <span lang="en">/ Add information</span></label>
<textarea id="text" name="text" rows="6" maxlength="3000" required autocomplete="off"></textarea>
<button type="submit">Gửi <span lang="en">/ Send</span></button>
</form>
<p><a href="${followUpPage}">Xong, xoá khỏi màn hình <span lang="en">/ Done</span></a></p>`,
  );
}

export function problemPage(problem: HttpProblem): string {
  const doc = problem.problem;
  const title = String(doc.title);
  const titleEn = String(doc.title_en);
  const errors = (doc.errors as FieldError[] | undefined) ?? [];
  return page(
    `${title} / ${titleEn}`,
    `<h1>${escapeHtml(title)} <span lang="en">/ ${escapeHtml(titleEn)}</span></h1>
${doc.detail ? `<p>${escapeHtml(String(doc.detail))} <span lang="en">${escapeHtml(String(doc.detail_en ?? ""))}</span></p>` : ""}
${
  errors.length > 0
    ? `<ul>${errors.map((error) => `<li>${escapeHtml(error.message)} <span lang="en">(${escapeHtml(error.message_en)})</span> — <code>${escapeHtml(error.field.replace(/^body\./, ""))}</code></li>`).join("")}</ul>`
    : ""
}
<p>Hãy quay lại trang trước (nút Quay lại của trình duyệt giữ nguyên những gì bạn đã nhập) và sửa. <span lang="en">Go back (your browser's Back button keeps what you typed) and correct it.</span></p>
${emergency}
<p><a href="${reportPage}">Trang báo tin <span lang="en">/ Report page</span></a> · <a href="${followUpPage}">Theo dõi tin báo <span lang="en">/ Follow up</span></a></p>`,
  );
}
