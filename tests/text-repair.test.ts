import { describe, expect, it } from 'vitest';
import { repairText, splitGluedFootnotes } from '../db/shared/text-repair.js';
import { unifyLineScript } from '../db/shared/scripts.js';

const texts = (raw: string) => repairText(raw).map((b) => b.text);

describe('text repair', () => {
  it('rejoins words split by a line-end hyphen, in English and Russian', () => {
    expect(texts('The detainee was taken across Kazakh-\nstan without a warrant.')).toEqual(['The detainee was taken across Kazakhstan without a warrant.']);
    expect(texts('Срок задер-\nжания истёк в январе.')).toEqual(['Срок задержания истёк в январе.']);
  });

  it('keeps real hyphens: a capitalised second part, a compound the document writes with a hyphen, a prefix before a word', () => {
    expect(texts('He lives in Nur-\nSultan with his family.')).toEqual(['He lives in Nur-Sultan with his family.']);
    expect(texts('Held in pre-trial detention since May. The pre-\ntrial period was extended.')).toEqual([
      'Held in pre-trial detention since May. The pre-trial period was extended.',
    ]);
    expect(texts('Counsel met the ex-\nchairman on Monday; he was not a chairman then.')).toEqual(['Counsel met the ex-chairman on Monday; he was not a chairman then.']);
    expect(texts('The report was pre-\nsented to the court.')).toEqual(['The report was presented to the court.']);
  });

  it('joins lines wrapped mid-sentence into paragraphs, also when the extraction double-spaces every line', () => {
    const single = 'The observers arrived at nine and were\nasked to leave their phones at the door.\n\nThe hearing began late.';
    expect(texts(single)).toEqual(['The observers arrived at nine and were asked to leave their phones at the door.', 'The hearing began late.']);
    const doubled = [
      '12. The source reports that the lawyer was not',
      '',
      'allowed to see the case file until the day before',
      '',
      'the hearing.',
      '',
      '13. The Government denies this.',
    ].join('\n');
    const blocks = repairText(doubled);
    expect(blocks.map((b) => b.text)).toEqual([
      '12. The source reports that the lawyer was not allowed to see the case file until the day before the hearing.',
      '13. The Government denies this.',
    ]);
    expect(blocks.map((b) => b.number)).toEqual(['12', '13']);
    expect(blocks[0]!.lines).toEqual([1, 5]);
  });

  it('drops page numbers and running headers, and keeps the page of each paragraph', () => {
    const page = (n: number, body: string) => `CCPR/C/KAZ/2 Shadow Report\n${body}\n\n${n}`;
    const raw = [
      page(1, 'The first page talks about arrests in\nAlmaty in January.'),
      page(2, 'The second page talks about torture in\npre-trial detention.'),
      page(3, 'The third page is about access to\nlawyers.'),
    ].join('\f');
    const blocks = repairText(raw);
    expect(blocks.map((b) => [b.page, b.text])).toEqual([
      [1, 'The first page talks about arrests in Almaty in January.'],
      [2, 'The second page talks about torture in pre-trial detention.'],
      [3, 'The third page is about access to lawyers.'],
    ]);
  });

  it('reads printed page numbers between repeated headers when there are no page breaks', () => {
    const raw = [
      'First paragraph of the opinion.',
      '',
      'A/HRC/WGAD/2099/1',
      '',
      ' 2 ',
      '',
      'Second page paragraph.',
      '',
      'A/HRC/WGAD/2099/1',
      ' 3 ',
      'Third page paragraph.',
      'A/HRC/WGAD/2099/1',
    ].join('\n');
    expect(repairText(raw).map((b) => [b.page, b.text])).toEqual([
      [undefined, 'First paragraph of the opinion.'],
      [2, 'Second page paragraph.'],
      [3, 'Third page paragraph.'],
    ]);
  });

  it('splits off footnote numbers glued to words, but not codes written that way', () => {
    expect(splitGluedFootnotes('arbitrary detention in Kazakhstan10 remains common')).toBe('arbitrary detention in Kazakhstan[10] remains common');
    expect(splitGluedFootnotes('held in "incommunicado custody".6 The Government')).toBe('held in "incommunicado custody".[6] The Government');
    expect(splitGluedFootnotes('during the COVID19 quarantine and the G7 summit')).toBe('during the COVID19 quarantine and the G7 summit');
    expect(splitGluedFootnotes('see Opinion No.5 and resolution 1997/50.')).toBe('see Opinion No.5 and resolution 1997/50.');
  });

  it('unifies look-alike letters from the other script, and normalises curly quotes', () => {
    // "sanctiоns" with a Cyrillic о; "Kазахстан" with a Latin K.
    expect(texts('Targeted sanctiоns were imposed.')).toEqual(['Targeted sanctions were imposed.']);
    expect(texts('Kазахстан подписал пакт.')).toEqual(['Казахстан подписал пакт.']);
    expect(texts('The State\u2019s \u201Cexplanation\u201D was rejected.')).toEqual(['The State\'s "explanation" was rejected.']);
  });

  it('keeps numbered headings that differ only by their number ("Article 4", "Article 6") as headings, not running headers', () => {
    const articles = [4, 6, 7, 8, 18, 19]
      .map((n) => `Article ${n}\n1. The State party reported on the article in its periodic report to the Committee.\nThe Committee asked for more information.`)
      .join('\n\n');
    const headings = repairText(articles).filter((b) => b.kind === 'heading');
    expect(headings.map((h) => h.text)).toEqual(['Article 4', 'Article 6', 'Article 7', 'Article 8', 'Article 18', 'Article 19']);
  });

  it('does not fuse a paragraph number, a name or a caption with the heading beside it, nor take contact lines for headings', () => {
    const blocks = repairText(
      'Article 18\n1.\n\nWe have reviewed the laws on the right to privacy.\n\nThe mission thanks all who helped it.\n\nNazariy Boyarskiy\nRIGHT TO A FAIR TRIAL\nThe trial was observed.\n\nAddress: 3 Maja Str. 18/4, 20-078 Lublin, Poland\n\nTel. / Fax: + (48) 507 739 025\n\nE-mail: odfoundation@odfoundation.eu',
    );
    const headings = blocks.filter((b) => b.kind === 'heading').map((b) => b.text);
    expect(headings).toContain('Article 18');
    expect(headings).toContain('RIGHT TO A FAIR TRIAL');
    expect(headings.some((h) => /1\.|Boyarskiy RIGHT|Tel|E-mail|Address/.test(h))).toBe(false);
  });

  it('takes no heading from a PDF line wrapped after "Mr." or before a year', () => {
    const blocks = repairText(
      'announced that it had commenced additional pretrial investigations against Mr.\nMassimov\n"into acts of usurpation of power", but the precise charges were not given.\n\nHe was questioned as a suspect.\nOn 8 January\n2022, Mr. Massimov was presented with a resolution.',
    );
    expect(blocks.filter((b) => b.kind === 'heading')).toEqual([]);
  });

  it('recognises headings and carries them as their own blocks', () => {
    const blocks = repairText('Submissions\nCommunication from the source\n4. Mr. X is a citizen of Kazakhstan.\nII. DISCUSSION\nThe Working Group considers the matter.');
    expect(blocks.map((b) => [b.kind, b.text])).toEqual([
      ['heading', 'Submissions'],
      ['heading', 'Communication from the source'],
      ['paragraph', '4. Mr. X is a citizen of Kazakhstan.'],
      ['heading', 'II. DISCUSSION'],
      ['paragraph', 'The Working Group considers the matter.'],
    ]);
  });
});

describe("OCR's words in the wrong script", () => {
  it('puts whole look-alike words into the script of their line, leaving real words of the other script alone', () => {
    expect(unifyLineScript('(a) When asylum-seekers, immigrants ог refugees аге subjected')).toBe('(a) When asylum-seekers, immigrants or refugees are subjected');
    expect(unifyLineScript('Тһе Working Group considers that Жанаозен')).toBe('The Working Group considers that Жанаозен');
    expect(unifyLineScript('Суд отклонил ходатайство, сказал судья Mаrат')).toBe('Суд отклонил ходатайство, сказал судья Mаrат');
    expect(unifyLineScript('Подсудимые заявили, что ОК')).toBe('Подсудимые заявили, что ОК');
    expect(unifyLineScript('Подсудимые заявили, что OK')).toBe('Подсудимые заявили, что ОК');
    // An even mix is left as it is.
    expect(unifyLineScript('Страница 1. Раде 1 of the decision')).toBe('Страница 1. Раде 1 of the decision');
  });
});
