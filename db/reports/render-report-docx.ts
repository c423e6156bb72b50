import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { estimatePageNumbers } from 'docx/layout';
import type { Block, Cell, Inline, ReportDocument, Tone } from './report-document.js';

const shades: Record<Tone, string | undefined> = { violated: 'F3D0CA', concern: 'F9E8C3', respected: 'D9ECD9', muted: undefined };
const headingLevels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const border = { style: BorderStyle.SINGLE, size: 4, color: 'AAAABB' };
const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };

function runs(list: readonly Inline[], options: { size?: number; italics?: boolean; color?: string } = {}): ParagraphChild[] {
  return list.map((run) => {
    if ('cite' in run) return new FootnoteReferenceRun(run.cite);
    const lines = run.text.split('\n');
    return new TextRun({
      children: lines.flatMap((line, i) => (i ? [new TextRun({ break: 1 }), line] : [line])) as never,
      bold: run.bold,
      italics: run.italic ?? options.italics,
      size: options.size,
      color: options.color,
    });
  });
}

function tableCell(cell: Cell, width: number | undefined, header = false): TableCell {
  const fill = header ? 'ECEEF3' : cell.tone ? shades[cell.tone] : undefined;
  return new TableCell({
    children: [new Paragraph({ children: runs(cell.runs, { size: 19, ...(cell.tone === 'muted' ? { color: '666666' } : {}) }) })],
    ...(width ? { width: { size: width, type: WidthType.PERCENTAGE } } : {}),
    ...(fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill } } : {}),
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
  });
}

function blockOf(b: Block, doc: ReportDocument): (Paragraph | Table | TableOfContents)[] {
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ heading: headingLevels[b.level], children: [new TextRun(b.text)] })];
    case 'paragraph':
      return [
        new Paragraph({
          children: runs(b.runs, b.style === 'placeholder' ? { italics: true } : b.style === 'meta' ? { color: '444444' } : {}),
          ...(b.style === 'placeholder' ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'FFF6CC' } } : {}),
          spacing: { after: 120 },
        }),
      ];
    case 'facts':
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          borders,
          rows: b.rows.map(
            ([label, value]) =>
              new TableRow({
                cantSplit: true,
                children: [tableCell({ runs: [{ text: label, bold: true }] }, 28), tableCell({ runs: [{ text: value }] }, 72)],
              }),
          ),
        }),
        new Paragraph({ children: [] }),
      ];
    case 'table':
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          borders,
          rows: [
            new TableRow({ tableHeader: true, cantSplit: true, children: b.head.map((h, i) => tableCell({ runs: [{ text: h, bold: true }] }, b.widths?.[i], true)) }),
            ...b.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((c, i) => tableCell(c, b.widths?.[i])) })),
          ],
        }),
        new Paragraph({ children: [] }),
      ];
    case 'list':
      return b.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: runs(item), spacing: { after: 80 } }));
    case 'contents':
      return [
        new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.words.contents)] }),
        new TableOfContents(doc.words.contents, { hyperlink: true, headingStyleRange: '1-2' }),
      ];
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })];
  }
}

/**
 * The report as a Word document, the format NGOs edit: real headings (Heading 1–3, so the
 * navigation pane and the table of contents field work), tables with header rows repeated on
 * each page, citations as footnotes, and a running header with the page number in the footer.
 */
export async function renderReportDocx(doc: ReportDocument): Promise<Buffer> {
  const footnotes = Object.fromEntries(doc.citations.map((c, i) => [i + 1, { children: [new Paragraph({ children: [new TextRun({ text: c, size: 18 })] })] }]));
  const document = new Document({
    title: doc.title,
    description: doc.subtitle,
    creator: 'Vigil',
    // Page numbers in the table of contents as laid out here, so it reads right in editors that do not update fields; Word updates them on opening.
    pageNumbers: estimatePageNumbers,
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: 'Liberation Serif', size: 22 } },
        heading1: { run: { font: 'Liberation Sans', size: 30, bold: true } },
        heading2: { run: { font: 'Liberation Sans', size: 25, bold: true } },
        heading3: { run: { font: 'Liberation Sans', size: 22, bold: true } },
      },
    },
    footnotes,
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1247, bottom: 1134, left: 1020, right: 1020 } }, titlePage: true },
        headers: {
          default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: doc.runningHeader, size: 17, color: '555555' })] })] }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ children: [`${doc.words.page} `, PageNumber.CURRENT], size: 17, color: '555555' })] }),
            ],
          }),
        },
        children: [
          new Paragraph({ children: [new TextRun({ text: doc.warning, size: 17, color: 'AA4433' })], spacing: { after: 240 } }),
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
          new Paragraph({ children: [new TextRun({ text: doc.subtitle, italics: true })], spacing: { after: 240 } }),
          ...doc.blocks.flatMap((b) => blockOf(b, doc)),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
