import { useTranslation } from 'react-i18next';
import { FieldValue } from '../shared/field-value.js';
import { SideBySide } from '../shared/side-by-side.js';

type Account = Record<string, unknown> & { by?: { kind?: string; name?: string } };

/**
 * An arrest as each party tells it, side by side: one column per account (the source, the
 * government, …), one row per fact, the rows where they disagree marked. Nothing is merged.
 */
/** `titled`: false where the page already heads the section (the trial page names each defendant). */
export function DisputedAccounts({ arrests, titled = true }: { arrests: Record<string, unknown>[]; titled?: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="disputed" aria-label={t('disputed.title')}>
      {titled && <h2 className="document-title">{t('disputed.title')}</h2>}
      {arrests.map((arrest, i) => {
        const accounts = (Array.isArray(arrest.accounts) ? arrest.accounts : []) as Account[];
        if (accounts.length < 2) return null;
        const facts = [...new Set(accounts.flatMap((a) => Object.keys(a).filter((k) => k !== 'by')))];
        const differs = (fact: string) => new Set(accounts.map((a) => JSON.stringify(a[fact] ?? null))).size > 1;
        return (
          <SideBySide
            key={i}
            caption={t('disputed.arrest', { n: i + 1 })}
            columns={accounts}
            columnKey={(_, j) => j}
            heading={(a) =>
              t('disputed.according', { who: [a.by?.kind ? t(`choices.${a.by.kind}`, { defaultValue: a.by.kind }) : '', a.by?.name ?? ''].filter(Boolean).join(', ') })
            }
            fields={facts}
            differs={differs}
            cell={(a, _, fact) => <FieldValue value={a[fact]} field={fact} />}
          />
        );
      })}
    </section>
  );
}

/** Whether a record has facts told differently by different parties. */
export function hasDisputedArrests(data: Record<string, unknown>): data is { arrests: Record<string, unknown>[] } {
  return (
    Array.isArray(data.arrests) &&
    data.arrests.some((a) => a && typeof a === 'object' && Array.isArray((a as { accounts?: unknown }).accounts) && (a as { accounts: unknown[] }).accounts.length >= 2)
  );
}
