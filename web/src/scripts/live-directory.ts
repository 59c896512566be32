/**
 * The public directory pages are built from the province file (which only seeds a deployment);
 * the communes keep their hotlines and trusted addresses live in the API. Once the page is shown,
 * this reads `/api/directory` (cached at most a minute by the CDN) and redraws each commune's
 * lines and addresses from it, so an officer's change appears without a rebuild. The communes page
 * carries a block only for the communes the seed gave entries; a commune that gained its first
 * entry since gets one cloned from the page's <template>. The hotlines page redraws its communes'
 * sections the same way; a commune that gained its first line since the build gets a section
 * named from `/api/hotlines?commune=`. Without JavaScript, or when the API cannot be reached, the
 * built lists stay as they are.
 */
interface Bilingual {
  vi: string;
  en: string;
}
interface Contact {
  name: string;
  phone?: string;
}
interface LiveHotline {
  id: string;
  name: Bilingual;
  number: string;
  hours: Bilingual;
  free: boolean;
  scope: string;
  contact?: Contact;
}
interface LiveAddress {
  id: string;
  commune: string;
  name: string;
  address: string;
  phone?: string;
  hours?: Bilingual;
  contact?: Contact;
}

const root = document.querySelector<HTMLElement>("[data-live-directory]");
const locale: keyof Bilingual = document.documentElement.lang === "en" ? "en" : "vi";

/** The same `tel:` link as the built page (web/src/i18n.ts telHref): digits and + only. */
const tel = (number: string) => `tel:${number.replace(/[^\d+]/g, "")}`;

function span(className: string, text: string, lang?: string): HTMLSpanElement {
  const element = document.createElement("span");
  if (className) element.className = className;
  if (lang) element.lang = lang;
  element.textContent = text;
  return element;
}

function call(number: string): HTMLAnchorElement {
  const link = document.createElement("a");
  link.className = "call-link";
  link.href = tel(number);
  link.textContent = number;
  return link;
}

function labelled(label: string, number: string): HTMLSpanElement {
  const element = span("", `${label}: `);
  element.append(call(number));
  return element;
}

function hotlineItem(hotline: LiveHotline, labels: DOMStringMap): HTMLLIElement {
  const item = document.createElement("li");
  item.className = "hotline";
  const meta = span("hotline-meta", `${labels.labelHours ?? ""}: ${hotline.hours[locale]} · `);
  meta.append(span(hotline.free ? "badge badge-free" : "badge", hotline.free ? (labels.labelFree ?? "") : (labels.labelCharged ?? "")));
  item.append(span("hotline-name", hotline.name[locale]), call(hotline.number), meta);
  if (hotline.contact) item.append(contactOf(hotline.contact, labels));
  return item;
}

function contactOf(contact: Contact, labels: DOMStringMap): HTMLSpanElement {
  const element = span("", `${labels.labelContact ?? ""}: ${contact.name}`, "vi");
  if (contact.phone) element.append(" · ", call(contact.phone));
  return element;
}

function addressItem(address: LiveAddress, labels: DOMStringMap): HTMLLIElement {
  const item = document.createElement("li");
  item.className = "address";
  item.append(span("address-name", address.name, "vi"), span("", address.address, "vi"));
  if (address.phone) item.append(labelled(labels.labelPhone ?? "", address.phone));
  if (address.hours) item.append(span("", `${labels.labelHours ?? ""}: ${address.hours[locale]}`));
  if (address.contact) item.append(contactOf(address.contact, labels));
  return item;
}

function group<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/**
 * The block of a commune that had no entries when the page was built (it carries one "no trusted
 * address yet" line instead, to keep the page light): cloned from the page's template in place of
 * that line. Undefined where there is no such commune on the page (the province-wide lines).
 */
function newBox(list: HTMLElement, template: HTMLTemplateElement, code: string): HTMLElement | undefined {
  const commune = document.getElementById(`xa-${code}`);
  const box = template.content.firstElementChild?.cloneNode(true);
  if (!commune || !list.contains(commune) || !(box instanceof HTMLElement)) return undefined;
  box.dataset.directoryFor = code;
  const line = commune.querySelector(":scope > .empty");
  if (line) line.replaceWith(box);
  else commune.append(box);
  return box;
}

async function getJson<T>(path: string): Promise<T | undefined> {
  const response = await fetch(path, { headers: { accept: "application/json" }, credentials: "omit" });
  return response.ok ? ((await response.json()) as T) : undefined;
}

