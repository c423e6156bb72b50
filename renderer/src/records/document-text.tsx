import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordType } from '../../../db/shared/schemas.js';
import { passagesOf, type PassageAnchor } from '../../../db/shared/passages.js';

export interface PassageFocus {
  anchor: PassageAnchor;
  /** The words the search matched, to mark in the passage. */
  terms: string[];
}

const sameAnchor = (a: PassageAnchor, b: PassageAnchor) =>
  a.field === b.field && a.page === b.page && a.section === b.section && a.paragraph === b.paragraph && a.lines?.[0] === b.lines?.[0];

function marked(text: string, terms: string[]): ReactNode[] {
  const words = terms.map((t) => t.trim()).filter(Boolean);
  if (!words.length) return [text];
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  return text.split(pattern).map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : part));
}

/**
 * A long text (a report's body, a note) read as the search index cut it: passage by passage
 * with its page and section, so a search hit opens on its own passage, scrolled into view and
 * highlighted, with the words that matched marked.
 */
export function DocumentText({ type, data, field, focus }: { type: RecordType; data: Record<string, unknown>; field: string; focus?: PassageFocus | undefined }) {
  const { t } = useTranslation();
  const focused = useRef<HTMLElement>(null);
  // Cutting a long report (hundreds of KB) takes a while: once per record value, not on every render.
  const passages = useMemo(() => passagesOf(type, data).filter((p) => p.kind === 'body' && p.anchor.field === field), [type, data, field]);

  useEffect(() => {
    focused.current?.scrollIntoView({ block: 'center' });
  }, [focus]);

  return (
    <div className="document-text">
      {passages.map((passage, i) => {
        const isFocus = focus !== undefined && sameAnchor(passage.anchor, focus.anchor);
        return (
          <section key={i} ref={isFocus ? focused : undefined} className={isFocus ? 'passage focused' : 'passage'} aria-current={isFocus ? 'location' : undefined}>
            {(passage.anchor.page !== undefined || passage.anchor.section) && (
              <p className="passage-anchor">
                {[passage.anchor.page !== undefined ? t('search.page', { page: passage.anchor.page }) : null, passage.anchor.section].filter(Boolean).join(' · ')}
              </p>
            )}
            <p className="passage-text">{isFocus ? marked(passage.text, focus.terms) : passage.text}</p>
          </section>
        );
      })}
    </div>
  );
}
