import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldLabel } from './field-value.js';

/**
 * Versions of one thing side by side (a record's conflicting versions, the parties' accounts of
 * an arrest): one column per version, one row per field, the rows where they differ marked.
 */
export function SideBySide<T>({
  caption,
  columns,
  columnKey,
  heading,
  fields,
  differs,
  cell,
}: {
  caption?: ReactNode;
  columns: readonly T[];
  columnKey: (column: T, index: number) => string | number;
  heading: (column: T, index: number) => ReactNode;
  fields: readonly string[];
  differs: (field: string) => boolean;
  cell: (column: T, index: number, field: string) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <table className="side-by-side">
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{t('conflicts.field')}</th>
          {columns.map((column, i) => (
            <th scope="col" key={columnKey(column, i)}>
              {heading(column, i)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => (
          <tr key={field} className={differs(field) ? 'differs' : undefined}>
            <th scope="row">{fieldLabel(field)}</th>
            {columns.map((column, i) => (
              <td key={columnKey(column, i)}>{cell(column, i, field)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
