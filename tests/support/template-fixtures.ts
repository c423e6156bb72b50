/** The shape the issue asks `vigil template apply` to accept, word for word. */
export const prisonVisitTemplate = {
  vocabularies: [
    {
      key: 'conditions',
      labels: { en: 'Conditions', ru: 'Условия' },
      terms: [
        { key: 'overcrowding', labels: { en: 'Overcrowding' }, children: [{ key: 'no-bed', labels: { en: 'No bed of one’s own', ru: 'Нет своего спального места' } }] },
        { key: 'no-daylight', labels: { en: 'No daylight' } },
      ],
    },
  ],
  types: [
    {
      key: 'prison-visit',
      labels: { en: 'Prison visit' },
      fields: [
        { key: 'facility', kind: 'text', labels: { en: 'Facility' } },
        { key: 'conditions', kind: 'choice', vocabulary: 'conditions', multiple: true, labels: { en: 'Conditions' } },
      ],
    },
  ],
  fields: [{ type: 'detainee', key: 'ethnicity', kind: 'text', labels: { en: 'Ethnicity' } }],
};
