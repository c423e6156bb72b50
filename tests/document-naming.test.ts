import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../db/import/detect-language.js';
import { documentTitle, titleBlock } from '../db/import/document-title.js';
import type { ExtractedDocument } from '../db/import/extract-file.js';
import { statedDate } from '../db/import/guess-dates.js';

const doc = (fields: Partial<ExtractedDocument>): ExtractedDocument => ({ kind: 'document', format: 'pdf', text: '', hasTextLayer: true, ...fields }) as ExtractedDocument;

describe('naming an imported document', () => {
  it('takes the title block past a UN masthead, not the first line', () => {
    const opening = [
      'United Nations',
      'A/HRC/WGAD/2022/57',
      'General Assembly',
      'Distr.: General',
      '30 November 2022',
      'Original: English',
      'Human Rights Council',
      'Working Group on Arbitrary Detention',
      'Opinions adopted by the Working Group on Arbitrary Detention at its ninety-fourth session, 29 August–2 September 2022',
      'Opinion No. 57/2022 concerning Karim Massimov (Kazakhstan)',
      '1. The Working Group on Arbitrary Detention was established in resolution 1991/42.',
    ].join('\n');
    expect(titleBlock(opening)).toBe('Opinion No. 57/2022 concerning Karim Massimov (Kazakhstan)');
    expect(titleBlock('ДОКЛАД\nо нарушениях прав человека в Казахстане\n\nАлматы, 2022')).toBe('ДОКЛАД о нарушениях прав человека в Казахстане');
  });

  it('finds no title in a text that opens with prose, and then uses the file name', () => {
    const prose =
      'This report was prepared on the basis of information gathered by the members of the Observation Mission on human rights\n\nobservation in the Republic of Kazakhstan in connection with the events.';
    expect(titleBlock(prose)).toBeUndefined();
    expect(documentTitle('/x/zhanaozen_mission.txt', doc({ format: 'text', text: prose }))).toBe('zhanaozen mission');
    // A section heading names a section, not the document.
    expect(documentTitle('/x/shadow-report.txt', doc({ format: 'text', text: ' INTRODUCTION\nThese Comments on the Second Report were prepared by NGOs.' }))).toBe('shadow report');
  });

  it('uses a metadata title only when a person chose it', () => {
    expect(documentTitle('/x/a.pdf', doc({ title: 'zh.html', text: 'Report on the Aktau trial\n\nThe hearing.' }))).toBe('Report on the Aktau trial');
    expect(documentTitle('/x/a.pdf', doc({ title: 'Microsoft Word - draft3.doc', text: 'the hearing was closed.' }))).toBe('a');
    expect(documentTitle('/x/a.pdf', doc({ title: 'Observation of the Aktau trial', text: 'Other words' }))).toBe('Observation of the Aktau trial');
    expect(documentTitle('/x/a.html', doc({ format: 'html', firstHeading: 'Introduction', text: 'Statement on the verdict\n\nBody.' }))).toBe('Statement on the verdict');
  });

  it('takes the published date from a date line, never from running text', () => {
    expect(statedDate('Mission report, 11 January 2022\nThe hearing was closed.')).toMatchObject({ text: '11 January 2022', start: '2022-01-11' });
    expect(statedDate('Алматы, 5 марта 2022 г.\nСуд продолжился.')).toMatchObject({ start: '2022-03-05' });
    expect(statedDate('Астана қ.\n2022 жылғы 11 қаңтар')).toMatchObject({ start: '2022-01-11' });
    expect(statedDate('Distr.: General\n30 November 2022')).toMatchObject({ start: '2022-11-30' });
    expect(statedDate('Opinion No. 57/2022\n\n1. The Working Group on 4 March 2022 transmitted.\n\n[Adopted on 1 September 2022]\n')).toMatchObject({
      text: '1 September 2022',
      start: '2022-09-01',
    });
    // The events a report is about are not when it was written.
    expect(statedDate('observation in connection with the events of the 16th of December 2011 in Zhanaozen and their consequences')).toBeUndefined();
    expect(statedDate('Суд над активистами в Актау продолжился 5 марта 2022 года, и адвокат заявил о пытках.')).toBeUndefined();
  });

  it('tells Kazakh from Russian by the letters only Kazakh uses', () => {
    // Russian that names Kazakh people and places still reads as Russian.
    expect(
      detectLanguage('Суд над Қасымом Нұрлановым в Жаңаөзене продолжился. Адвокат заявил, что его подзащитного избивали в полиции и что признание было получено под давлением.'),
    ).toBe('ru');
    expect(detectLanguage('Сот отырысы жабық өтті. Қорғаушы айыпталушының полицияда ұрып-соғылғанын және мойындау қысыммен алынғанын мәлімдеді.')).toBe('kk');
    expect(detectLanguage('The hearing was closed to the public and the relatives of the defendant were not admitted.')).toBe('en');
  });
});
