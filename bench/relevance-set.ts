/**
 * Queries as monitors type them, judged against the five documents of ../shared/corpus before
 * any engine ran: for each, the document that answers it and a few words of the passage that
 * does (matched case- and space-insensitively in the first hit's passage), and any other place
 * that says the same thing. The documents are
 * read from that folder at run time; this file holds no text of theirs beyond those few words.
 */
export type RelevanceCategory = 'names' | 'scripts' | 'inflections' | 'kazakh' | 'typos' | 'concepts' | 'articles' | 'dates' | 'phrases' | 'acronyms' | 'boolean';
export type CorpusDocument = 'wgad' | 'ngo' | 'zhanaozen' | 'massimov' | 'petition';

export const corpusFiles: Record<CorpusDocument, string> = {
  wgad: 'wgad-opinion-57-2022.txt',
  ngo: 'ngo-iccpr-shadow-report.txt',
  zhanaozen: 'zhanaozen-observation-mission.txt',
  massimov: 'article-massimov-case.txt',
  petition: 'article-petition-excerpts.txt',
};

export interface Judgement {
  category: RelevanceCategory;
  query: string;
  document: CorpusDocument;
  /** Words the right passage holds. */
  passage: string;
  /**
   * Other places that say the same, where the corpus says it twice: the petition quotes the
   * opinion, two reports tell of the same day, a phrase stands in two documents.
   */
  also?: { document: CorpusDocument; passage: string }[];
}

