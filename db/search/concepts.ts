import { aliasKey } from './aliases.js';

/**
 * Human-rights concepts as monitors ask for them and as reports, UN opinions and court papers
 * write them, in English, Russian and Kazakh: a query that says one term of a concept also
 * searches the others, so an English question finds Russian passages and "forced confession"
 * finds "confessions extracted". Drawn from the ICCPR's and the CAT's own wording, the UN
 * Working Group on Arbitrary Detention's categories and HURIDOCS' micro-thesauri of
 * violations; applied when a query runs (nothing to reindex), shown as "also searched". These
 * are what a new archive starts with: each team changes them with search-words records
 * (`vigil concept`, search.concepts.*), carried in bundles (search-words.ts).
 */
export const shippedConcepts: string[][] = [
  // Fair trial: counsel, confessions, publicity, equality of arms.
  ['lawyer', 'counsel', 'defence counsel', 'legal counsel', 'legal assistance', 'адвокат', 'защитник', 'защитника', 'қорғаушы', 'адвокаттың'],
  ['without access to a lawyer', 'denied access to counsel', 'denied counsel', 'without access to his lawyer', 'без адвоката', 'не допускали адвоката', 'адвокатсыз'],
  [
    'forced confession',
    'coerced confession',
    'extract a confession',
    'confessions extracted',
    'confession under duress',
    'extracting a confession',
    'признательные показания под принуждением',
    'выбивание показаний',
    'выбить признание',
    'мәжбүрлеп мойындату',
  ],
  [
    'closed hearing',
    'closed trial',
    'closed court',
    'in camera',
    'closed session',
    'closed to the public',
    'закрытое заседание',
    'закрытое судебное заседание',
    'закрытый процесс',
    'жабық сот',
    'жабық сот отырысы',
  ],
  ['secret trial', 'top secret', 'classified', 'closed trial', 'секретно', 'засекречено', 'совершенно секретно', 'құпия'],
  ['fair trial', 'right to a fair trial', 'справедливое судебное разбирательство', 'справедливый суд', 'әділ сот'],
  ['equality of arms', 'unequal situation', 'unequal position', 'равенство сторон', 'тараптардың теңдігі'],
  ['presumption of innocence', 'презумпция невиновности', 'кінәсіздік презумпциясы'],
  ['interpreter', 'переводчик', 'аудармашы'],
  ['complaint', 'allegation', 'жалоба', 'заявление о пытках', 'шағым'],
  // Arrest, charge and sentence, as Russian and Kazakh verbs too (a Russian question of English documents).
  ['arrested', 'detained', 'arrest', 'задержан', 'задержали', 'задержание', 'арестован', 'арестовали', 'арест', 'ұсталды', 'қамауға алынды'],
  ['sentenced', 'convicted', 'приговор', 'приговорили', 'приговорён', 'приговорен', 'осуждён', 'осужден', 'осудили', 'сотталды', 'үкім'],
  ['charged', 'accused', 'обвинение', 'обвинили', 'обвиняемый', 'айып тағылды'],
  ['searched', 'search', 'обыск', 'обыскали', 'тінту'],
  // Laws and their parts, with the abbreviations court papers use.
  ['article', 'статья', 'ст', 'бап'],
  ['Criminal Code', 'УК', 'Уголовный кодекс', 'Қылмыстық кодекс', 'ҚК'],
  // Detention.
  ['solitary confinement', 'isolation cell', 'punishment cell', 'одиночная камера', 'одиночное заключение', 'карцер', 'штрафной изолятор', 'ШИЗО', 'жеке камера'],
  ['incommunicado', 'without contact with the outside world', 'без связи с внешним миром', 'инкоммуникадо'],
  ['pre-trial detention', 'custody', 'remand', 'содержание под стражей', 'предварительное заключение', 'СИЗО', 'қамауда ұстау', 'тергеу изоляторы'],
  ['arbitrary detention', 'arbitrarily detained', 'произвольное задержание', 'произвольное содержание под стражей', 'заңсыз ұстау'],
  ['habeas corpus', 'judicial review of detention', 'judicial control', 'судебный контроль', 'санкционирование ареста', 'sanction of arrest'],
  ['enforced disappearance', 'disappeared', 'насильственное исчезновение', 'күштеп жоғалту'],
  // Torture and ill-treatment.
  ['torture', 'ill-treatment', 'cruel, inhuman or degrading treatment', 'пытки', 'пыток', 'жестокое обращение', 'бесчеловечное обращение', 'азаптау', 'қатыгездік'],
  ['beaten', 'beat', 'struck', 'hit in the face', 'избили', 'избиение', 'били', 'ұрып-соғу', 'ұрды'],
  // Not "execution": matched as a stem it finds "executive" and the execution of a law.
  ['death penalty', 'capital punishment', 'death sentence', 'смертная казнь', 'высшая мера', 'өлім жазасы'],
  ['death in custody', 'died in custody', 'смерть под стражей', 'умер в заключении'],
  // Assembly, expression, association.
  ['peaceful assembly', 'freedom of assembly', 'rally', 'demonstration', 'protest', 'мирные собрания', 'свобода собраний', 'митинг', 'бейбіт жиналыс', 'наразылық'],
  ['freedom of expression', 'freedom of speech', 'freedom of opinion', 'свобода выражения', 'свобода слова', 'сөз бостандығы'],
  ['freedom of association', 'right to form trade unions', 'свобода объединений', 'бірлестіктер бостандығы'],
  ['journalist', 'reporter', 'media worker', 'журналист', 'журналистка', 'тілші'],
  ['blogger', 'social media post', 'блогер', 'пост в соцсетях'],
  ['extremism', 'extremist', 'экстремизм', 'экстремистский', 'экстремизм'],
  [
    'inciting discord',
    'incitement of social hatred',
    'inciting ethnic discord',
    'incitement to hatred',
    'разжигание розни',
    'возбуждение розни',
    'алауыздықты қоздыру',
    'араздықты қоздыру',
  ],
  // UN mechanisms.
  // Not "communication" or "opinion" themselves: ordinary words far more often than UN procedure.
  ['individual complaint', 'индивидуальная жалоба', 'жеке шағым'],
  ['follow-up', 'follow-up procedure', 'последующие меры', 'кейінгі шаралар'],
  ['human rights defender', 'activist', 'правозащитник', 'активист', 'құқық қорғаушы', 'белсенді'],
];

/**
 * Abbreviations of three letters or fewer are keyed as written, lower-cased: folded, the
 * Russian "УК" (Criminal Code) would be the English "UK", and "ст." (article) "St.".
 */
const shortTerm = (term: string) => /^[\p{L}]{1,3}$/u.test(term.trim());
const shortKey = (term: string) => `=${term.trim().toLocaleLowerCase()}`;

/**
 * Looks up the concept a term of a query names: by its words folded as written (the forms a
 * concept lists), an abbreviation as written. Not by stems: "адвоката" or "задержанию" widened
 * to every term of their concepts made a common question three times slower.
 */
export function conceptLookup(groups: readonly (readonly string[])[]): (term: string) => string[] | undefined {
  const byKey = new Map<string, string[]>();
  for (const group of groups) for (const term of group) if (shortTerm(term) && !byKey.has(shortKey(term))) byKey.set(shortKey(term), [...group]);
  for (const group of groups) for (const term of group) if (!shortTerm(term) && !byKey.has(aliasKey(term))) byKey.set(aliasKey(term), [...group]);
  return (term) => byKey.get(shortTerm(term) ? shortKey(term) : aliasKey(term));
}