/** The commune's full name in the page's language, as the API names it (undefined if unknown). */
async function communeName(code: string): Promise<string | undefined> {
  const answer = await getJson<{ commune: { fullName: string; fullNameEn: string } | null }>(`/api/hotlines?commune=${encodeURIComponent(code)}`);
  return answer?.commune ? (locale === "en" ? answer.commune.fullNameEn : answer.commune.fullName) : undefined;
}

/**
 * The hotlines page's communes: each section's lines from the live directory, a section hidden when
 * its commune has none left, and one added (after the built ones) for a commune that has its first.
 */
async function redrawCommuneHotlines(container: HTMLElement, hotlines: Map<string, LiveHotline[]>, labels: DOMStringMap): Promise<void> {
  const sections = new Map<string, HTMLElement>();
  for (const section of container.querySelectorAll<HTMLElement>("[data-commune-hotlines-for]")) sections.set(section.dataset.communeHotlinesFor ?? "", section);
  const added = [...hotlines.keys()].filter((code) => code !== "province" && !sections.has(code)).sort();
  // One name lookup per commune that gained its first line since the build (rare), all at once.
  const names = await Promise.all(added.map(communeName));
  added.forEach((code, index) => {
    const name = names[index];
    if (name === undefined) return;
    const section = document.createElement("section");
    section.className = "commune-hotlines";
    section.dataset.communeHotlinesFor = code;
    section.setAttribute("aria-labelledby", `hl-${code}`);
    const heading = document.createElement("h3");
    heading.id = `hl-${code}`;
    heading.textContent = name;
    const list = document.createElement("ul");
    list.className = "hotlines";
    section.append(heading, list);
    container.querySelector('[data-part="empty-communes"]')?.before(section);
    sections.set(code, section);
  });
  let shown = 0;
  for (const [code, section] of sections) {
    const own = hotlines.get(code) ?? [];
    section.querySelector("ul")?.replaceChildren(...own.map((hotline) => hotlineItem(hotline, labels)));
    section.hidden = own.length === 0;
    if (own.length > 0) shown++;
  }
  const empty = container.querySelector<HTMLElement>('[data-part="empty-communes"]');
  if (empty) empty.hidden = shown > 0;
  container.dataset.live = "true";
}

async function refresh(list: HTMLElement): Promise<void> {
  const live = await getJson<{ hotlines: LiveHotline[]; trustedAddresses: LiveAddress[] }>("/api/directory");
  if (live === undefined) return;
  const hotlines = group(live.hotlines, (hotline) => hotline.scope);
  const addresses = group(live.trustedAddresses, (address) => address.commune);
  const labels = list.dataset;
  const communeHotlines = document.querySelector<HTMLElement>("[data-live-commune-hotlines]");
  if (communeHotlines) await redrawCommuneHotlines(communeHotlines, hotlines, labels);
  const boxes = new Map<string, HTMLElement>();
  for (const box of list.querySelectorAll<HTMLElement>("[data-directory-for]")) boxes.set(box.dataset.directoryFor ?? "", box);
  const template = document.querySelector<HTMLTemplateElement>("template#commune-directory");
  if (template) {
    for (const code of new Set([...hotlines.keys(), ...addresses.keys()])) {
      const box = boxes.has(code) ? undefined : newBox(list, template, code);
      if (box) boxes.set(code, box);
    }
  }
  for (const [code, box] of boxes) {
    const ownLines = hotlines.get(code) ?? [];
    const ownAddresses = addresses.get(code) ?? [];
    const linesPart = box.querySelector<HTMLElement>('[data-part="hotlines"]');
    const addressPart = box.querySelector<HTMLElement>('[data-part="addresses"]');
    const empty = box.querySelector<HTMLElement>('[data-part="empty"]');
    const emptyLines = box.querySelector<HTMLElement>('[data-part="empty-lines"]');
    if (emptyLines) emptyLines.hidden = ownLines.length > 0;
    linesPart?.querySelector("ul")?.replaceChildren(...ownLines.map((hotline) => hotlineItem(hotline, labels)));
    addressPart?.querySelector("ul")?.replaceChildren(...ownAddresses.map((address) => addressItem(address, labels)));
    if (linesPart) linesPart.hidden = ownLines.length === 0;
    if (addressPart) addressPart.hidden = ownAddresses.length === 0;
    if (empty) empty.hidden = ownAddresses.length > 0;
  }
  list.dataset.live = "true";
}

if (root) {
  refresh(root).catch(() => {
    // Offline or the API unreachable: the built directory stays, which is the best we have.
  });
}
