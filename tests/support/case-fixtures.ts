/**
 * Fixtures modelled on the cases in shared/corpus, written in our own words: a detainee whose
 * arrest date the source and the government dispute, a WGAD communication with findings by
 * category, and a trial with two observed hearings.
 */

export const detaineeWithDisputedArrest = {
  title: 'Karim Massimov',
  names: [
    { name: 'Karim Massimov', script: 'latin', kind: 'primary' },
    { name: 'Карим Масимов', script: 'cyrillic', lang: 'ru', kind: 'native' },
    { name: 'Kärim Mäsimov', script: 'latin', lang: 'kk', kind: 'transliteration' },
  ],
  country: 'KZ',
  sensitivity: 'restricted',
  birth: { date: '1965', place: 'Almaty' },
  citizenship: ['Kazakhstan'],
  occupation: 'Former Prime Minister; former chair of the National Security Committee',
  status: 'detained',
  arrests: [
    {
      place: 'Nur-Sultan',
      accounts: [
        {
          by: { kind: 'source', name: 'the source (petitioner)' },
          date: 'on or around 5 January 2022',
          circumstances: 'Arrest in the night of 5 to 6 January; no warrant or reasons given.',
          source: { citation: 'WGAD Opinion No. 57/2022', paragraph: 99 },
        },
        {
          by: { kind: 'government', name: 'Government of Kazakhstan' },
          date: '6 January 2022, at 2.36 p.m.',
          circumstances: 'Detained on a charge of high treason; a detention protocol was drawn up.',
          source: { citation: 'WGAD Opinion No. 57/2022', paragraph: 51 },
        },
      ],
    },
  ],
  charges: [{ code: 'Criminal Code', article: '175', part: '1', citation: 'article 175 (1) of the Criminal Code', description: 'high treason', date: '6 January 2022' }],
  custody: [{ kind: 'pretrial', from: '8 January 2022', note: 'ordered by the investigative judge for two months' }],
  incommunicado: [{ from: 'on or around 5 January 2022', by: { kind: 'source' } }],
  access: [
    { kind: 'chosen-counsel', status: 'denied', from: '10 January 2022', by: { kind: 'source' } },
    { kind: 'counsel', status: 'granted', from: '7 January 2022', by: { kind: 'government' }, note: 'a State-appointed lawyer' },
  ],
  health: { conditions: ['diabetes', 'hypertension'] },
  decisions: [{ kind: 'detention-order', date: '8 January 2022', court: 'Specialized Interdistrict Investigative Court of Nur-Sultan' }],
  communications: [{ body: 'WGAD', date: '4 March 2022', reference: 'Opinion No. 57/2022' }],
};

export const wgadCommunication = {
  title: 'WGAD communication concerning Karim Massimov (Kazakhstan)',
  mechanism: 'WGAD',
  opinionNumber: '57/2022',
  status: 'opinion-adopted',
  transmitted: '4 March 2022',
  replies: [{ from: 'government', date: '30 April 2022', summary: 'The arrest and detention followed the Criminal Procedure Code.' }],
  adopted: 'November 2022',
  findings: [
    { category: 'I', finding: 'arbitrary', articles: ['ICCPR 9(1)', 'ICCPR 9(2)'] },
    { category: 'III', finding: 'arbitrary', articles: ['ICCPR 14'] },
    { category: 'II', finding: 'not-considered' },
  ],
  remedies: ['Release Mr. Massimov immediately', 'Ensure a full and independent investigation'],
  country: 'KZ',
};

export const observedTrial = {
  title: 'Zhanaozen oil workers trial (mass disorders)',
  court: 'Mangystau Regional Court',
  venue: 'Youth recreation centre, Aktau',
  judges: ['A. I. Nagashybaev'],
  charges: [
    { code: 'Criminal Code', article: '241', citation: 'Article 241 of the Criminal Code', description: 'mass unrest' },
    { code: 'Criminal Code', article: '164', description: 'incitement of social enmity' },
  ],
  status: 'ongoing',
  country: 'KZ',
};

export const observedHearings = [
  {
    title: 'Hearing of 24 April 2012',
    date: '24 April 2012',
    start: '10:00',
    timeZone: 'Asia/Aqtau',
    observers: ['Mission member 1'],
    access: { status: 'conditional', conditions: ['passport shown', 'phones left in a locker', 'bags searched'] },
    publicity: 'public',
    language: 'Kazakh and Russian',
    interpretation: { provided: 'partial' },
    indicators: [
      { indicator: 'public-hearing', value: 'respected' },
      { indicator: 'torture-evidence-excluded', value: 'concern', note: 'defendants said they were tortured in pre-trial detention' },
    ],
  },
  {
    title: 'Hearing of 25 April 2012',
    date: '25 April 2012',
    timeZone: 'Asia/Aqtau',
    publicity: 'public',
    indicators: [{ indicator: 'witnesses', value: 'violated', note: 'anonymous witnesses by video link with voice modifiers' }],
    testimonies: [{ witness: 'E. Zhayranov', role: 'former anonymous witness', summary: 'Said he was forced to testify falsely.' }],
    motions: [{ by: 'defence', motion: 'Exclude the testimony given under duress', ruling: 'not known' }],
  },
];
