/**
 * RFC 9457 problem details. Every error an API answers is one of these, in Vietnamese first with
 * English beside it (`title_en`, `detail_en`, `message_en` are extension members).
 */
export interface FieldError {
  /** Where the bad value is: `query.q`, `body.victim.age`, `path.id`. */
  field: string;
  message: string;
  message_en: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  title_en: string;
  status: number;
  detail?: string;
  detail_en?: string;
  instance?: string;
  errors?: FieldError[];
  /** Extension members (RFC 9457 §3.2), e.g. `current` on a 409. */
  [extension: string]: unknown;
}

interface ProblemInit {
  status: number;
  type: string;
  title: string;
  titleEn: string;
  detail?: string;
  detailEn?: string;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export class HttpProblem extends Error {
  readonly statusCode: number;
  /** middy convention: the message may be shown to the client. */
  readonly expose = true;
  readonly problem: Omit<ProblemDocument, "instance">;
  /** Response headers that belong to this problem (e.g. WWW-Authenticate on a 401). */
  readonly headers: Record<string, string>;

  constructor(init: ProblemInit) {
    super(init.titleEn);
    this.name = "HttpProblem";
    this.statusCode = init.status;
    this.problem = {
      type: `urn:pcblgd:problem:${init.type}`,
      title: init.title,
      title_en: init.titleEn,
      status: init.status,
      ...(init.detail === undefined ? {} : { detail: init.detail }),
      ...(init.detailEn === undefined ? {} : { detail_en: init.detailEn }),
      ...(init.errors === undefined ? {} : { errors: init.errors }),
      ...init.extensions,
    };
    this.headers = init.headers ?? {};
  }
}

export const problems = {
  validation: (errors: FieldError[]) =>
    new HttpProblem({
      status: 400,
      type: "validation",
      title: "Dữ liệu gửi lên không hợp lệ",
      titleEn: "The request is not valid",
      detail: "Xem danh sách lỗi theo từng trường.",
      detailEn: "See the errors listed per field.",
      errors,
    }),
  notFound: () =>
    new HttpProblem({
      status: 404,
      type: "not-found",
      title: "Không tìm thấy",
      titleEn: "Not found",
      detail: "Địa chỉ API này không tồn tại.",
      detailEn: "There is no such API address.",
    }),
  /**
   * An officer route without a valid ID token (none, garbled, expired, another issuer or client,
   * an access token, unknown roles). The client signs in again.
   */
  unauthenticated: () =>
    new HttpProblem({
      status: 401,
      type: "unauthenticated",
      title: "Bạn cần đăng nhập",
      titleEn: "You need to sign in",
      detail: "Phiên đăng nhập không hợp lệ hoặc đã hết hạn; hãy đăng nhập lại.",
      detailEn: "The session is missing, invalid or expired; sign in again.",
      headers: { "www-authenticate": 'Bearer realm="pcblgd"' },
    }),
  /**
   * Denied or absent — deliberately indistinguishable (never 403): an officer learns nothing about
   * records outside their jurisdiction, and CloudFront turns 403s into the site's HTML 404 page.
   */
  hidden: () =>
    new HttpProblem({
      status: 404,
      type: "not-found",
      title: "Không tìm thấy",
      titleEn: "Not found",
      detail: "Mục này không tồn tại hoặc bạn không có quyền xem.",
      detailEn: "It does not exist or you may not see it.",
    }),
  /** A business rule refuses the change (e.g. an officer changing their own roles): 400 naming the field. */
  refused: (error: FieldError) =>
    new HttpProblem({
      status: 400,
      type: "refused",
      title: "Không thực hiện được thay đổi này",
      titleEn: "This change is not allowed",
      errors: [error],
    }),
  /** The record changed since the client read it: 409 with the current version, to merge and retry. */
  conflict: (detail: { vi: string; en: string }, current?: unknown) =>
    new HttpProblem({
      status: 409,
      type: "conflict",
      title: "Dữ liệu đã thay đổi hoặc đã tồn tại",
      titleEn: "Conflict with the current state",
      detail: detail.vi,
      detailEn: detail.en,
      ...(current === undefined ? {} : { extensions: { current } }),
    }),
  methodNotAllowed: () => new HttpProblem({ status: 405, type: "method-not-allowed", title: "Phương thức không được phép", titleEn: "Method not allowed" }),
  unsupportedMediaType: () =>
    new HttpProblem({
      status: 415,
      type: "unsupported-media-type",
      title: "Định dạng dữ liệu không được hỗ trợ",
      titleEn: "Unsupported media type",
      detail: "Hãy gửi JSON với Content-Type: application/json.",
      detailEn: "Send JSON with Content-Type: application/json.",
    }),
  malformedJson: () =>
    new HttpProblem({
      status: 400,
      type: "malformed-json",
      title: "Nội dung JSON không đọc được",
      titleEn: "The JSON body cannot be read",
    }),
  tooManyRequests: (retryAfterSeconds?: number, detail?: { vi: string; en: string }) =>
    new HttpProblem({
      status: 429,
      type: "too-many-requests",
      title: "Quá nhiều yêu cầu, hãy thử lại sau",
      titleEn: "Too many requests, try again later",
      ...(detail ? { detail: detail.vi, detailEn: detail.en } : {}),
      ...(retryAfterSeconds === undefined ? {} : { headers: { "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))) } }),
    }),
  payloadTooLarge: () =>
    new HttpProblem({
      status: 413,
      type: "payload-too-large",
      title: "Nội dung gửi lên quá dài",
      titleEn: "The request body is too large",
      detail: "Hãy rút ngắn nội dung và gửi lại.",
      detailEn: "Shorten the content and send it again.",
    }),
  serviceUnavailable: () =>
    new HttpProblem({
      status: 503,
      type: "service-unavailable",
      title: "Hệ thống đang bận, hãy thử lại sau ít phút",
      titleEn: "The service is busy, try again in a few minutes",
    }),
  internal: () =>
    new HttpProblem({
      status: 500,
      type: "internal",
      title: "Lỗi hệ thống, chúng tôi đã ghi nhận",
      titleEn: "Internal error; it has been recorded",
    }),
};
