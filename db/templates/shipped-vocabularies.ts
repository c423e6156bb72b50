import { enChoices, ruChoices } from '../shared/choice-words.js';
import { fairTrialIndicators, iccprArticles, wgadCategories } from '../shared/vocabularies.js';
import type { VocabularyTerm } from '../shared/definition-schemas.js';

/** A vocabulary as fields use it: shipped with Vigil, defined in the archive, or shipped and extended there. */
export interface Vocabulary {
  key: string;
  labels: { en?: string; ru?: string; kk?: string };
  terms: VocabularyTerm[];
  /** Shipped with Vigil (perhaps extended in this archive by a vocabulary record of the same key). */
  shipped: boolean;
  /** The vocabulary record that defines or extends it, if any. */
  id?: string;
}

const choice = (key: keyof typeof enChoices): VocabularyTerm => ({ key, labels: { en: enChoices[key], ru: ruChoices[key] } });

/**
 * The starter vocabularies every archive has, for defined fields to take terms from: the WGAD's
 * categories, the ICCPR's articles, the fair-trial indicators, kinds of violation and kinds of
 * places of detention. An archive extends one with a vocabulary record of the same key.
 */
export const shippedVocabularies: readonly Vocabulary[] = [
  {
    key: 'wgad-categories',
    labels: { en: 'WGAD categories of arbitrary detention', ru: 'Категории произвольного задержания РГПЗ' },
    terms: wgadCategories.map((c) => ({ key: c.key, labels: { en: `${c.label}: ${c.description ?? ''}`.trim(), ru: `Категория ${c.key}` } })),
    shipped: true,
  },
  {
    key: 'iccpr-articles',
    labels: { en: 'ICCPR articles', ru: 'Статьи МПГПП' },
    terms: iccprArticles.map((a) => ({ key: a.key, labels: { en: `${a.label}: ${a.description ?? ''}`.trim(), ru: a.label.replace('Article', 'Статья') } })),
    shipped: true,
  },
  {
    key: 'fair-trial-indicators',
    labels: { en: 'Fair-trial indicators', ru: 'Индикаторы справедливого суда' },
    terms: fairTrialIndicators.map((i) => ({ key: i.key, labels: { en: i.label, ru: i.ru.label } })),
    shipped: true,
  },
  {
    key: 'violations',
    labels: { en: 'Kinds of violation', ru: 'Виды нарушений' },
    terms: [
      {
        key: 'ill-treatment-all',
        labels: { en: 'Torture and ill-treatment', ru: 'Пытки и жестокое обращение' },
        children: (['torture', 'ill-treatment', 'threats', 'forced-confession', 'denial-of-medical-care', 'incommunicado'] as const).map(choice),
      },
      { key: 'arbitrary-detention', labels: { en: 'Arbitrary detention', ru: 'Произвольное задержание' } },
      { key: 'unfair-trial', labels: { en: 'Unfair trial', ru: 'Несправедливый суд' } },
      { key: 'expression', labels: { en: 'Restriction of expression', ru: 'Ограничение свободы выражения' } },
      { key: 'assembly', labels: { en: 'Restriction of peaceful assembly', ru: 'Ограничение мирных собраний' } },
      { key: 'association', labels: { en: 'Restriction of association', ru: 'Ограничение свободы объединений' } },
      { key: 'enforced-disappearance', labels: { en: 'Enforced disappearance', ru: 'Насильственное исчезновение' } },
      { key: 'reprisal', labels: { en: 'Reprisal for cooperation with the UN', ru: 'Преследование за сотрудничество с ООН' } },
    ],
    shipped: true,
  },
  {
    key: 'detention-places',
    labels: { en: 'Kinds of places of detention', ru: 'Виды мест содержания' },
    terms: (['police', 'pretrial', 'prison', 'psychiatric', 'house-arrest', 'unofficial', 'unknown'] as const).map(choice),
    shipped: true,
  },
];
