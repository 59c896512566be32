/**
 * The door of every officer page (layouts/Officer.astro with `gate`). Without a usable session the
 * officer is sent to /dang-nhap/?quay-lai=<this page> before the page shows anything; with one,
 * `GET /api/me` says who they are, the header shows their name, the sign-out button and the links
 * their roles allow, and the content is shown. Page scripts wait for `session`.
 */
import { ApiProblem, api } from "./api.ts";
import { sessionState, signOut } from "./auth.ts";
import { isPermission, type Me, may, parseMe } from "./me.ts";
import { restoreFormsOnPage } from "./page-drafts.ts";
import { signInUrl } from "./return-to.ts";

export interface OfficerSession {
  me: Me;
}

const never = new Promise<never>(() => {});

function element<T extends HTMLElement = HTMLElement>(selector: string): T | null {
  return document.querySelector<T>(selector);
}

function showError(): Promise<never> {
  const status = element("[data-gate-status]");
  if (status) status.hidden = true;
  const error = element("[data-gate-error]");
  if (error) error.hidden = false;
  return never;
}

function showHeader(me: Me): void {
  const name = element("[data-officer-name]");
  if (name) name.textContent = me.name;
  const session = element("[data-session]");
  if (session) session.hidden = false;
  const nav = element("[data-officer-nav]");
  if (nav) nav.hidden = false;
  // `data-requires="a b"`: shown when the officer's roles carry any of these permissions.
  for (const item of document.querySelectorAll<HTMLElement>("[data-requires]")) {
    const needed = (item.dataset.requires ?? "").split(/\s+/).filter(isPermission);
    item.hidden = !needed.some((permission) => may(me, permission));
  }
  const button = element<HTMLButtonElement>("[data-sign-out]");
  button?.addEventListener("click", () => {
    button.disabled = true;
    signOut().catch(() => {
      button.disabled = false;
    });
  });
}

async function open(): Promise<OfficerSession> {
  let state: Awaited<ReturnType<typeof sessionState>>;
  try {
    state = await sessionState();
  } catch {
    return showError();
  }
  if (state !== "usable") {
    // Nothing has been typed on this page yet, so there is nothing to keep; a session that ran out says so.
    window.location.replace(signInUrl(`${window.location.pathname}${window.location.search}`, state === "ended"));
    return never;
  }
  let me: Me | undefined;
  try {
    me = parseMe(await api<unknown>("/api/me"));
  } catch (error) {
    if (!(error instanceof ApiProblem)) console.error("GET /api/me failed:", (error as Error).name);
    return showError();
  }
  if (!me) return showError();
  showHeader(me);
  const status = element("[data-gate-status]");
  if (status) status.hidden = true;
  const content = element("[data-gate-content]");
  if (content) content.hidden = false;
  return { me };
}

/** Resolves once the officer is known and the page is shown; never settles when the page is leaving. */
export const session: Promise<OfficerSession> = open();

/**
 * Puts back the forms saved when the session ended (call once the page's forms are ready), and
 * says so. Returns the keys (ids) of the forms restored.
 */
export function restoreDraft(): string[] {
  const restored = restoreFormsOnPage();
  const notice = element("[data-draft-notice]");
  if (notice && restored.length > 0) notice.hidden = false;
  return restored;
}

/** Moves keyboard and screen-reader focus to an element that is not focusable by itself (a heading, a notice). */
export function focusOn(target: HTMLElement | null): void {
  if (!target) return;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
}
