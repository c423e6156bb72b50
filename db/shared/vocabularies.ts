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
  /** What the right asks of the court, in one line an observer reads in the courtroom. */
  explanation: string;
  /** The label and the explanation in Russian (the English ones are `label` and `explanation`). */
  ru: { label: string; explanation: string };
}

/** The instruments as Russian texts cite them: МПГПП (the ICCPR), КПП (the Convention against Torture). */
const russianInstruments: Record<string, string> = { ICCPR: 'МПГПП', CAT: 'КПП', ECHR: 'ЕКПЧ' };

/** A legal basis as the language cites it: "ICCPR 14(3)(f)" in English, "МПГПП, ст. 14(3)(f)" in Russian. */
export function basisInLanguage(basis: string, language: string): string {
  if (!language.startsWith('ru')) return basis;
  const cited = /^([A-Z]+) (\d.*)$/.exec(basis);
  return cited && russianInstruments[cited[1]!] ? `${russianInstruments[cited[1]!]}, ст. ${cited[2]}` : basis;
}

/** An indicator's label and explanation in the interface's language, with its legal basis. */
export function indicatorText(indicator: FairTrialIndicator, language: string): { label: string; explanation: string; basis: string } {
  const words = language.startsWith('ru') ? indicator.ru : indicator;
  return { label: words.label, explanation: words.explanation, basis: indicator.basis.map((b) => basisInLanguage(b, language)).join('; ') };
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

/** The default set for criminal trials, shipped with Vigil: each right with its basis and what it asks, in English and Russian (a table, one right per line). */
// prettier-ignore
export const fairTrialIndicators: FairTrialIndicator[] = [
  { key: 'public-hearing', label: 'Public hearing', basis: ['ICCPR 14(1)'], explanation: 'Hearings are open to the public and the press; they are closed only on the grounds the Covenant lists, by a reasoned decision.', ru: { label: 'Публичное разбирательство', explanation: 'Заседания открыты для публики и прессы; закрыть их можно лишь по основаниям, названным в Пакте, мотивированным решением.' } },
  { key: 'independence', label: 'Independent and impartial tribunal', basis: ['ICCPR 14(1)'], explanation: 'The court is established by law and free of influence from the executive, the parties or its own prejudice.', ru: { label: 'Независимый и беспристрастный суд', explanation: 'Суд создан на основании закона и свободен от влияния исполнительной власти, сторон и собственной предвзятости.' } },
  { key: 'equality-of-arms', label: 'Equality of arms', basis: ['ICCPR 14(1)', 'ICCPR 14(3)(e)'], explanation: 'The defence has the same procedural opportunities as the prosecution to present and challenge evidence.', ru: { label: 'Равенство сторон', explanation: 'У защиты те же процессуальные возможности, что и у обвинения, представлять и оспаривать доказательства.' } },
  { key: 'presumption-of-innocence', label: 'Presumption of innocence', basis: ['ICCPR 14(2)'], explanation: 'The accused is treated as innocent until proven guilty: no cage or shackles without need, no officials prejudging the verdict.', ru: { label: 'Презумпция невиновности', explanation: 'С обвиняемым обращаются как с невиновным, пока вина не доказана: без клетки и наручников без необходимости, без заявлений должностных лиц, предрешающих приговор.' } },
  { key: 'informed-of-charges', label: 'Informed promptly of the charges', basis: ['ICCPR 14(3)(a)', 'ICCPR 9(2)'], explanation: 'The accused is told promptly, in a language they understand, of the nature and cause of the charges.', ru: { label: 'Незамедлительное уведомление об обвинении', explanation: 'Обвиняемому незамедлительно и на понятном ему языке сообщают о характере и основании обвинения.' } },
  { key: 'time-and-facilities', label: 'Adequate time and facilities to prepare a defence', basis: ['ICCPR 14(3)(b)'], explanation: 'The defence has adequate time and access to the case file to prepare, and the accused can meet counsel in confidence.', ru: { label: 'Время и возможности для подготовки защиты', explanation: 'У защиты достаточно времени и доступ к материалам дела, а обвиняемый может встречаться с защитником конфиденциально.' } },
  { key: 'counsel', label: 'Counsel of own choosing; legal assistance', basis: ['ICCPR 14(3)(b)', 'ICCPR 14(3)(d)'], explanation: 'The accused is defended by counsel of their choosing, or assigned free of charge where justice requires.', ru: { label: 'Защитник по своему выбору; юридическая помощь', explanation: 'Обвиняемого защищает выбранный им защитник или назначенный бесплатно, когда этого требуют интересы правосудия.' } },
  { key: 'witnesses', label: 'Examine and call witnesses', basis: ['ICCPR 14(3)(e)'], explanation: "The defence can examine the prosecution's witnesses and call its own under the same conditions.", ru: { label: 'Допрос и вызов свидетелей', explanation: 'Защита может допрашивать свидетелей обвинения и вызывать своих на тех же условиях.' } },
  { key: 'interpreter', label: 'Free interpreter', basis: ['ICCPR 14(3)(f)'], explanation: 'An accused who does not understand or speak the language of the court has a free interpreter.', ru: { label: 'Бесплатный переводчик', explanation: 'Обвиняемый, который не понимает языка суда или не говорит на нём, бесплатно пользуется помощью переводчика.' } },
  { key: 'no-compelled-confession', label: 'Not compelled to testify or confess guilt', basis: ['ICCPR 14(3)(g)'], explanation: 'The accused is not compelled to testify against themselves or to confess guilt.', ru: { label: 'Недопустимость принуждения к показаниям или признанию вины', explanation: 'Обвиняемого не принуждают давать показания против себя или признавать вину.' } },
  { key: 'torture-evidence-excluded', label: 'Evidence obtained by torture excluded', basis: ['ICCPR 7', 'ICCPR 14(3)(g)', 'CAT 15'], explanation: 'Statements obtained by torture or ill-treatment are excluded as evidence, and allegations of it are investigated.', ru: { label: 'Исключение доказательств, полученных под пыткой', explanation: 'Показания, полученные под пыткой или при жестоком обращении, исключаются из доказательств, а заявления о пытках расследуются.' } },
  { key: 'undue-delay', label: 'Tried without undue delay', basis: ['ICCPR 14(3)(c)', 'ICCPR 9(3)'], explanation: 'The accused is tried without undue delay, and detention before trial is the exception.', ru: { label: 'Рассмотрение без неоправданной задержки', explanation: 'Обвиняемого судят без неоправданной задержки, а содержание под стражей до суда остаётся исключением.' } },
  { key: 'public-judgment', label: 'Public, reasoned judgment', basis: ['ICCPR 14(1)'], explanation: 'The judgment is made public and gives the reasons for the verdict and the sentence.', ru: { label: 'Публичное мотивированное решение', explanation: 'Приговор оглашается публично и содержит мотивы решения о виновности и наказании.' } },
  { key: 'appeal', label: 'Review by a higher tribunal', basis: ['ICCPR 14(5)'], explanation: 'The conviction and sentence can be reviewed by a higher tribunal according to law.', ru: { label: 'Пересмотр вышестоящим судом', explanation: 'Осуждение и приговор могут быть пересмотрены вышестоящим судом в соответствии с законом.' } },
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
