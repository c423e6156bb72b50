import { seededRandom } from './synthetic-records.js';

/**
 * A deterministic synthetic corpus for the search benchmark: English and Russian paragraphs of
 * about 1–2 KB about detentions and trials, with Kazakh names in both scripts, places, dates,
 * case numbers, and a long tail of rarer words (drawn with a Zipf-like skew) so that posting
 * lists have realistic lengths. The same seed gives the same corpus in every process.
 */
const firstNames = ['Ruslan', 'Aigul', 'Serik', 'Dana', 'Nurlan', 'Zhanar', 'Yerlan', 'Gulnara', 'Marat', 'Saule', 'Timur', 'Asel', 'Daniyar', 'Aliya', 'Bolat', 'Madina'];
const surnames: [string, string][] = [
  ['Zhaksybekov', 'Жақсыбеков'],
  ['Akhmetova', 'Ахметова'],
  ['Ablyazov', 'Аблязов'],
  ['Massimov', 'Масимов'],
  ['Dzhumabaev', 'Джумабаев'],
  ['Nurpeisova', 'Нурпеисова'],
  ['Sadykov', 'Садықов'],
  ['Tokayeva', 'Тоқаева'],
  ['Utemisov', 'Өтемісов'],
  ['Bekova', 'Бекова'],
  ['Kassymov', 'Қасымов'],
  ['Ospanova', 'Оспанова'],
  ['Kuanyshev', 'Қуанышев'],
  ['Amanzholov', 'Аманжолов'],
  ['Ermekova', 'Ермекова'],
  ['Tleuzhan', 'Тлеужан'],
  ['Baimukhanov', 'Баймұханов'],
  ['Iskakova', 'Искакова'],
  ['Zhumagulov', 'Жұмағұлов'],
  ['Sarsenbayev', 'Сәрсенбаев'],
];
const places: [string, string][] = [
  ['Almaty', 'Алматы'],
  ['Astana', 'Астана'],
  ['Shymkent', 'Шымкент'],
  ['Aktau', 'Ақтау'],
  ['Zhanaozen', 'Жаңаөзен'],
  ['Taraz', 'Тараз'],
  ['Kyzylorda', 'Қызылорда'],
  ['Atyrau', 'Атырау'],
  ['Oral', 'Орал'],
  ['Semey', 'Семей'],
  ['Pavlodar', 'Павлодар'],
  ['Karaganda', 'Қарағанды'],
];
/** Sentences by topic; a document is about two or three topics and one to three people. */
const topics: { en: string[]; ru: string[] }[] = [
  {
    en: [
      '{name} was detained in {place} on {date} and held in pre-trial detention for {n} days.',
      'According to the lawyer, {name} was denied access to counsel during the first {n} hours of custody.',
      'The National Security Committee confirmed that {name} remained in custody.',
      'The detention order was extended twice without a hearing.',
    ],
    ru: [
      '{rname} задержали в городе {rplace} {rdate} и поместили в изолятор временного содержания.',
      'Сотрудники КНБ не допускали защитника к {rname} в течение {n} часов.',
      'Срок содержания под стражей продлевался без судебного заседания.',
    ],
  },
  {
    en: [
      'The court in {place} refused the defence motion to call witnesses in case {case}.',
      'Observers were not admitted to the hearing and the judge ordered the courtroom closed.',
      'The interpreter was absent and the defendant could not follow the proceedings.',
      'The verdict was announced after a trial that lasted {n} days.',
    ],
    ru: [
      'Суд в городе {rplace} отклонил ходатайство защиты о вызове свидетелей по делу {case}.',
      'Наблюдателей не допустили в зал судебного заседания.',
      'Переводчик отсутствовал, и подсудимый не понимал хода процесса.',
    ],
  },
  {
    en: [
      'Allegations of torture and ill-treatment were not investigated by the prosecutor.',
      'Relatives of {name} said the detainee had been beaten to obtain a confession.',
      'A forensic examination found bruises that the authorities attributed to a fall.',
    ],
    ru: [
      'По словам адвоката, к задержанному применяли пытки, чтобы получить признание.',
      'Родственники {rname} сообщили о жестоком обращении в следственном изоляторе.',
      'Прокуратура отказалась расследовать жалобы на пытки.',
    ],
  },
  {
    en: [
      'Peaceful protesters in {place} were dispersed and several were sentenced to administrative arrest.',
      'The akimat refused to authorise a rally planned for {date}.',
      'Striking oil workers gathered on the central square.',
    ],
    ru: ['Мирный митинг в городе {rplace} был разогнан полицией.', 'Акимат отказал в проведении собрания.'],
  },
  {
    en: [
      'The editor of an independent newspaper was charged with spreading false information.',
      'Access to several news websites was blocked during the unrest.',
      'A journalist covering the trial of {name} had her accreditation withdrawn.',
    ],
    ru: ['Редактора независимой газеты обвинили в распространении ложной информации.', 'Доступ к новостным сайтам был заблокирован.'],
  },
  {
    en: [
      'The Working Group on Arbitrary Detention found the deprivation of liberty arbitrary.',
      'The communication was transmitted to the Government, which replied within {n} days.',
      'The Human Rights Committee requested interim measures.',
    ],
    ru: ['Рабочая группа по произвольным задержаниям признала содержание под стражей произвольным.'],
  },
  {
    en: ['{name} suffers from diabetes and did not receive medication in detention.', 'The prison doctor refused to transfer {name} to a hospital.'],
    ru: ['Задержанному не предоставили необходимые лекарства.', 'Врач колонии отказал в госпитализации.'],
  },
];

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ruMonths = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];
const syllables = ['ka', 'ra', 'ta', 'mo', 'li', 'sen', 'dor', 'vel', 'qu', 'an', 'is', 'tor', 'mar', 'zhe', 'bek', 'ul', 'nor', 'pas', 'ri', 'go'];

