/**
 * Made-up documents in English, Russian and Kazakh with the defects real PDFs have (line-end
 * hyphens, glued footnotes, running headers, a look-alike letter), for the search suite.
 */
const page = (n: number, body: string) => `Shadow Report on Detention 2019\n${body}\n\n${n}`;

export const searchDocuments = {
  englishReport: {
    type: 'report' as const,
    data: {
      title: 'Shadow report on pre-trial detention',
      country: 'KZ',
      tags: ['torture'],
      published: '2019',
      language: 'en',
      body: [
        page(
          1,
          'Introduction\nThe authors document torture in pre-trial detention across Kazakh-\nstan. Detainees are held in custody for months before\ntrial.\n\nTargeted sanctiоns against officials were proposed. The capital, Nur-Sultan, hosts the\nministries concerned.',
        ),
        page(2, 'Ill-treatment\nReports of ill-treatment in Kazakhstan10 remain common, and lawyers say the\nKNB rarely allows access in the first days of custody.'),
        page(3, 'Recommendations\nThe State should end incommunicado detention.'),
      ].join('\f'),
    },
  },
  russianReport: {
    type: 'report' as const,
    data: {
      title: 'Доклад о задержаниях в Шымкенте',
      country: 'KZ',
      published: 'февраль 2022',
      language: 'ru',
      body: 'Ахметову задержали в Шымкенте 5 января 2022 года. Сотрудники КНБ не допускали адвоката.\n\nПосле задер-\nжания к ней применяли пытки, сообщает её защитник.',
    },
  },
  kazakhReport: {
    type: 'report' as const,
    data: {
      title: 'Жаңаөзен оқиғалары туралы баяндама',
      country: 'KZ',
      published: '2012',
      language: 'kk',
      body: 'Жақсыбековтың ісі Ақтау қаласындағы сотта қаралды. Бақылаушылар сот залына кіргізілмеді.',
    },
  },
  zhaksybekov: {
    type: 'detainee' as const,
    data: {
      title: 'Ruslan Zhaksybekov',
      names: [{ name: 'Жақсыбеков Руслан', script: 'cyrillic' }],
      country: 'KZ',
      tags: ['Zhanaozen'],
      status: 'detained',
      arrests: [{ date: 'late December 2011', place: 'Aktau' }],
    },
  },
  ablyazov: {
    type: 'detainee' as const,
    data: {
      title: 'Mukhtar Ablyazov',
      names: [{ name: 'Аблязов Мухтар', script: 'cyrillic' }],
      country: 'FR',
      sensitivity: 'confidential',
      arrests: [{ date: '31 July 2013', place: 'Mouans-Sartoux' }],
    },
  },
  akhmetova: {
    type: 'detainee' as const,
    data: {
      title: 'Aigul Akhmetova',
      names: [{ name: 'Ахметова Айгуль', script: 'cyrillic' }],
      country: 'KZ',
      arrests: [{ date: 'on or around 5 January 2022', place: 'Shymkent' }],
    },
  },
  trial: {
    type: 'trial' as const,
    data: { title: 'Shymkent trial of Aigul Akhmetova', caseNumber: '2-17/2022', court: 'Shymkent City Court', country: 'KZ', opened: 'April 2022' },
  },
  englishNote: {
    type: 'note' as const,
    data: { text: 'The interpreter was missing for an hour; the judge refused the motion to adjourn.', observedAt: '2022-04-12T10:15:00+05:00' },
  },
  russianNote: {
    type: 'note' as const,
    data: { text: 'Переводчик отсутствовал, судья отклонил ходатайство защиты.', observedAt: '2022-04-12T11:00:00+05:00' },
  },
  wgadCase: {
    type: 'case' as const,
    data: { title: 'WGAD communication concerning Karim Massimov', opinionNumber: '57/2022', mechanism: 'WGAD', adopted: 'November 2022', country: 'KZ' },
  },
  event: {
    type: 'event' as const,
    data: { title: 'Dispersal of the strike in Zhanaozen', date: '16 December 2011', place: 'Zhanaozen', country: 'KZ' },
  },
  knb: {
    type: 'organisation' as const,
    data: { title: 'National Security Committee', names: [{ name: 'КНБ' }], kind: 'security-service', country: 'KZ' },
  },
  splitPhrase: {
    type: 'report' as const,
    data: {
      title: 'Notes on a visit',
      body: 'Arrival\nThe delegation met the special\n\nDeparture\n\nRapporteur staff left the city before noon.',
    },
  },
  rapporteur: {
    type: 'report' as const,
    data: { title: 'Visit by the Special Rapporteur', body: 'The Special Rapporteur on torture visited two remand prisons.' },
  },
  amnesty: {
    type: 'report' as const,
    data: { title: 'Commentary on the amnesty law', body: 'The amnesty law excluded prisoners convicted after torture confessions.', published: '2021' },
  },
};

export type SearchDocumentName = keyof typeof searchDocuments;
