import type { RecordType } from '../db/shared/schemas.js';

/**
 * Deterministic synthetic records shaped like what monitors keep: notes from hearings,
 * detainees with names in two scripts and disputed arrests, hearings with indicator
 * assessments. Seeded, so every run and every variant writes the same data.
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const surnames = ['Zhaksybekov', 'Ablyazov', 'Massimov', 'Akhmetov', 'Dzhumabaev', 'Nurpeisova', 'Sadykov', 'Tokayeva', 'Utemisov', 'Bekova'];
const cyrillic = ['Жақсыбеков', 'Аблязов', 'Масимов', 'Ахметов', 'Джумабаев', 'Нурпеисова', 'Садыков', 'Токаева', 'Утемисов', 'Бекова'];
const phrases = [
  'The judge refused the defence motion to call the witness.',
  'Observers were asked to show passports and leave phones in lockers.',
  'The defendant stated he had been beaten during interrogation.',
  'Interpretation into Kazakh was provided only for part of the hearing.',
  'Relatives were not admitted to the courtroom.',
  'Подсудимый заявил, что признание было получено под давлением.',
  'Адвокат ходатайствовал об исключении показаний засекреченного свидетеля.',
];

export function syntheticRecord(i: number, random: () => number): { type: RecordType; data: Record<string, unknown> } {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const k = Math.floor(random() * surnames.length);
  const kind = i % 10;
  if (kind < 6) {
    return {
      type: 'note',
      data: {
        title: `${pick(phrases).slice(0, 60)} #${i}`,
        text: Array.from({ length: 3 + Math.floor(random() * 4) }, () => pick(phrases)).join(' '),
        observedAt: new Date(Date.UTC(2022, 0, 1) + i * 60_000).toISOString(),
        sourceKind: pick(['seen-directly', 'told-by-lawyer', 'case-file']),
        indicators: [pick(['public-hearing', 'counsel', 'interpreter', 'witnesses'])],
        tags: ['zhanaozen'],
      },
    };
  }
  if (kind < 9) {
    return {
      type: 'detainee',
      data: {
        title: `${surnames[k]} ${String.fromCharCode(65 + (i % 26))}. ${i}`,
        names: [
          { name: `${surnames[k]} ${i}`, script: 'latin', kind: 'primary' },
          { name: `${cyrillic[k]} ${i}`, script: 'cyrillic', lang: 'ru' },
        ],
        country: 'KZ',
        sensitivity: pick(['public', 'restricted', 'confidential']),
        status: pick(['detained', 'released', 'convicted']),
        arrests: [
          {
            accounts: [
              { by: { kind: 'source' }, date: `on or around ${1 + (i % 28)} January 2022` },
              { by: { kind: 'government' }, date: `${2 + (i % 27)} January 2022` },
            ],
          },
        ],
        charges: [{ code: 'Criminal Code', article: pick(['175', '241', '272', '174']), part: '1' }],
      },
    };
  }
  return {
    type: 'hearing',
    data: {
      title: `Hearing ${i}`,
      date: `${1 + (i % 28)} April 2012`,
      timeZone: 'Asia/Aqtau',
      publicity: pick(['public', 'closed']),
      indicators: [
        { indicator: 'public-hearing', value: pick(['respected', 'concern', 'violated']) },
        { indicator: 'interpreter', value: pick(['respected', 'concern']) },
      ],
    },
  };
}
