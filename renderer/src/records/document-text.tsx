import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordType } from '../../../db/shared/schemas.js';
import { passagesOf, type Passage, type PassageAnchor } from '../../../db/shared/passages.js';

export interface PassageFocus {
  anchor: PassageAnchor;
  /** The words the search matched, to mark in the passage. */
  terms: string[];
}

const sameAnchor = (a: PassageAnchor, b: PassageAnchor) =>
  a.field === b.field && a.page === b.page && a.section === b.section && a.paragraph === b.paragraph && a.lines?.[0] === b.lines?.[0];

function termPattern(terms: string[]): RegExp | null {
  const words = terms.map((t) => t.trim()).filter(Boolean);
  return words.length ? new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu') : null;
}

function marked(text: string, pattern: RegExp | null): ReactNode[] {
  if (!pattern) return [text];
  return text.split(pattern).map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : part));
}

/**
 * The passage a search hit names. A long paragraph cut in pieces gives each piece the same
 * anchor, so among those the one holding most of the matched words is it.
 */
function focusedIndex(passages: Passage[], focus: PassageFocus | undefined, pattern: RegExp | null): number {
  if (!focus) return -1;
  const candidates = passages.map((p, i) => [p, i] as const).filter(([p]) => sameAnchor(p.anchor, focus.anchor));
  if (candidates.length < 2 || !pattern) return candidates[0]?.[1] ?? -1;
  const hits = (text: string) => text.match(new RegExp(pattern.source, 'giu'))?.length ?? 0;
  return candidates.reduce((best, c) => (hits(c[0].text) > hits(passages[best]!.text) ? c[1] : best), candidates[0]![1]);
}

/** Where each section and each page begins, in reading order. */
function landmarks(passages: Passage[]) {
  const sections: { label: string; index: number }[] = [];
  const pages: { page: number; index: number }[] = [];
  passages.forEach((p, index) => {
    if (p.anchor.section && p.anchor.section !== sections.at(-1)?.label) sections.push({ label: p.anchor.section, index });
    if (typeof p.anchor.page === 'number' && p.anchor.page !== pages.at(-1)?.page) pages.push({ page: p.anchor.page, index });
  });
  return { sections, pages };
}

/**
 * A long text (a report's body, a note) read as the search index cut it: passage by passage
 * with its page and section, under a table of contents of its sections and a row of its pages,
 * so a reader moves through a 300-page report as through the document itself. A search hit
 * opens on its own passage, scrolled into view and highlighted, with the words that matched marked.
 */
export function DocumentText({
  type,
  data,
  field,
  focus,
  onShowPage,
}: {
  type: RecordType;
  data: Record<string, unknown>;
  field: string;
  focus?: PassageFocus | undefined;
  /** Given when the text came from a PDF kept as the original: a page number then opens that page. */
  onShowPage?: ((page: number, terms: string[]) => void) | undefined;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  // Cutting a long report (hundreds of KB) takes a while: once per record value, not on every render.
  const passages = useMemo(() => passagesOf(type, data).filter((p) => p.kind === 'body' && p.anchor.field === field), [type, data, field]);
  const { sections, pages } = useMemo(() => landmarks(passages), [passages]);
  const pattern = useMemo(() => termPattern(focus?.terms ?? []), [focus]);
  const focusAt = useMemo(() => focusedIndex(passages, focus, pattern), [passages, focus, pattern]);

  const show = (index: number) => {
    const target = container.current?.querySelector<HTMLElement>(`[data-passage="${index}"]`);
    target?.scrollIntoView({ block: 'start' });
    target?.focus({ preventScroll: true });
  };

  useEffect(() => {
    if (focusAt >= 0) container.current?.querySelector(`[data-passage="${focusAt}"]`)?.scrollIntoView({ block: 'center' });
  }, [focusAt]);

  return (
    <div ref={container}>
      {(sections.length > 1 || pages.length > 1) && (
        <nav className="document-contents" aria-label={t('document.contents')}>
          {sections.length > 1 && (
            <details open={sections.length <= 12}>
              <summary>{t('document.sections', { count: sections.length })}</summary>
              <ol>
                {sections.map((s) => (
                  <li key={s.index}>
                    <button type="button" className="link" onClick={() => show(s.index)}>
                      {s.label}
                    </button>
                  </li>
                ))}
              </ol>
            </details>
          )}
          {pages.length > 1 && (
            <p className="document-pages">
              <span>{t('document.pages')}</span>{' '}
              {pages.map((p) => (
                <button key={p.index} type="button" className="link" aria-label={t('document.goToPage', { page: p.page })} onClick={() => show(p.index)}>
                  {p.page}
                </button>
              ))}
            </p>
          )}
        </nav>
      )}
      <div className="document-text">
        {passages.map((passage, i) => {
          const isFocus = i === focusAt;
          return (
            <section key={i} data-passage={i} tabIndex={-1} className={isFocus ? 'passage focused' : 'passage'} aria-current={isFocus ? 'location' : undefined}>
              {(passage.anchor.page !== undefined || passage.anchor.section || passage.anchor.ocr !== undefined) && (
                <p className="passage-anchor">
                  {typeof passage.anchor.page === 'number' && onShowPage ? (
                    <button
                      type="button"
                      className="link"
                      title={t('document.openPage')}
                      onClick={() => onShowPage(passage.anchor.page as number, isFocus ? (focus?.terms ?? []) : [])}
                    >
                      {t('search.page', { page: passage.anchor.page })}
                    </button>
                  ) : passage.anchor.page !== undefined ? (
                    t('search.page', { page: passage.anchor.page })
                  ) : null}
                  {passage.anchor.ocr !== undefined && ` · ${t('search.readByOcr', { confidence: passage.anchor.ocr })}`}
                  {passage.anchor.page !== undefined && passage.anchor.section ? ' · ' : null}
                  {passage.anchor.section}
                  {isFocus && typeof passage.anchor.page === 'number' && onShowPage && (
                    <>
                      {' '}
                      <button type="button" className="secondary small" onClick={() => onShowPage(passage.anchor.page as number, focus?.terms ?? [])}>
                        {t('document.seeOnPage', { page: passage.anchor.page })}
                      </button>
                    </>
                  )}
                </p>
              )}
              <p className="passage-text">{isFocus ? marked(passage.text, pattern) : passage.text}</p>
            </section>
          );
        })}
      </div>
    </div>
  );
}
