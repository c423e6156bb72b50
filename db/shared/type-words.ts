import type { RecordType } from './schemas.js';

/** What each record type is called in every interface language: the screens and the exports read these. */
export const enTypes: Record<RecordType, string> = {
  report: 'Report',
  detainee: 'Detainee',
  trial: 'Trial',
  hearing: 'Hearing',
  note: 'Note',
  case: 'Case',
  person: 'Person',
  organisation: 'Organisation',
  event: 'Event',
  indicator: 'Fair-trial indicator',
  'search-words': 'Search words',
  vocabulary: 'Vocabulary',
  'record-type': 'Record type',
  field: 'Field',
};

export const ruTypes: Record<RecordType, string> = {
  report: 'Доклад',
  detainee: 'Задержанный',
  trial: 'Процесс',
  hearing: 'Заседание',
  note: 'Заметка',
  case: 'Дело',
  person: 'Человек',
  organisation: 'Организация',
  event: 'Событие',
  indicator: 'Индикатор справедливого суда',
  'search-words': 'Слова поиска',
  vocabulary: 'Словарь',
  'record-type': 'Тип записей',
  field: 'Поле',
};
