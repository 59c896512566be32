/**
 * The local provider's pages: sign-in, new password, sign-out, errors. Vietnamese first with
 * English beside it, like the site; no inline script or style (the site's CSP applies to /oidc),
 * one small stylesheet and one small script served from /oidc/assets/.
 */
export interface Bilingual {
  vi: string;
  en: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${String(character.charCodeAt(0))};`);
}

const text = (message: Bilingual) => `${escapeHtml(message.vi)} <span lang="en">/ ${escapeHtml(message.en)}</span>`;

interface LayoutOptions {
  title: Bilingual;
  assetsPath: string;
  body: string;
  scripts?: string[];
  bodyAttributes?: string;
}

function layout(options: LayoutOptions): string {
  const scripts = (options.scripts ?? []).map((src) => `<script src="${escapeHtml(src)}" defer></script>`).join("");
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(options.title.vi)} — PCBLGĐ</title>
<link rel="stylesheet" href="${escapeHtml(options.assetsPath)}/oidc.css">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${scripts}
</head>
<body${options.bodyAttributes ? ` ${options.bodyAttributes}` : ""}>
<main class="card">
<p class="brand">PCBLGĐ <span lang="en">· officer sign-in</span></p>
<h1>${text(options.title)}</h1>
${options.body}
</main>
</body>
</html>`;
}

function alert(messages: Bilingual[], id = "form-error"): string {
  if (messages.length === 0) return "";
  const items = messages.map((message) => `<li>${text(message)}</li>`).join("");
  return `<div class="alert" role="alert" id="${id}"><ul>${items}</ul></div>`;
}

/** TOTP is required in AWS (Cognito), not on a laptop: the page says so. */
const mfaNote: Bilingual = {
  vi: "Bản chạy cục bộ không yêu cầu xác thực hai lớp (TOTP). Trên AWS, Cognito bắt buộc mã TOTP từ ứng dụng xác thực.",
  en: "The local runtime asks for no second factor (TOTP). In AWS, Cognito requires a TOTP code from an authenticator app.",
};

export interface LoginPageOptions {
  assetsPath: string;
  action: string;
  cancelUrl: string;
  email?: string;
  error?: Bilingual;
}

export function loginPage(options: LoginPageOptions): string {
  const invalid = options.error ? ' aria-invalid="true" aria-describedby="form-error"' : "";
  return layout({
    title: { vi: "Đăng nhập cán bộ", en: "Officer sign-in" },
    assetsPath: options.assetsPath,
    body: `${alert(options.error ? [options.error] : [])}
<form method="post" action="${escapeHtml(options.action)}">
<div class="field">
<label for="email">E-mail</label>
<input id="email" name="email" type="email" autocomplete="username" inputmode="email" required spellcheck="false" autocapitalize="none" maxlength="254" value="${escapeHtml(options.email ?? "")}"${invalid}${options.email ? "" : " autofocus"}>
</div>
<div class="field">
<label for="password">${text({ vi: "Mật khẩu", en: "Password" })}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"${invalid}${options.email ? " autofocus" : ""}>
</div>
<button type="submit">${text({ vi: "Đăng nhập", en: "Sign in" })}</button>
</form>
<p class="note">${text(mfaNote)}</p>
<p class="note">${text({ vi: "Quên mật khẩu? Hãy liên hệ quản trị viên của tỉnh.", en: "Forgot your password? Ask your province administrator." })}</p>
<p><a href="${escapeHtml(options.cancelUrl)}">${text({ vi: "Hủy, quay lại trang web", en: "Cancel and go back to the site" })}</a></p>`,
  });
}

export interface NewPasswordPageOptions {
  assetsPath: string;
  action: string;
  email: string;
  errors?: Bilingual[];
}

