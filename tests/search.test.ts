import { beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../db/store/archive.js';
import { searchDocuments, type SearchDocumentName } from './support/search-fixtures.js';
import { newArchive } from './support/temp-archive.js';

let archive: Archive;
const ids = {} as Record<SearchDocumentName, string>;
const nameOf = (id: string) => (Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id) as SearchDocumentName;

beforeAll(async () => {
  archive = (await newArchive()).archive;
  for (const [name, doc] of Object.entries(searchDocuments)) ids[name as SearchDocumentName] = archive.records.create(doc.type, doc.data).id;
});

function search(query: string) {
  return archive.search.search({ query, limit: 50 });
}

function found(query: string): SearchDocumentName[] {
  return search(query).hits.map((h) => nameOf(h.id));
}

/** [query, the record that must come first, what it shows] */
const firstHits: [string, SearchDocumentName, string][] = [
  // Scripts and transliterations
  ['Жаксыбеков', 'zhaksybekov', 'Cyrillic query, Latin title'],
  ['Zhaksybekov', 'zhaksybekov', 'as written'],
  ['Jaksybekov', 'zhaksybekov', 'another transliteration'],
  ['Жақсыбеков', 'zhaksybekov', 'Kazakh spelling'],
  ['Ablyasov', 'ablyazov', 'z/s variant'],
  ['Аблязов', 'ablyazov', 'Cyrillic'],
  ['Abljazov', 'ablyazov', 'German-style j'],
  ['Масимов', 'wgadCase', 'Cyrillic for a Latin name with a doubled letter'],
  ['Massimov', 'wgadCase', 'as written'],
  ['Akhmetova', 'akhmetova', 'as written'],
  ['Ahmetova', 'akhmetova', 'kh/h variant'],
  ['Ахметову', 'akhmetova', 'Russian dative meets the nominative'],
  ['Ахметов', 'akhmetova', 'masculine form meets the feminine'],
  // Inflection
  ['задержанию', 'russianReport', 'Russian inflection'],
  ['задержан', 'russianReport', 'Russian participle'],
  ['пыткам', 'russianReport', 'Russian dative plural'],
  ['tortured', 'englishReport', 'English inflection'],
  ['Жақсыбековтың', 'zhaksybekov', 'Kazakh genitive: the person, the ending taken off'],
  ['Ақтау', 'kazakhReport', 'Kazakh place name'],
  ['Astana', 'englishReport', 'via the alias Astana = Nur-Sultan'],
  // Typos
  ['custdy', 'englishReport', 'missing letter'],
  ['torure', 'englishReport', 'missing letter'],
  ['Shymkemt', 'trial', 'wrong letter'],
  ['Akhmteova', 'akhmetova', 'swapped letters'],
  // Aliases
  ['KNB', 'knb', 'alias to the organisation'],
  ['National Security Committee', 'knb', 'alias, typed without quotes'],
  ['КНБ', 'knb', 'Cyrillic abbreviation'],
  ['Nur-Sultan', 'englishReport', 'hyphenated name'],
  // Phrases, OR, exclusion
  ['"pre-trial detention"', 'englishReport', 'phrase'],
  ['"special rapporteur"', 'rapporteur', 'phrase'],
  ['"interpreter was missing"', 'englishNote', 'phrase in a note'],
  ['amnesty OR помилование', 'amnesty', 'OR'],
  ['Zhanaozen OR Жаңаөзен', 'kazakhReport', 'OR across scripts; the exact Kazakh title first'],
  ['torture -amnesty', 'englishReport', 'excluded word'],
  ['переводчик', 'russianNote', 'note text'],
  // Filters
  ['torture type:report', 'englishReport', 'type filter'],
  ['Akhmetova type:trial', 'trial', 'type filter picks the trial'],
  ['country:FR', 'ablyazov', 'country filter alone'],
  ['tag:zhanaozen', 'zhaksybekov', 'tag filter, any case'],
  ['sensitivity:confidential', 'ablyazov', 'sensitivity filter'],
  ['torture after:2020', 'amnesty', 'after: on the record dates'],
  ['torture before:2020', 'englishReport', 'before: on the record dates'],
  ['type:event after:2011-12-01 before:2012', 'event', 'date range with type'],
  // Repaired text
  ['Kazakhstan', 'englishReport', 'rejoined hyphen and split footnote'],
  ['sanctions', 'englishReport', 'look-alike Cyrillic letter unified'],
  ['задержания', 'russianReport', 'Russian line-end hyphen rejoined'],
  // Numbers
  ['2-17/2022', 'trial', 'case number'],
  ['57/2022', 'wgadCase', 'opinion number'],
];

describe('search finds the right record first', () => {
  for (const [query, expected, why] of firstHits) {
    it(`${query}  →  ${expected} (${why})`, () => {
      const hits = found(query);
      expect(hits[0], `results: ${hits.join(', ')}`).toBe(expected);
    });
  }

  it(`covers at least 40 queries (${firstHits.length})`, () => {
    expect(firstHits.length).toBeGreaterThanOrEqual(40);
  });
});

describe('search does not match what it must not', () => {
  it('a phrase split across two unrelated passages', () => {
    expect(found('"special rapporteur"')).not.toContain('splitPhrase');
    // Both words are there, in separate passages: the words alone do find it.
    expect(found('special rapporteur')).toContain('splitPhrase');
  });

  it('an excluded word leaves out the passages that hold it, not the whole record', () => {
    expect(found('torture')).toContain('amnesty');
    expect(found('torture -amnesty')).not.toContain('amnesty');
    expect(found('Akhmetova -trial')).not.toContain('trial');
  });

  it('never widens a word the archive holds, however rarely: a surname in one report is not corrected to other names', async () => {
    const { archive: own } = await newArchive();
    const once = own.records.create('report', { title: 'Letter from the family', body: 'Baimukhanov was moved to the colony in Taraz without notice.' });
    own.records.create('report', { title: 'Hearing notes 1', body: 'Baimukhamedov testified for the prosecution.' });
    own.records.create('report', { title: 'Hearing notes 2', body: 'Baimukhamedov was cross-examined by the defence.' });
    const result = own.search.search({ query: 'Baimukhanov' });
    expect(result.corrections).toEqual([]);
    expect(result.hits.map((h) => h.id)).toEqual([once.id]);
    // A word nowhere in the archive is still corrected, and says so.
    const typo = own.search.search({ query: 'Baimukhamedof' });
    expect(typo.corrections.map((c) => c.word)).toEqual(['Baimukhamedof']);
    // Shown to people as the archive writes the word, not as the index folds it.
    expect(typo.corrections[0]!.written).toEqual(['Baimukhamedov']);
    expect(typo.total).toBe(2);
    own.close();
  });

  it('shows a document found through its title by the text that matches too, not by its title alone', async () => {
    const { archive: own } = await newArchive();
    own.records.create('report', {
      title: 'Opinion No. 57/2022 concerning Karim Massimov',
      body: 'The source reports that Mr. Massimov has been held incommunicado since his arrest.',
    });
    const [hit] = own.search.search({ query: 'Massimov' }).hits;
    expect(hit!.anchor.field).toBe('body');
    expect(hit!.snippet).toContain('incommunicado');
    own.close();
  });

  it('meets English words of one family whose stems part ways: detain and detention, abolition and abolished', async () => {
    const { archive: own } = await newArchive();
    const detention = own.records.create('report', { title: 'Pre-trial', body: 'His detention was extended twice without a hearing.' });
    const abolished = own.records.create('report', { title: 'Penalties', body: 'Kazakhstan has not abolished the death penalty.' });
    expect(own.search.search({ query: 'detain' }).hits.map((h) => h.id)).toEqual([detention.id]);
    expect(own.search.search({ query: 'abolition death penalty' }).hits.map((h) => h.id)).toEqual([abolished.id]);
    own.close();
  });

  it('widens a question by its concept in English, Russian and Kazakh, says so, and ranks the query’s own words first', async () => {
    const { archive: own } = await newArchive();
    const russian = own.records.create('report', { title: 'Обзор', body: 'Суд не исключил признательные показания под принуждением; применялась смертная казнь.' });
    const english = own.records.create('report', { title: 'Review', body: 'The Committee urged the State to abolish capital punishment.' });
    // A word near a concept's terms but not of it: not found.
    own.records.create('report', { title: 'Courts', body: 'The executive branch appoints every judge.' });
    const result = own.search.search({ query: 'capital punishment' });
    expect(result.hits.map((h) => h.id)).toEqual([english.id, russian.id]);
    expect(result.aliases).toEqual([expect.arrayContaining(['death penalty', 'смертная казнь', 'өлім жазасы'])]);
    // "Also searched" names the other terms, not the one typed.
    expect(result.aliases[0]).not.toContain('capital punishment');
    expect(own.search.search({ query: 'forced confession' }).hits.map((h) => h.id)).toEqual([russian.id]);
    own.close();
  });

  it('excludes per passage: a report naming someone in one passage with the word and in another without it is found by the other', async () => {
    const { archive: own } = await newArchive();
    const report = own.records.create('report', {
      title: 'Monitoring of the Atyrau trials',
      // Two paragraphs long enough to be two passages.
      body: [
        `Bokayev was sentenced under article 174 after the land protests. ${'The observers followed each hearing of the appeal in the regional court. '.repeat(10)}`,
        `Bokayev asked for an amnesty, which the court refused. ${'His lawyers filed a complaint with the prosecutor general the next week. '.repeat(10)}`,
      ].join('\n\n'),
    });
    const hits = own.search.search({ query: 'Bokayev -amnesty' }).hits;
    expect(hits.map((h) => h.id)).toEqual([report.id]);
    expect(hits[0]!.snippet).toContain('sentenced');
    expect(hits[0]!.snippet).not.toMatch(/amnesty/i);
    // Every passage naming him holds the word: nothing is left.
    expect(own.search.search({ query: 'Bokayev -court -sentenced' }).total).toBe(0);
    own.close();
  });

  it('words that are nowhere, and a phrase whose words never stand together', () => {
    expect(search('zzqxvvy').total).toBe(0);
    expect(found('"torture Shymkent"')).toEqual([]);
  });

  it('filters that exclude', () => {
    expect(found('torture type:detainee')).toEqual([]);
    expect(found('Akhmetova country:FR')).toEqual([]);
    expect(found('torture after:2023')).toEqual([]);
  });

  it('Kazakh endings: the stem typed finds the word with its ending, and the word with its ending the name', () => {
    expect(found('Жақсыбеков')).toContain('kazakhReport');
    expect(found('Жақсыбековтың')).toEqual(expect.arrayContaining(['zhaksybekov', 'kazakhReport']));
  });

  it('folds that must not meet: article 99 and article 9, 2001 and 2011, UK and УК, St. and ст., reporter and report', async () => {
    const { archive: own } = await newArchive();
    const nine = own.records.create('report', { title: 'Prison rules', body: 'Article 9 of the Criminal Execution Code lists the rights of prisoners.' });
    const years = own.records.create('report', { title: 'Earlier review', body: 'The review of 2001 found no change.' });
    const uk = own.records.create('report', { title: 'Asylum', body: 'He sought asylum in the UK and was refused.' });
    const street = own.records.create('report', { title: 'Protest', body: 'The rally on St. George street was dispersed.' });
    const report = own.records.create('report', { title: 'Annual', body: 'The detention report was signed by the officer.' });
    const ids = (query: string) => own.search.search({ query }).hits.map((h) => h.id);
    expect(ids('article 99')).not.toContain(nine.id);
    expect(ids('2011')).not.toContain(years.id);
    // УК (the Criminal Code) names a concept but is not searched for as "uk"; ст. (article) not as "st".
    expect(ids('УК')).not.toContain(uk.id);
    expect(ids('ст. 164')).not.toContain(street.id);
    // A concept's word is searched as listed, not by its stem: "journalist" widens to "reporter", not to "report".
    expect(ids('journalist')).not.toContain(report.id);
    own.close();
  });

  it('a Russian question of English documents finds them through the concept of its words, and says the passage is in English', async () => {
    const { archive: own } = await newArchive();
    const english = own.records.create('report', {
      title: 'Karim Massimov',
      body: 'Mr. Massimov was detained on 6 January 2022 by the National Security Committee and held incommunicado.',
    });
    const result = own.search.search({ query: 'Масимова задержали' });
    expect(result.hits.map((h) => h.id)).toEqual([english.id]);
    expect(result.hits[0]!.language).toBe('en');
    own.close();
  });
});

describe('the second ranking', () => {
  it('puts the passage with the words asked, close together and in order, above a longer one that only names them apart', async () => {
    const { archive: own } = await newArchive();
    const filler = 'The mission met lawyers, relatives and officials in three towns over two weeks. ';
    const report = own.records.create('report', {
      title: 'Observation report',
      body: [
        `Death was mentioned once. ${filler.repeat(6)} The penalty for the offence was a fine. ${filler.repeat(6)}`,
        'Kazakhstan has not abolished the death penalty as a form of criminal punishment yet.',
      ].join('\n\n'),
    });
    const hit = own.search.search({ query: 'abolition of the death penalty' }).hits[0]!;
    expect(hit.id).toBe(report.id);
    expect(hit.snippet).toContain('**death** **penalty**');
    own.close();
  });

  it('ranks a passage in the words typed above one found only through a concept’s other terms', async () => {
    const { archive: own } = await newArchive();
    const concept = own.records.create('report', { title: 'One', body: 'Prisoners were held in a punishment cell for weeks; the punishment cell had no window.' });
    const typed = own.records.create('report', { title: 'Two', body: 'He spent a month in solitary confinement.' });
    expect(own.search.search({ query: 'solitary confinement' }).hits.map((h) => h.id)).toEqual([typed.id, concept.id]);
    own.close();
  });

  it('when no passage holds every word asked, shows those that hold all but one, and says so', async () => {
    const { archive: own } = await newArchive();
    const rally = own.records.create('report', { title: 'Rally in Almaty', body: 'During his detention the police struck a 77-year-old participant of the rally in the face.' });
    own.records.create('report', { title: 'Budget', body: 'The police budget grew.' });
    const result = own.search.search({ query: 'police struck elderly rally' });
    expect(result.someWords).toBe(true);
    expect(result.hits[0]!.id).toBe(rally.id);
    expect(own.search.search({ query: 'police struck rally' }).someWords).toBeUndefined();
    own.close();
  });

  it('marks a date asked one way where the passage writes it another, and centres the snippet on it', async () => {
    const { archive: own } = await newArchive();
    const filler = 'The observers spoke with relatives and lawyers in three towns. '.repeat(8);
    own.records.create('report', { title: 'Zhanaozen', body: `${filler}The mass disorders from the 16th of December 2011 caused damage to city property. ${filler}` });
    const hit = own.search.search({ query: '16.12.2011' }).hits[0]!;
    expect(hit.snippet).toContain('**16th of December 2011**');
    own.close();
  });

  it('marks a quoted phrase where its words stand together, not its words apart', async () => {
    const { archive: own } = await newArchive();
    own.records.create('report', { title: 'Evidence', body: 'The file was classified "top secret" by the prosecutor. Secret courts are not mentioned, nor the top floor.' });
    const hit = own.search.search({ query: '"top secret"' }).hits[0]!;
    expect(hit.snippet).toContain('**top secret**');
    expect(hit.snippet).not.toContain('**Secret**');
    expect(hit.snippet).not.toContain('**top** floor');
    own.close();
  });

  it('a record holding the words only apart shows where its rarest word stands', async () => {
    const { archive: own } = await newArchive();
    const filler = 'The Working Group recalls the articles of the Covenant on detention and fair trial. '.repeat(20);
    const opinion = own.records.create('report', { title: 'Opinion', body: `${filler}\n\nIn paragraph 99 the Government gave no reply.` });
    own.records.create('note', { text: 'The Covenant binds the State party.' });
    const hit = own.search.search({ query: 'Covenant 99' }).hits.find((h) => h.id === opinion.id)!;
    expect(hit.snippet).toContain('**99**');
    own.close();
  });

  it('leaves out a word the archive holds nowhere, when the others find something, and names it', async () => {
    const { archive: own } = await newArchive();
    const report = own.records.create('report', { title: 'Akmola region', body: 'Officers of the Akmola regional department questioned the witnesses.' });
    const result = own.search.search({ query: 'Akmola zzyzxqv' });
    expect(result.hits.map((h) => h.id)).toEqual([report.id]);
    expect(result.missing).toEqual(['zzyzxqv']);
    // Every word nowhere: nothing, nothing left out, and the words named.
    const none = own.search.search({ query: 'qqzzyx zzyzxqv' });
    expect(none.total).toBe(0);
    expect(none.missing).toBeUndefined();
    expect(none.nowhere).toEqual(['qqzzyx', 'zzyzxqv']);
    expect(own.search.search({ query: 'zzyzxqv' }).nowhere).toEqual(['zzyzxqv']);
    expect(own.search.search({ query: 'Akmola witnesses' }).missing).toBeUndefined();
    own.close();
  });

  it('gives scores in the order hits are shown, past the records ranked again too', async () => {
    const { archive: own } = await newArchive();
    for (let i = 0; i < 30; i++) own.records.create('note', { text: `Torture was reported ${'again '.repeat(i % 7)}in region ${i}.` });
    const hits = own.search.search({ query: 'torture', limit: 30 }).hits;
    expect(hits.length).toBe(30);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
    own.close();
  });

  it('shows up to two more passages of a record that answer nearly as well, with their place', async () => {
    const { archive: own } = await newArchive();
    const paragraphs = [
      'Torture was reported in Aktau in January.',
      'Torture was reported in Shymkent in March.',
      'Torture was reported in Almaty in May.',
      'Torture was reported in Oral in July.',
    ];
    const filler = ' The observers spoke with relatives, lawyers and officials, and read the case files where they were allowed to.'.repeat(12);
    own.records.create('report', { title: 'Regions', body: paragraphs.map((p) => p + filler).join('\n\n') });
    const hit = own.search.search({ query: 'torture reported' }).hits[0]!;
    expect(hit.more.length).toBe(2);
    for (const more of hit.more) {
      expect(more.snippet).toMatch(/\*\*Torture\*\*/);
      expect(more.passage).not.toBe(hit.passage);
      expect(more.anchor.field).toBe('body');
    }
    own.close();
  });
});

describe('results', () => {
  it('carry a snippet with the matched words marked, an anchor with the page, and a score', () => {
    const hit = search('ill-treatment').hits[0]!;
    expect(nameOf(hit.id)).toBe('englishReport');
    expect(hit.anchor).toMatchObject({ field: 'body', page: 2, section: 'Ill-treatment' });
    expect(hit.snippet).toMatch(/\*\*ill\*\*-\*\*treatment\*\*|\*\*Ill\*\*-\*\*treatment\*\*/);
    expect(hit.fragments.some((f) => f.match)).toBe(true);
    expect(hit.score).toBeGreaterThan(0);
  });

  it('one result per record, with counts per type for facets whatever type is filtered', () => {
    const all = search('Akhmetova');
    expect(new Set(all.hits.map((h) => h.id)).size).toBe(all.hits.length);
    expect(all.counts).toMatchObject({ detainee: 1, trial: 1 });
    const trials = archive.search.search({ query: 'Akhmetova', type: 'trial' });
    expect(trials.total).toBe(1);
    expect(trials.counts).toEqual(all.counts);
  });

  it('pages through results', () => {
    const all = archive.search.search({ query: 'torture', limit: 50 });
    expect(all.total).toBeGreaterThanOrEqual(3);
    const pages = [0, 1, 2].map((offset) => archive.search.search({ query: 'torture', limit: 1, offset }).hits[0]!.id);
    expect(pages).toEqual(all.hits.slice(0, 3).map((h) => h.id));
  });

  it('titles and names rank above body text', () => {
    // "Akhmetova" is the detainee's title and is in the trial's title; the Russian report only mentions her.
    const hits = found('Ахметова');
    expect(hits.indexOf('akhmetova')).toBeLessThan(hits.indexOf('russianReport'));
  });

  it('reports the typo corrections and aliases it used', () => {
    expect(search('custdy').corrections).toEqual([{ word: 'custdy', suggestions: expect.arrayContaining(['custodi']), written: expect.arrayContaining(['custody']) }]);
    // Inflected forms that meet the index through their stem are words, not typos.
    expect(search('задержанию').corrections).toEqual([]);
    expect(search('Ахметову').corrections).toEqual([]);
    expect(search('KNB').aliases[0]).toEqual(expect.arrayContaining(['National Security Committee', 'КНБ']));
  });
});

describe('malformed queries get a clear message, never an SQL error', () => {
  const cases: [string, RegExp][] = [
    ['', /type something/],
    ['   ', /type something/],
    ['"unclosed phrase', /not closed/],
    ['OR torture', /OR must stand between/],
    ['torture OR', /OR must stand between/],
    ['torture OR OR custody', /OR must stand between/],
    ['-amnesty', /not only what to leave out/],
    ['- torture', /minus sign must be followed/],
    ['tipe:report', /unknown filter "tipe:"/],
    ['type:spaceship', /not a record type/],
    ['country:Kazakhstan', /two-letter country code/],
    ['after:someday', /not a date Vigil can read/],
    ['sensitivity:secret', /use public, restricted, confidential/],
    ['NEAR(torture', /./],
    ['torture AND NOT "*"', /./],
  ];
  for (const [query, message] of cases) {
    it(JSON.stringify(query), () => {
      let error: unknown;
      try {
        archive.search.search({ query });
      } catch (err) {
        error = err;
      }
      if (error === undefined) return; // FTS5 syntax typed by a user is searched as words, which is also fine.
      expect((error as { code?: string }).code).toBe('invalid_argument');
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(/SQLITE|syntax error|fts5/i);
    });
  }
});
