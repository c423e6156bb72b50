import { foldWord } from './fold-word.js';
import { tokenize } from './tokenize.js';

/**
 * Aliases: names that mean the same (KNB = National Security Committee = КНБ; Astana =
 * Nur-Sultan = Астана). These ship with Vigil; each archive changes them with search-words
 * records (search-words.ts). Applied when a query is run, so adding an alias needs no
 * reindexing. Terms are matched folded, so Nur-Sultan and Нур-Султан are one.
 */
export const starterAliases: string[][] = [
  // ҰҚК is left out: folded it reads "uk", which would widen every search for the UK.
  ['KNB', 'National Security Committee', 'КНБ', 'Комитет национальной безопасности', 'Ұлттық қауіпсіздік комитеті'],
  ['Astana', 'Nur-Sultan', 'Астана', 'Нур-Султан', 'Нұр-Сұлтан', 'Akmola', 'Акмола', 'Tselinograd', 'Целиноград'],
  ['Almaty', 'Alma-Ata', 'Алматы', 'Алма-Ата'],
  ['Shymkent', 'Chimkent', 'Шымкент', 'Чимкент'],
  ['Zhanaozen', 'Janaozen', 'Жанаозен', 'Жаңаөзен', 'Novy Uzen', 'Новый Узень'],
  ['Aktau', 'Ақтау', 'Актау', 'Shevchenko', 'Шевченко'],
  ['Mangystau', 'Mangistau', 'Маңғыстау', 'Мангистау', 'Мангыстау'],
  ['Oral', 'Uralsk', 'Орал', 'Уральск'],
  ['Semey', 'Semipalatinsk', 'Семей', 'Семипалатинск'],
  ['Oskemen', 'Ust-Kamenogorsk', 'Өскемен', 'Усть-Каменогорск'],
  ['Taraz', 'Zhambyl', 'Dzhambul', 'Тараз', 'Жамбыл', 'Джамбул'],
  ['Kyzylorda', 'Қызылорда', 'Кызылорда'],
  ['Akorda', 'Ақорда', 'Акорда', 'Presidential Palace'],
  ['WGAD', 'Working Group on Arbitrary Detention', 'Рабочая группа по произвольным задержаниям'],
  ['ICCPR', 'International Covenant on Civil and Political Rights', 'МПГПП', 'Международный пакт о гражданских и политических правах'],
  ['UN', 'United Nations', 'ООН', 'Организация Объединённых Наций', 'БҰҰ'],
  ['OSCE', 'ОБСЕ', 'Organization for Security and Co-operation in Europe'],
  ['Criminal Code', 'Уголовный кодекс', 'Қылмыстық кодекс'],
  ['Criminal Procedure Code', 'Уголовно-процессуальный кодекс', 'УПК'],
  ['KazMunayGas', 'КазМунайГаз', 'ҚазМұнайГаз', 'KMG'],
  ['Supreme Court', 'Верховный суд', 'Жоғарғы Сот'],
];

/** The folded key of an alias term: its words folded as written, joined by spaces. */
export function aliasKey(term: string): string {
  return tokenize(term)
    .map((t) => foldWord(t.word, { stem: false }))
    .filter(Boolean)
    .join(' ');
}