export function newPasswordPage(options: NewPasswordPageOptions): string {
  const errors = options.errors ?? [];
  const invalid = errors.length > 0 ? ' aria-invalid="true"' : "";
  const describedBy = errors.length > 0 ? "form-error password-rules" : "password-rules";
  return layout({
    title: { vi: "Đặt mật khẩu mới", en: "Set a new password" },
    assetsPath: options.assetsPath,
    body: `${alert(errors)}
<p>${text({
      vi: `Tài khoản ${options.email} đang dùng mật khẩu tạm thời. Hãy đặt mật khẩu của riêng bạn để tiếp tục.`,
      en: `The account ${options.email} has a temporary password. Set your own password to continue.`,
    })}</p>
<form method="post" action="${escapeHtml(options.action)}">
<input type="text" name="username" autocomplete="username" value="${escapeHtml(options.email)}" hidden readonly>
<div class="field">
<label for="new-password">${text({ vi: "Mật khẩu mới", en: "New password" })}</label>
<input id="new-password" name="newPassword" type="password" autocomplete="new-password" required minlength="12" maxlength="256" aria-describedby="${describedBy}"${invalid} autofocus>
<p class="hint" id="password-rules">${text({
      vi: "Ít nhất 12 ký tự, gồm chữ thường, chữ hoa, chữ số và ký hiệu.",
      en: "At least 12 characters, with lowercase and uppercase letters, a digit and a symbol.",
    })}</p>
</div>
<div class="field">
<label for="confirm-password">${text({ vi: "Nhập lại mật khẩu mới", en: "Repeat the new password" })}</label>
<input id="confirm-password" name="confirmPassword" type="password" autocomplete="new-password" required maxlength="256"${invalid}>
</div>
<button type="submit">${text({ vi: "Lưu và đăng nhập", en: "Save and sign in" })}</button>
</form>`,
  });
}

export interface LogoutPageOptions {
  assetsPath: string;
  /** The provider's hidden form (`id="op.logoutForm"`, with its xsrf field). */
  form: string;
  /** Submit at once (the request proved it came from the site, with the officer's ID token). */
  automatic: boolean;
}

export function logoutPage(options: LogoutPageOptions): string {
  return layout({
    title: { vi: "Đăng xuất", en: "Sign out" },
    assetsPath: options.assetsPath,
    scripts: options.automatic ? [`${options.assetsPath}/logout.js`] : [],
    body: `<p>${text({ vi: "Bạn muốn đăng xuất khỏi PCBLGĐ trên máy này?", en: "Do you want to sign out of PCBLGĐ on this device?" })}</p>
${options.form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus${options.automatic ? " data-auto-submit" : ""}>${text({ vi: "Đăng xuất", en: "Sign out" })}</button>
<button type="submit" form="op.logoutForm" class="secondary">${text({ vi: "Ở lại", en: "Stay signed in" })}</button>
</div>`,
  });
}

/**
 * Sign-out when the provider has no session any more (it expired): oidc-provider would answer a
 * self-submitting form with an inline script; this one submits through /oidc/assets/logout.js.
 */
export function signingOutPage(options: { assetsPath: string; action: string; xsrf: string }): string {
  return layout({
    title: { vi: "Đang đăng xuất", en: "Signing out" },
    assetsPath: options.assetsPath,
    scripts: [`${options.assetsPath}/logout.js`],
    body: `<form id="op.logoutForm" method="post" action="${escapeHtml(options.action)}">
<input type="hidden" name="xsrf" value="${escapeHtml(options.xsrf)}">
<input type="hidden" name="logout" value="yes">
<button type="submit" autofocus data-auto-submit>${text({ vi: "Tiếp tục đăng xuất", en: "Continue signing out" })}</button>
</form>`,
  });
}

export function loggedOutPage(options: { assetsPath: string }): string {
  return layout({
    title: { vi: "Đã đăng xuất", en: "Signed out" },
    assetsPath: options.assetsPath,
    body: `<p>${text({ vi: "Bạn đã đăng xuất.", en: "You are signed out." })}</p>
<p><a href="/">${text({ vi: "Về trang chủ", en: "Go to the home page" })}</a></p>`,
  });
}

export interface ErrorPageOptions {
  assetsPath: string;
  title: Bilingual;
  detail: Bilingual;
  /** The OAuth error code, shown small for support. */
  code?: string;
  signInUrl?: string;
}

export function errorPage(options: ErrorPageOptions): string {
  return layout({
    title: options.title,
    assetsPath: options.assetsPath,
    body: `${alert([options.detail])}
${options.code ? `<p class="note">${text({ vi: "Mã lỗi", en: "Error code" })}: <code>${escapeHtml(options.code)}</code></p>` : ""}
<p><a href="${escapeHtml(options.signInUrl ?? "/")}">${text(
      options.signInUrl ? { vi: "Đăng nhập lại", en: "Sign in again" } : { vi: "Về trang chủ", en: "Go to the home page" },
    )}</a></p>`,
  });
}
