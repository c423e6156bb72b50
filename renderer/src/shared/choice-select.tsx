import { useTranslation } from 'react-i18next';
import { sensitivity } from '../../../db/shared/schema-parts.js';

/** The sensitivity levels, from the same schema the engine checks. */
export const sensitivities = sensitivity.options;

/** A choice from a fixed list, named in the interface's language, with "any" (empty) first. */
export function ChoiceSelect({ value, options, anyLabel, onChange }: { value: string; options: readonly string[]; anyLabel: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{anyLabel}</option>
      {options.map((option) => (
        <option key={option} value={option}>
          {t(`choices.${option}`, { defaultValue: option })}
        </option>
      ))}
    </select>
  );
}
