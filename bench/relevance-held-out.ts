import type { Judgement } from './relevance-set.js';

/**
 * Queries written and judged after the engine had been tuned on `judgements`, and not used to
 * tune it: the figures on these say how well the ranking carries to questions it was not fitted
 * to. Same rules as the working set; the documents are read from ../shared/corpus.
 */
export const heldOut: Judgement[] = [
  { category: 'names', query: 'Lukpan Akhmediarov', document: 'zhanaozen', passage: 'Lukpan Akhmediarov' },
  { category: 'names', query: 'Genadiy Pavlyuk', document: 'zhanaozen', passage: 'Genadiy Pavlyuk was abducted' },
  { category: 'names', query: 'Amangeldy Batirbekov', document: 'ngo', passage: 'Amangeldy Batirbekov, was sentenced' },
  { category: 'scripts', query: 'Павлюк', document: 'zhanaozen', passage: 'Pavlyuk' },
  { category: 'scripts', query: 'Байдалинова', document: 'ngo', passage: 'Baidalinova' },
  { category: 'scripts', query: 'Батирбеков', document: 'ngo', passage: 'Batirbekov' },
  { category: 'inflections', query: 'journalist attacked with iron rod', document: 'zhanaozen', passage: 'struck several blows to his head with an iron rod' },
  { category: 'inflections', query: 'defamation cases initiated against journalists', document: 'ngo', passage: 'criminal defamation cases were initiated' },
  { category: 'inflections', query: 'detained without authorization of a court 72 hours', document: 'wgad', passage: 'not more than 72 hours' },
  { category: 'kazakh', query: 'Шетпе', document: 'zhanaozen', passage: 'Shetpe' },
  { category: 'kazakh', query: 'Нұр-Сұлтан полиция', document: 'wgad', passage: 'Nur-Sultan Police Department' },
  { category: 'typos', query: 'Kazkomertsbank', document: 'ngo', passage: 'Kazkommertsbank' },
  { category: 'typos', query: 'defamaton journalists', document: 'ngo', passage: 'defamation' },
  { category: 'typos', query: 'Akhmediyarov', document: 'zhanaozen', passage: 'Akhmediarov' },
  { category: 'concepts', query: 'journalist thrown from a window', document: 'zhanaozen', passage: 'thrown out of a window' },
  { category: 'concepts', query: 'criminal libel', document: 'ngo', passage: 'defamation' },
  { category: 'concepts', query: 'self-censorship of the media', document: 'zhanaozen', passage: 'Self-censorship' },
  { category: 'concepts', query: 'moral damages compensation', document: 'ngo', passage: 'compensation for moral damages' },
  { category: 'articles', query: 'Article 274 false information', document: 'ngo', passage: 'Article 274 (deliberately spreading false information' },
  { category: 'articles', query: 'article 16 (2) of the Constitution', document: 'wgad', passage: 'article 16 (2) of the Constitution' },
  { category: 'articles', query: 'Criminal Code Article 130 defamation', document: 'ngo', passage: 'Article 130 on defamation' },
  { category: 'dates', query: '20 April 2012', document: 'zhanaozen', passage: 'On the 20th of April, 2012' },
  { category: 'dates', query: '28.01.2016', document: 'ngo', passage: 'On 28 January 2016' },
  { category: 'dates', query: 'detained 6 January 2022', document: 'wgad', passage: 'detained on 6 January 2022' },
  { category: 'phrases', query: '"deliberately spreading false information"', document: 'ngo', passage: 'deliberately spreading false information' },
  { category: 'phrases', query: '"non-lethal weapon"', document: 'zhanaozen', passage: 'non-lethal weapon' },
  { category: 'acronyms', query: 'UPR defamation', document: 'ngo', passage: 'Universal Periodical Review (UPR)' },
  { category: 'acronyms', query: 'KZT 20 million', document: 'ngo', passage: 'KZT 20 million' },
  { category: 'boolean', query: 'defamation -Baidalinova', document: 'ngo', passage: 'defamation' },
  { category: 'boolean', query: 'Pavlyuk OR Akhmediarov', document: 'zhanaozen', passage: 'journalist' },
];
