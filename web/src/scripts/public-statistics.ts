/**
 * The public statistics page's one script: asks the public API for a year's approved figures
 * (suppressed there), shows the headline numbers, draws the channels' bar chart as SVG (role img,
 * title and description; the same numbers in a table beside it), the tables, and a CSV of exactly
 * what is shown. Same origin only (the site's CSP).
 */
import { fill, need } from "./page-helpers.ts";

type Published = number | "<10" | "*";
interface Row {
  code: string;
  vi: string;
  en: string;
  value: Published;
}
interface Figures {
  year: string;
  approvedCommunes: number;
  communes: number;
  headline: Row[];
  tables: { code: string; name: { vi: string; en: string }; rows: Row[]; total: Published }[];
}

/** The SVG namespace, read from the page's own <svg> (no address written in this script). */
let svgNs = "";

function svg<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>, content?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(svgNs, name) as SVGElementTagNameMap[K];
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (content !== undefined) element.textContent = content;
  return element;
}

function shown(value: Published, locale: string): string {
  return typeof value === "number" ? value.toLocaleString(locale === "vi" ? "vi-VN" : "en-GB") : value;
}

function main(): void {
  const status = need<HTMLElement>("[data-stats-status]");
  const data = status.dataset;
  const locale = data.locale === "en" ? "en" : "vi";
  const label = (row: { vi: string; en: string }) => (locale === "en" ? row.en : row.vi);
  const empty = need<HTMLElement>("[data-stats-empty]");
  const figures = need<HTMLElement>("[data-stats-figures]");
  const year = need<HTMLSelectElement>("#stats-year");
  const chartRoot = need<SVGSVGElement>("[data-stats-chart]");
  svgNs = chartRoot.namespaceURI ?? "";
  let csvText = "";
  let csvName = "so-lieu.csv";
  need<HTMLButtonElement>("[data-stats-csv]").addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([csvText], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = csvName;
    link.click();
    URL.revokeObjectURL(url);
  });

  const params = new URLSearchParams(window.location.search);
  const asked = params.get("nam");
  if (asked && [...year.options].some((option) => option.value === asked)) year.value = asked;
  else if (year.options.length > 1) year.selectedIndex = 1; // the last full year

  function table(caption: string, rows: Row[], total: Published): HTMLTableElement {
    const element = document.createElement("table");
    element.createCaption().textContent = caption;
    const head = element.createTHead().insertRow();
    for (const text of [data.msgRow ?? "", data.msgCount ?? ""]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      head.append(th);
    }
    const body = element.createTBody();
    for (const row of [...rows, { code: "total", vi: data.msgTotal ?? "", en: data.msgTotal ?? "", value: total }]) {
      const line = body.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label(row);
      line.append(th);
      line.insertCell().textContent = shown(row.value, locale);
    }
    return element;
  }

  /** Draws the bars into the page's own <svg> (role img, labelled by the caption and its description). */
  function chart(rows: Row[]): void {
    const barHeight = 28;
    const width = 640;
    const labelWidth = 220;
    const max = Math.max(1, ...rows.map((row) => (typeof row.value === "number" ? row.value : 0)));
    chartRoot.setAttribute("viewBox", `0 0 ${String(width)} ${String(rows.length * barHeight + 8)}`);
    chartRoot.setAttribute("width", "100%");
    chartRoot.replaceChildren(svg("desc", { id: "stats-chart-desc" }, rows.map((row) => `${label(row)}: ${shown(row.value, locale)}`).join("; ")));
    rows.forEach((row, index) => {
      const y = index * barHeight + 4;
      chartRoot.append(svg("text", { x: 0, y: y + 18, "font-size": 14, fill: "currentColor" }, label(row)));
      const length = typeof row.value === "number" ? Math.round(((width - labelWidth - 70) * row.value) / max) : 0;
      chartRoot.append(svg("rect", { x: labelWidth, y: y + 4, width: length, height: barHeight - 10, fill: "#1f5f99" }));
      chartRoot.append(svg("text", { x: labelWidth + length + 6, y: y + 18, "font-size": 14, fill: "currentColor" }, shown(row.value, locale)));
    });
  }

  function csv(body: Figures): string {
    const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    const lines = [["table", "item", "value"].join(",")];
    for (const entry of body.tables) {
      for (const row of entry.rows) lines.push([label(entry.name), label(row), String(row.value)].map(quote).join(","));
      lines.push([label(entry.name), data.msgTotal ?? "", String(entry.total)].map(quote).join(","));
    }
    return `\uFEFF${lines.join("\r\n")}\r\n`;
  }

  function render(body: Figures): void {
    const published = body.approvedCommunes > 0;
    empty.hidden = published;
    figures.hidden = !published;
    status.textContent = published ? fill(data.msgCoverage ?? "", { approved: body.approvedCommunes, communes: body.communes, year: body.year }) : "";
    if (!published) return;
    const headline = need<HTMLElement>("[data-stats-headline]");
    headline.replaceChildren(
      ...body.headline.flatMap((entry) => {
        const term = document.createElement("dt");
        term.textContent = label(entry);
        const value = document.createElement("dd");
        value.textContent = shown(entry.value, locale);
        return [term, value];
      }),
    );
    const channels = body.tables.find((entry) => entry.code === "report-channels");
    const title = fill(data.msgChart ?? "", { year: body.year });
    need<HTMLElement>("[data-stats-chart-title]").textContent = title;
    chart(channels?.rows ?? []);
    need<HTMLElement>("[data-stats-chart-table]").replaceChildren(...(channels ? [table(title, channels.rows, channels.total)] : []));
    need<HTMLElement>("[data-stats-tables]").replaceChildren(...body.tables.map((entry) => table(label(entry.name), entry.rows, entry.total)));
    csvText = csv(body);
    csvName = `so-lieu-${body.year}.csv`;
  }

  async function load(): Promise<void> {
    status.textContent = data.msgLoading ?? "";
    try {
      const response = await fetch(`/api/public/statistics/${encodeURIComponent(year.value)}`, { credentials: "omit" });
      if (!response.ok) throw new Error(String(response.status));
      render((await response.json()) as Figures);
    } catch {
      status.textContent = data.msgError ?? "";
    }
  }

  need<HTMLFormElement>("#stats-filter").addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(window.location.href);
    url.searchParams.set("nam", year.value);
    window.history.replaceState(null, "", url);
    void load();
  });
  void load();
}

main();
