/**
 * The vocabularies Vigil ships: what monitors tag facts with. They are data so the UI, the
 * exports and the validation read one list. Users extend them in the archive later; the
 * schemas accept any well-formed key so an extended term is never rejected.
 */

export interface VocabularyTerm {
  key: string;
  label: string;
  description?: string;
}

export interface FairTrialIndicator extends VocabularyTerm {
  /** Where the guarantee comes from in the ICCPR (and, where relevant, other instruments). */
  basis: string[];
}

export const iccprArticles: VocabularyTerm[] = [
  { key: 'art-2', label: 'Article 2', description: 'Respect and ensure rights without discrimination; effective remedy' },
  { key: 'art-3', label: 'Article 3', description: 'Equal rights of men and women' },
  { key: 'art-4', label: 'Article 4', description: 'Derogations in a public emergency' },
  { key: 'art-6', label: 'Article 6', description: 'Right to life' },
  { key: 'art-7', label: 'Article 7', description: 'Prohibition of torture and cruel, inhuman or degrading treatment' },
  { key: 'art-8', label: 'Article 8', description: 'Prohibition of slavery and forced labour' },
  { key: 'art-9', label: 'Article 9', description: 'Liberty and security of person; no arbitrary arrest or detention' },
  { key: 'art-10', label: 'Article 10', description: 'Humane treatment of persons deprived of liberty' },
  { key: 'art-12', label: 'Article 12', description: 'Freedom of movement' },
  { key: 'art-13', label: 'Article 13', description: 'Expulsion of aliens' },
  { key: 'art-14', label: 'Article 14', description: 'Equality before courts; fair and public hearing' },
  { key: 'art-15', label: 'Article 15', description: 'No retroactive criminal law' },
  { key: 'art-16', label: 'Article 16', description: 'Recognition as a person before the law' },
  { key: 'art-17', label: 'Article 17', description: 'Privacy, family, home, correspondence' },
  { key: 'art-18', label: 'Article 18', description: 'Freedom of thought, conscience and religion' },
  { key: 'art-19', label: 'Article 19', description: 'Freedom of opinion and expression' },
  { key: 'art-20', label: 'Article 20', description: 'Prohibition of war propaganda and advocacy of hatred' },
  { key: 'art-21', label: 'Article 21', description: 'Right of peaceful assembly' },
  { key: 'art-22', label: 'Article 22', description: 'Freedom of association' },
  { key: 'art-23', label: 'Article 23', description: 'Protection of the family' },
  { key: 'art-24', label: 'Article 24', description: 'Rights of the child' },
  { key: 'art-25', label: 'Article 25', description: 'Participation in public affairs; vote and be elected' },
  { key: 'art-26', label: 'Article 26', description: 'Equality before the law; non-discrimination' },
  { key: 'art-27', label: 'Article 27', description: 'Rights of minorities' },
];

export const fairTrialIndicators: FairTrialIndicator[] = [
  { key: 'public-hearing', label: 'Public hearing', basis: ['ICCPR 14(1)'] },
  { key: 'independence', label: 'Independent and impartial tribunal', basis: ['ICCPR 14(1)'] },
  { key: 'equality-of-arms', label: 'Equality of arms', basis: ['ICCPR 14(1)', 'ICCPR 14(3)(e)'] },
  { key: 'presumption-of-innocence', label: 'Presumption of innocence', basis: ['ICCPR 14(2)'] },
  { key: 'informed-of-charges', label: 'Informed promptly of the charges', basis: ['ICCPR 14(3)(a)', 'ICCPR 9(2)'] },
  { key: 'time-and-facilities', label: 'Adequate time and facilities to prepare a defence', basis: ['ICCPR 14(3)(b)'] },
  { key: 'counsel', label: 'Counsel of own choosing; legal assistance', basis: ['ICCPR 14(3)(b)', 'ICCPR 14(3)(d)'] },
  { key: 'witnesses', label: 'Examine and call witnesses', basis: ['ICCPR 14(3)(e)'] },
  { key: 'interpreter', label: 'Free interpreter', basis: ['ICCPR 14(3)(f)'] },
  { key: 'no-compelled-confession', label: 'Not compelled to testify or confess guilt', basis: ['ICCPR 14(3)(g)'] },
  { key: 'torture-evidence-excluded', label: 'Evidence obtained by torture excluded', basis: ['ICCPR 7', 'ICCPR 14(3)(g)', 'CAT 15'] },
  { key: 'undue-delay', label: 'Tried without undue delay', basis: ['ICCPR 14(3)(c)', 'ICCPR 9(3)'] },
  { key: 'public-judgment', label: 'Public, reasoned judgment', basis: ['ICCPR 14(1)'] },
  { key: 'appeal', label: 'Review by a higher tribunal', basis: ['ICCPR 14(5)'] },
];

export const indicatorValues = ['respected', 'concern', 'violated', 'not-observed', 'n/a'] as const;

export const wgadCategories: VocabularyTerm[] = [
  { key: 'I', label: 'Category I', description: 'No legal basis can be invoked to justify the deprivation of liberty' },
  { key: 'II', label: 'Category II', description: 'Detention results from exercising rights protected by the UDHR and the ICCPR (e.g. expression, assembly, association)' },
  { key: 'III', label: 'Category III', description: 'Fair-trial norms so gravely violated that the detention is arbitrary' },
  { key: 'IV', label: 'Category IV', description: 'Asylum-seekers, immigrants or refugees in prolonged administrative custody without review' },
  { key: 'V', label: 'Category V', description: 'Discrimination that aims at or can result in ignoring the equality of human beings' },
];

export const wgadCategoryKeys = ['I', 'II', 'III', 'IV', 'V'] as const;

/** How an observer came to know what a note says. */
export const noteSourceKinds: VocabularyTerm[] = [
  { key: 'seen-directly', label: 'Seen or heard directly' },
  { key: 'told-by-lawyer', label: 'Told by a lawyer' },
  { key: 'told-by-family', label: 'Told by family' },
  { key: 'told-by-defendant', label: 'Told by the defendant' },
  { key: 'case-file', label: 'Case file' },
  { key: 'official', label: 'Official statement' },
  { key: 'media', label: 'Media' },
  { key: 'other', label: 'Other' },
];

/** Who asserted a disputed fact. */
export const asserterKinds: VocabularyTerm[] = [
  { key: 'source', label: 'Source (petitioner)' },
  { key: 'government', label: 'Government' },
  { key: 'un-body', label: 'UN body' },
  { key: 'court', label: 'Court' },
  { key: 'media', label: 'Media' },
  { key: 'monitor', label: 'Monitor' },
  { key: 'ngo', label: 'NGO' },
  { key: 'lawyer', label: 'Lawyer' },
  { key: 'family', label: 'Family' },
  { key: 'detainee', label: 'Detainee' },
  { key: 'other', label: 'Other' },
];

export const linkRelations: VocabularyTerm[] = [
  { key: 'detainee-of', label: 'Detainee of', description: 'a detainee concerned by a case or an event' },
  { key: 'defendant-in', label: 'Defendant in', description: 'a detainee or person tried in a trial' },
  { key: 'observed-at', label: 'Observed at', description: 'a note or hearing observed at a trial or hearing' },
  { key: 'cites', label: 'Cites', description: 'a record that cites a report' },
  { key: 'about-event', label: 'About event', description: 'a record about an event' },
];

export const vocabularies = {
  iccprArticles,
  fairTrialIndicators,
  indicatorValues: indicatorValues.map((key) => ({ key, label: key })),
  wgadCategories,
  noteSourceKinds,
  asserterKinds,
  linkRelations,
};