export interface CorpusDocument {
  title: string;
  country: string;
  published: string;
  paragraphs: string[];
}

export function* corpus(passages: number, perDocument = 10, seed = 7): Generator<CorpusDocument> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  // A long tail: 40,000 made-up words, the first ones common, the last ones rare.
  const lexicon = Array.from({ length: 40_000 }, (_, i) => {
    let w = '';
    let x = i + 1;
    do {
      w += syllables[x % syllables.length];
      x = Math.floor(x / syllables.length);
    } while (x > 0);
    return w;
  });
  const tailWord = () => lexicon[Math.min(lexicon.length - 1, Math.floor(Math.pow(random(), 3) * lexicon.length))]!;
  const fill = (template: string) =>
    template
      .replace('{name}', () => `${pick(firstNames)} ${pick(surnames)[0]}`)
      .replace('{rname}', () => pick(surnames)[1])
      .replace('{place}', () => pick(places)[0])
      .replace('{rplace}', () => pick(places)[1])
      .replace('{date}', () => `${1 + Math.floor(random() * 28)} ${pick(months)} ${2011 + Math.floor(random() * 12)}`)
      .replace('{rdate}', () => `${1 + Math.floor(random() * 28)} ${pick(ruMonths)} ${2011 + Math.floor(random() * 12)} года`)
      .replace('{case}', () => `${1 + Math.floor(random() * 9)}-${Math.floor(random() * 400)}/${2011 + Math.floor(random() * 12)}`)
      .replace('{n}', () => String(2 + Math.floor(random() * 90)));
  let made = 0;
  let doc = 0;
  while (made < passages) {
    const count = Math.min(perDocument, passages - made);
    const docTopics = Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(topics));
    const people = Array.from({ length: 1 + Math.floor(random() * 3) }, () => [pick(firstNames), pick(surnames)] as const);
    const fillDoc = (template: string) =>
      fill(
        template
          .replace('{name}', () => {
            const [first, [latin]] = pick(people);
            return `${first} ${latin}`;
          })
          .replace('{rname}', () => pick(people)[1][1]),
      );
    const paragraphs: string[] = [];
    for (let p = 0; p < count; p++) {
      const russianParagraph = random() < 0.4;
      const target = 1000 + Math.floor(random() * 800);
      let text = '';
      while (text.length < target) {
        const topic = pick(docTopics);
        const sentence = fillDoc(pick(russianParagraph ? topic.ru : topic.en));
        const tail = Array.from({ length: 3 + Math.floor(random() * 6) }, tailWord).join(' ');
        text += `${sentence} ${tail}. `;
      }
      paragraphs.push(text.trim());
    }
    const [, [surname]] = people[0]!;
    yield { title: `Monitoring report ${doc + 1}: ${surname} case in ${pick(places)[0]}`, country: 'KZ', published: String(2011 + (doc % 12)), paragraphs };
    made += count;
    doc++;
  }
}

/** The fixed query mix, by kind: each system runs the same list. */
export const queryMix: { kind: 'word' | 'phrase' | 'cyrillic' | 'typo' | 'filter'; query: string; words: string[]; phrase?: boolean }[] = [
  { kind: 'word', query: 'torture', words: ['torture'] },
  { kind: 'word', query: 'Zhaksybekov', words: ['Zhaksybekov'] },
  { kind: 'word', query: 'Shymkent witnesses', words: ['Shymkent', 'witnesses'] },
  { kind: 'word', query: 'interpreter absent', words: ['interpreter', 'absent'] },
  { kind: 'word', query: 'Ablyazov custody', words: ['Ablyazov', 'custody'] },
  { kind: 'word', query: 'confession beaten', words: ['confession', 'beaten'] },
  { kind: 'word', query: 'karamo', words: ['karamo'] },
  { kind: 'word', query: 'Tleuzhan Aktau', words: ['Tleuzhan', 'Aktau'] },
  { kind: 'phrase', query: '"pre-trial detention"', words: ['pre', 'trial', 'detention'], phrase: true },
  { kind: 'phrase', query: '"National Security Committee"', words: ['National', 'Security', 'Committee'], phrase: true },
  { kind: 'phrase', query: '"courtroom closed"', words: ['courtroom', 'closed'], phrase: true },
  { kind: 'cyrillic', query: 'Жақсыбеков', words: ['Жақсыбеков'] },
  { kind: 'cyrillic', query: 'задержанию', words: ['задержанию'] },
  { kind: 'cyrillic', query: 'пытки адвоката', words: ['пытки', 'адвоката'] },
  { kind: 'cyrillic', query: 'Ахметову', words: ['Ахметову'] },
  { kind: 'typo', query: 'custdy', words: ['custdy'] },
  { kind: 'typo', query: 'torure', words: ['torure'] },
  { kind: 'typo', query: 'Shymkemt', words: ['Shymkemt'] },
  { kind: 'typo', query: 'Zhaksybkeov', words: ['Zhaksybkeov'] },
  { kind: 'filter', query: 'torture after:2020', words: ['torture'] },
  { kind: 'filter', query: 'Akhmetova type:report before:2015', words: ['Akhmetova'] },
];
