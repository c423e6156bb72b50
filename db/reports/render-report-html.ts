import { escapeHtml } from '../exports/render-html.js';
import type { Block, Cell, Inline, ReportDocument } from './report-document.js';

/** A string for CSS `content: "…"`: quotes, backslashes and line breaks escaped. */
function cssString(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ')}"`;
}

function style(doc: ReportDocument): string {
  return `
@page{size:A4;margin:22mm 18mm 20mm;@top-center{content:${cssString(doc.runningHeader)};font:9pt "DejaVu Sans",Arial,sans-serif;color:#555}@bottom-right{content:${cssString(doc.words.page)} " " counter(page);font:9pt "DejaVu Sans",Arial,sans-serif;color:#555}}
@page:first{@top-center{content:none}}
body{font:11pt/1.45 "DejaVu Serif","Noto Serif",Georgia,serif;color:#16181d;max-width:48rem;margin:2rem auto;padding:0 1rem}
h1,h2,h3,.title{font-family:"DejaVu Sans","Noto Sans",Arial,sans-serif;break-after:avoid}
.title{font-size:20pt;margin:0 0 .4rem}.subtitle{color:#444;margin:0 0 1rem}
h1{font-size:15pt;margin:1.6rem 0 .5rem;border-bottom:1px solid #99a}h2{font-size:12.5pt;margin:1.2rem 0 .4rem}h3{font-size:11pt;margin:1rem 0 .3rem}
.warning{border:1px solid #b54;background:#fdf3f1;padding:.3rem .6rem;font-size:9pt}
.placeholder{background:#fff6cc;font-style:italic}.meta{color:#444;font-size:10pt}
nav.contents ol{padding-left:1.2rem}nav.contents a{color:inherit;text-decoration:none}
table{border-collapse:collapse;width:100%;margin:.4rem 0 .8rem;font-size:9.5pt}th,td{border:1px solid #aab;padding:.2rem .4rem;text-align:left;vertical-align:top}th{background:#eceef3}
tr{break-inside:avoid}thead{display:table-header-group}
table.facts th{width:28%;background:none;font-weight:600}
.violated{background:#f3d0ca}.concern{background:#f9e8c3}.respected{background:#d9ecd9}.muted{color:#666}
sup a{text-decoration:none}ol.citations{font-size:9.5pt}
.page-break{break-before:page}
@media print{body{max-width:none;margin:0;padding:0}.warning{border-color:#000}a{color:inherit}}`;
}

let anchorPrefix = '';

function inline(run: Inline): string {
  if ('cite' in run) return `<sup><a href="#${anchorPrefix}cite-${run.cite}" id="${anchorPrefix}cited-${run.cite}">${run.cite}</a></sup>`;
  let html = escapeHtml(run.text).replace(/\n/g, '<br>');
  if (run.bold) html = `<strong>${html}</strong>`;
  if (run.italic) html = `<em>${html}</em>`;
  return html;
}

const runs = (list: readonly Inline[]) => list.map(inline).join('');
const td = (c: Cell) => `<td${c.tone ? ` class="${c.tone}"` : ''}>${runs(c.runs)}</td>`;

function block(b: Block, doc: ReportDocument): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}${b.anchor ? ` id="${escapeHtml(b.anchor)}"` : ''}>${escapeHtml(b.text)}</h${b.level}>`;
    case 'paragraph':
      return `<p${b.style ? ` class="${b.style}"` : ''}>${runs(b.runs)}</p>`;
    case 'facts':
      return `<table class="facts"><tbody>${b.rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</tbody></table>`;
    case 'table': {
      const cols = b.widths ? `<colgroup>${b.widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>` : '';
      return `<table>${cols}<thead><tr>${b.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('')}</tbody></table>`;
    }
    case 'list':
      return `<ul>${b.items.map((item) => `<li>${runs(item)}</li>`).join('')}</ul>`;
    case 'contents': {
      const entries = doc.blocks.filter((x): x is Extract<Block, { kind: 'heading' }> => x.kind === 'heading' && x.level === 1 && Boolean(x.anchor));
      return `<nav class="contents" aria-labelledby="contents"><h1 id="contents">${escapeHtml(doc.words.contents)}</h1><ol>${entries.map((e) => `<li><a href="#${escapeHtml(e.anchor!)}">${escapeHtml(e.text)}</a></li>`).join('')}${doc.citations.length ? `<li><a href="#citations">${escapeHtml(doc.words.citations)}</a></li>` : ''}</ol></nav>`;
    }
    case 'pageBreak':
      return '<div class="page-break"></div>';
  }
}

/**
 * The report as one self-contained HTML file: styles inline, no script, nothing to fetch. It
 * prints cleanly (A4, a running header and page numbers, tables that keep their heads and rows
 * whole across pages), and is what a PDF is printed from.
 */
export function renderReportHtml(doc: ReportDocument): string {
  const citations = doc.citations.length
    ? `<h1 id="citations">${escapeHtml(doc.words.citations)}</h1><ol class="citations">${doc.citations.map((c, i) => `<li id="cite-${i + 1}">${escapeHtml(c)} <a href="#cited-${i + 1}">↩</a></li>`).join('')}</ol>`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(doc.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(doc.title)}</title>
<style>${style(doc)}</style>
</head>
<body>
<p class="warning">${escapeHtml(doc.warning)}</p>
<p class="title">${escapeHtml(doc.title)}</p>
<p class="subtitle">${escapeHtml(doc.subtitle)}</p>
${doc.blocks.map((b) => block(b, doc)).join('\n')}
${citations}
</body>
</html>
`;
}

/**
 * The report's content as part of another page (a records export holding several trials): its
 * blocks and citations, anchors prefixed so two reports in one file never share one.
 */
export function renderReportBody(doc: ReportDocument, prefix: string): string {
  anchorPrefix = prefix;
  try {
    const blocks = doc.blocks.filter((b) => b.kind !== 'contents' && b.kind !== 'pageBreak').map((b) => block(b, doc));
    const citations = doc.citations.length
      ? `<h2>${escapeHtml(doc.words.citations)}</h2><ol class="citations">${doc.citations.map((c, i) => `<li id="${prefix}cite-${i + 1}">${escapeHtml(c)}</li>`).join('')}</ol>`
      : '';
    // One level down: the export's own headings are the records.
    return [...blocks, citations].join('\n').replace(/<(\/?)h([123])/g, (_, slash: string, level: string) => `<${slash}h${Number(level) + 1}`);
  } finally {
    anchorPrefix = '';
  }
}