export const judgements: Judgement[] = [
  // Names as written.
  { category: 'names', query: 'Vladimir Kozlov sentenced', document: 'ngo', passage: 'sentenced to 7.5 years' },
  { category: 'names', query: 'Serik Sapargali', document: 'zhanaozen', passage: 'house of Serik Sapargali was searched' },
  { category: 'names', query: 'Mukhtar Kabdulgaziev', document: 'zhanaozen', passage: 'Kabdulgaziev' },
  { category: 'names', query: 'Kassym-Jomart Tokayev', document: 'wgad', passage: 'Tokayev, publicly instructed' },
  { category: 'names', query: 'Mukhtar Suleimenov', document: 'ngo', passage: 'Suleimenov is a resident of the West Kazakhstan' },
  { category: 'names', query: 'Guzyal Baidalinova', document: 'ngo', passage: 'Baidalinova' },
  { category: 'names', query: 'Tatiana Shevtsova-Valova', document: 'ngo', passage: 'Shevtsova-Valova is a resident of Almaty' },
  { category: 'names', query: 'Navi Pillay', document: 'ngo', passage: 'Navi Pillay' },
  { category: 'names', query: 'Ermek Taichibekov', document: 'ngo', passage: 'Taichibekov is a blogger' },
  { category: 'names', query: 'Alexander Pavlov bodyguard', document: 'zhanaozen', passage: 'chief bodyguard' },
  // Names in another script.
  { category: 'scripts', query: 'Масимов', document: 'wgad', passage: 'Massimov' },
  { category: 'scripts', query: 'Козлов Владимир', document: 'ngo', passage: 'Kozlov', also: [{ document: 'zhanaozen', passage: 'Vladimir Kozlov' }] },
  { category: 'scripts', query: 'Сапаргали', document: 'zhanaozen', passage: 'Sapargali' },
  { category: 'scripts', query: 'Аблязов', document: 'zhanaozen', passage: 'Ablyazov' },
  { category: 'scripts', query: 'Токаев', document: 'wgad', passage: 'Tokayev' },
  { category: 'scripts', query: 'Актау аэропорт', document: 'zhanaozen', passage: 'Aktau Airport' },
  { category: 'scripts', query: 'Назарбаев', document: 'zhanaozen', passage: 'Nazarbayev', also: [{ document: 'ngo', passage: 'Nazarbaev' }] },
  { category: 'scripts', query: 'Пиллай', document: 'ngo', passage: 'Navi Pillay' },
  { category: 'scripts', query: 'Кабдулгазиев', document: 'zhanaozen', passage: 'Kabdulgaziev' },
  // Inflected forms.
  { category: 'inflections', query: 'Масимова задержали', document: 'wgad', passage: 'Massimov' },
  { category: 'inflections', query: 'Козлова приговорили', document: 'ngo', passage: 'Kozlov' },
  {
    category: 'inflections',
    query: 'abolition of the death penalty',
    document: 'ngo',
    passage: 'abolished the death penalty',
    also: [{ document: 'ngo', passage: 'to abolish the death penalty' }],
  },
  {
    category: 'inflections',
    query: 'confession extracted by torture',
    document: 'ngo',
    passage: 'tortured him to extract a confession',
    also: [{ document: 'ngo', passage: 'allegation of torture and other ill-treatment aimed at extracting a confession' }],
  },
  { category: 'inflections', query: 'detain journalists', document: 'ngo', passage: 'journalist' },
  { category: 'inflections', query: 'tortures ill-treatment defendants', document: 'zhanaozen', passage: 'mass tortures and ill-treatments' },
  { category: 'inflections', query: 'searching apartments Alga party', document: 'zhanaozen', passage: 'apartments of its leader' },
  { category: 'inflections', query: 'prosecuted bloggers Facebook posts', document: 'ngo', passage: 'posts on Facebook' },
  { category: 'inflections', query: 'banned opposition newspapers', document: 'ngo', passage: 'banned a number of opposition media outlets' },
  // Kazakh letters, and Latin spellings of Kazakh names.
  { category: 'kazakh', query: 'Жаңаөзен', document: 'zhanaozen', passage: 'Zhanaozen' },
  { category: 'kazakh', query: 'Маңғыстау', document: 'zhanaozen', passage: 'Mangystau' },
  { category: 'kazakh', query: 'Қасым-Жомарт Тоқаев', document: 'wgad', passage: 'Tokayev' },
  { category: 'kazakh', query: 'Ақтау', document: 'zhanaozen', passage: 'Aktau' },
  { category: 'kazakh', query: 'Жанаозен', document: 'zhanaozen', passage: 'Zhanaozen' },
  { category: 'kazakh', query: 'Mangistau oil workers', document: 'ngo', passage: 'Mangistau Oblast' },
  { category: 'kazakh', query: 'Qantar2022', document: 'massimov', passage: 'Qantar2022 group' },
  { category: 'kazakh', query: 'Кәрім Мәсімов', document: 'wgad', passage: 'Massimov' },
  // Typos.
  { category: 'typos', query: 'Massimow', document: 'wgad', passage: 'Massimov' },
  { category: 'typos', query: 'Sapargaly', document: 'zhanaozen', passage: 'Sapargali' },
  {
    category: 'typos',
    query: 'incomunicado',
    document: 'petition',
    passage: 'held incommunicado without access',
    also: [{ document: 'wgad', passage: 'has been held incommunicado' }],
  },
  { category: 'typos', query: 'Zhanaozn', document: 'zhanaozen', passage: 'Zhanaozen' },
  { category: 'typos', query: 'Kozlof sentence', document: 'ngo', passage: 'Kozlov' },
  { category: 'typos', query: 'Ablyazow', document: 'zhanaozen', passage: 'Ablyazov' },
  { category: 'typos', query: 'torrture allegations', document: 'zhanaozen', passage: 'torture', also: [{ document: 'ngo', passage: 'allegations of torture' }] },
  { category: 'typos', query: 'Suleymenov Facebook', document: 'ngo', passage: 'Suleimenov' },
  { category: 'typos', query: 'Tokaev instructed', document: 'wgad', passage: 'Tokayev, publicly instructed' },
  // Concepts, in the monitor's words rather than the text's.
  {
    category: 'concepts',
    query: 'held without access to a lawyer',
    document: 'petition',
    passage: 'without access to his family members, his chosen lawyer',
    also: [{ document: 'wgad', passage: 'held incommunicado, without access to his family, his chosen lawyer' }],
  },
  { category: 'concepts', query: 'forced confession', document: 'ngo', passage: 'extract a confession', also: [{ document: 'ngo', passage: 'aimed at extracting a confession' }] },
  { category: 'concepts', query: 'solitary confinement', document: 'ngo', passage: 'solitary confinement' },
  { category: 'concepts', query: 'denied counsel of his choice', document: 'wgad', passage: 'denied access to counsel of his' },
  { category: 'concepts', query: 'capital punishment', document: 'ngo', passage: 'death penalty' },
  { category: 'concepts', query: 'habeas corpus', document: 'ngo', passage: 'Habeas Corpus procedure', also: [{ document: 'ngo', passage: 'procedure of Habeas Corpus' }] },
  {
    category: 'concepts',
    query: 'secret trial',
    document: 'petition',
    passage: 'Top Secret',
    also: [{ document: 'wgad', passage: 'against him at trial, purportedly on the basis that the information is regarded as "top secret"' }],
  },
  { category: 'concepts', query: 'police beat an elderly protester', document: 'zhanaozen', passage: 'struck in the face Mukhtar Kabdulgaziev' },
  { category: 'concepts', query: 'ill-treatment in custody complaints investigated', document: 'zhanaozen', passage: 'These allegations are now being investigated' },
  { category: 'concepts', query: 'unequal position of the defence', document: 'zhanaozen', passage: 'the defence is clearly in an unequal situation' },
  // Article numbers.
  { category: 'articles', query: 'article 175 (1) high treason', document: 'wgad', passage: 'article 175 (1) (on high treason)' },
  { category: 'articles', query: 'Article 164 Criminal Code Kozlov', document: 'zhanaozen', passage: 'Article 164 of the Criminal Code' },
  { category: 'articles', query: 'Part 1 of Article 174', document: 'ngo', passage: 'Part 1 of Article 174' },
  { category: 'articles', query: 'article 14 (3) (a) and (b)', document: 'wgad', passage: 'article 14 (3) (a) and (b)' },
  { category: 'articles', query: 'article 9 (1) and (2) of the Covenant', document: 'wgad', passage: 'article 9 (1) and (2) of the Covenant' },
  { category: 'articles', query: 'Article 142 violation of privacy', document: 'ngo', passage: 'Violation of privacy' },
  { category: 'articles', query: 'article 21 of the Covenant restrictions', document: 'ngo', passage: 'rights under article 21 of the Covenant' },
  { category: 'articles', query: 'ст. 164 УК', document: 'zhanaozen', passage: 'Article 164' },
  { category: 'articles', query: 'article 99 Criminal Executive Code', document: 'ngo', passage: 'article 99 of the Criminal Execu' },
  // Dates written one way, asked another.
  {
    category: 'dates',
    query: 'December 16, 2011 Zhanaozen',
    document: 'ngo',
    passage: 'on 16 December 2011',
    also: [{ document: 'zhanaozen', passage: 'mass disorders from 16th of December 2011' }],
  },
  { category: 'dates', query: '16.12.2011', document: 'ngo', passage: '16 December 2011', also: [{ document: 'zhanaozen', passage: 'mass disorders from 16th of December 2011' }] },
  {
    category: 'dates',
    query: '16 декабря 2011',
    document: 'ngo',
    passage: '16 December 2011',
    also: [{ document: 'zhanaozen', passage: 'mass disorders from 16th of December 2011' }],
  },
  {
    category: 'dates',
    query: 'Massimov January 8, 2022',
    document: 'petition',
    passage: 'On January 8, 2022, an unnamed',
    also: [{ document: 'wgad', passage: 'On 8 January 2022' }],
  },
  { category: 'dates', query: '4 March 2022 communication', document: 'wgad', passage: 'on 4 March 2022 the Working Group' },
  { category: 'dates', query: '30.04.2022 reply', document: 'wgad', passage: 'replied to the communication on 30 April 2022' },
  { category: 'dates', query: 'arrested 9 March 2015', document: 'ngo', passage: 'He was arrested on 9 March 2015' },
  { category: 'dates', query: '18.12.2015 journalist', document: 'ngo', passage: 'on 18 December 2015' },
  { category: 'dates', query: 'January 23, 2012 search', document: 'zhanaozen', passage: 'Sapargali was searched' },
  // Phrases.
  { category: 'phrases', query: '"incitement of social hatred"', document: 'zhanaozen', passage: 'incitement of social hatred' },
  { category: 'phrases', query: '"held incommunicado"', document: 'wgad', passage: 'has been held incommunicado' },
  {
    category: 'phrases',
    query: '"freedom of peaceful assembly"',
    document: 'zhanaozen',
    passage: 'freedom of peaceful assembly',
    also: [{ document: 'ngo', passage: 'freedom of peaceful assembly' }],
  },
  { category: 'phrases', query: '"inciting ethnic discord"', document: 'ngo', passage: 'inciting ethnic discord' },
  { category: 'phrases', query: '"Top Secret"', document: 'petition', passage: 'Top Secret', also: [{ document: 'wgad', passage: 'regarded as "top secret"' }] },
  { category: 'phrases', query: '"appointed counsels"', document: 'zhanaozen', passage: 'appointed counsels' },
  { category: 'phrases', query: '"twice Prime Minister"', document: 'petition', passage: 'twice Prime Minister' },
  { category: 'phrases', query: '"acute shortage of time"', document: 'zhanaozen', passage: 'acute shortage of time' },
  // Acronyms and organisations.
  { category: 'acronyms', query: 'KNB deputy chairmen', document: 'massimov', passage: 'deputy chairmans of the KNB' },
  { category: 'acronyms', query: 'OSCE/ODIHR recommended', document: 'ngo', passage: 'OSCE/ODIHR recommended' },
  { category: 'acronyms', query: 'NSC Department Almaty', document: 'zhanaozen', passage: 'NSC Department in Almaty' },
  { category: 'acronyms', query: 'ICCPR Article 19 freedom of expression', document: 'ngo', passage: 'Article 19' },
  { category: 'acronyms', query: 'BTA Bank', document: 'zhanaozen', passage: 'BTA Bank' },
  { category: 'acronyms', query: 'Ombudsman report', document: 'ngo', passage: 'Ombudsman' },
  { category: 'acronyms', query: 'КНБ', document: 'massimov', passage: 'KNB' },
  { category: 'acronyms', query: 'National Security Committee press statement', document: 'petition', passage: 'National Security Committee' },
  // Boolean: OR, exclusion, several words.
  { category: 'boolean', query: 'Massimov -treason', document: 'wgad', passage: 'Massimov' },
  { category: 'boolean', query: 'Kozlov -Alga', document: 'ngo', passage: 'Kozlov' },
  { category: 'boolean', query: 'Sapargali OR Atabayev', document: 'zhanaozen', passage: 'Sapargali' },
  { category: 'boolean', query: 'death penalty -Constitution', document: 'ngo', passage: 'death penalty' },
  { category: 'boolean', query: 'solitary OR incommunicado prison visits', document: 'ngo', passage: 'solitary confinement' },
  { category: 'boolean', query: 'Zhanaozen -oil', document: 'zhanaozen', passage: 'Zhanaozen' },
  { category: 'boolean', query: 'Baikenov OR Alkhanashvily Article 174', document: 'ngo', passage: 'Article 174' },
  { category: 'boolean', query: 'torture -Zhanaozen confession', document: 'ngo', passage: 'confession' },
];

/** What an engine put first for a query: the document it belongs to, and its passage's text. */
export interface Answer {
  document: CorpusDocument | undefined;
  passage: string;
}

export const normal = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');
export const excludedWords = (query: string) => [...query.matchAll(/(?:^|\s)-(\p{L}[\p{L}\p{N}]*)/gu)].map((m) => m[1]!.toLowerCase());

/** Right document first; right passage first (its words there, and no word the query excluded). Any of the right places counts. */
export function judge(j: Judgement, answer: Answer): { document: boolean; passage: boolean } {
  const passage = normal(answer.passage);
  const clean = excludedWords(j.query).every((w) => !passage.includes(w));
  const places = [{ document: j.document, passage: j.passage }, ...(j.also ?? [])];
  return {
    document: places.some((p) => answer.document === p.document),
    passage: clean && places.some((p) => answer.document === p.document && passage.includes(normal(p.passage))),
  };
}
