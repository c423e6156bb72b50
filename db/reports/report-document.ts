/**
 * A report as blocks of text, tables and citations, with no format of its own: the DOCX and the
 * HTML (and the PDF printed from it) are written from the same document, so they say the same.
 */

/** A piece of a paragraph: text, or a citation that becomes a footnote (DOCX) or a numbered note (HTML). */
export type Inline = { text: string; bold?: boolean; italic?: boolean } | { cite: number };

/** How a table cell's value reads at a glance: the assessments' colours. */
export type Tone = 'violated' | 'concern' | 'respected' | 'muted';

export interface Cell {
  runs: Inline[];
  tone?: Tone;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; anchor?: string }
  | { kind: 'paragraph'; runs: Inline[]; style?: 'placeholder' | 'quote' | 'meta' }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'table'; head: string[]; rows: Cell[][]; widths?: number[] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'contents' }
  | { kind: 'pageBreak' };

export interface ReportDocument {
  language: string;
  title: string;
  subtitle: string;
  runningHeader: string;
  /** The line every copy carries: the file is not encrypted. */
  warning: string;
  blocks: Block[];
  /** Citations' texts, numbered from 1 in the order they are cited. */
  citations: string[];
  /** The words the formats print around the content ("Contents", "Page"). */
  words: { contents: string; page: string; citations: string };
}

export const text = (value: string, style: { bold?: boolean; italic?: boolean } = {}): Inline => ({ text: value, ...style });
export const cell = (value: string, tone?: Tone): Cell => ({ runs: value ? [text(value)] : [], ...(tone ? { tone } : {}) });
