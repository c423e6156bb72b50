/**
 * The engine words its errors in English, as the CLI prints them. The interface says the ones
 * a monitor meets (why a file was not imported, why a bundle was refused, why a search cannot
 * run) in its own language: each English line is matched here and said again in Russian, with
 * the names and numbers it carried. A line not listed keeps its English after a Russian
 * heading (notices.tsx).
 */
type Rewording = [RegExp, string | ((...groups: string[]) => string)];

const kindRu: Record<string, string> = {
  text: 'строка текста',
  'long text': 'длинный текст',
  number: 'число',
  date: 'дата',
  'yes-or-no': 'да или нет',
  choice: 'выбор из списка',
  link: 'ссылка на запись',
  place: 'место',
  'repeating group': 'повторяющаяся группа',
  'multiple choice': 'выбор нескольких из списка',
  'multiple link': 'ссылки на записи',
};

const formatRu: Record<string, string> = {
  'a PDF': 'PDF',
  'a ZIP archive (DOCX or XLSX)': 'ZIP-архив (DOCX или XLSX)',
  'plain text': 'обычный текст',
  'binary data': 'двоичные данные',
};

const ru: Rewording[] = [
  // Importing files.
  [
    /^(.+) cannot be imported: use PDF, DOCX, HTML, TXT, Markdown, CSV, XLSX, or a JPEG, PNG or TIFF image$/,
    (ext) =>
      `${ext === 'a file without an extension' ? 'Файл без расширения' : `Файл ${ext}`} нельзя импортировать: подходят PDF, DOCX, HTML, TXT, Markdown, CSV, XLSX и изображения JPEG, PNG, TIFF`,
  ],
  // Scans read by OCR.
  [/^the import was cancelled: the file it was reading was not saved$/, 'импорт отменён: файл, который читался, не сохранён'],
  [/^the (JPEG|PNG|TIFF) is damaged or truncated$/, (kind) => `файл ${kind} повреждён или обрезан`],
  [
    /^(?:page (\d+) of )?the image is ([\d,]+) × ([\d,]+) pixels, larger than the (\d+) million pixels a page may have: scale it down and import it again$/,
    (page, w, h, limit) =>
      `${page ? `страница ${page} изображения` : 'изображение'} размером ${w} × ${h} пикселей больше допустимых ${limit} млн пикселей на страницу: уменьшите его и импортируйте снова`,
  ],
  [
    /^(?:page (\d+): )?reading the page took longer than (\d+) s: it was abandoned$/,
    (page, s) => `${page ? `страница ${page}: ` : ''}чтение страницы заняло больше ${s} с и было прервано`,
  ],
  [
    /^(?:page (\d+): )?reading the page needed more memory than allowed: it was abandoned$/,
    (page) => `${page ? `страница ${page}: ` : ''}чтению страницы понадобилось больше памяти, чем разрешено; оно прервано`,
  ],
  [
    /^the OCR language data is missing, so the scan was imported without its text \(reinstall Vigil, then run vigil reocr\)$/,
    'нет языковых данных для OCR: скан импортирован без текста (переустановите Vigil и выполните vigil reocr)',
  ],
  [
    /^the (.+) language data for OCR is missing: the scan was read without it and flagged for checking$/,
    (langs) =>
      `нет языковых данных OCR (${langs.replace('Russian', 'русский').replace('Kazakh', 'казахский').replace('English', 'английский').replace(' and ', ' и ')}): скан прочитан без них и отмечен для проверки`,
  ],
  [/^the file is empty$/, 'файл пуст'],
  [/^the content does not match its (\S+) extension: it is (.+)$/, (ext, what) => `содержимое не соответствует расширению ${ext}: это ${formatRu[what] ?? what}`],
  [
    /^the file is larger than the limit of (.+)$/,
    (size) =>
      `файл больше допустимого размера ${size
        .replace('GB', 'ГБ')
        .replace('MB', 'МБ')
        .replace('KB', 'КБ')
        .replace(/ bytes$/, ' байт')}`,
  ],
  [/^the PDF is password-protected: remove the password and import it again$/, 'PDF защищён паролем: снимите пароль и импортируйте его снова'],
  [/^the PDF is damaged or truncated$/, 'PDF повреждён или обрезан'],
  [/^the PDF cannot be read \((.*)\)$/, (why) => `PDF не читается (${why})`],
  [/^the Word document holds no text$/, 'в документе Word нет текста'],
  [/^the page holds no text$/, 'на странице нет текста'],
  [/^the file holds no text$/, 'в файле нет текста'],
  [/^the document holds more than (\d+) characters of text$/, (n) => `в документе больше ${Number(n).toLocaleString('ru-RU')} знаков текста`],
  [/^the spreadsheet is empty$/, 'таблица пуста'],
  [/^the spreadsheet has column names but no rows$/, 'в таблице есть названия столбцов, но нет строк'],
  [/^the first row holds no column names$/, 'в первой строке нет названий столбцов'],
  [/^the spreadsheet has more than (\d+) rows$/, (n) => `в таблице больше ${Number(n).toLocaleString('ru-RU')} строк`],
  [/^the spreadsheet cannot be read \((.*)\)$/, (why) => `таблица не читается (${why})`],
  [/^the CSV file cannot be read: (.*)$/, (why) => `CSV-файл не читается: ${why}`],
  [/^a spreadsheet needs the record type its rows become \(as: for example detainee\)$/, 'для таблицы нужно выбрать, какими записями станут её строки'],
  [/^the column map names a column "(.*)" that the file does not have \(it has: (.*)\)$/, (c, has) => `в сопоставлении указан столбец «${c}», которого нет в файле (есть: ${has})`],
  [/^the column map: a (\S+) has no field "(.*)" \(fields: .*\)$/, (_type, f) => `в сопоставлении указано поле «${f}», которого у этого типа записей нет`],
  [/^the file is not a valid ZIP archive \((.*)\)$/, (why) => `файл не является правильным ZIP-архивом (${why})`],
  [/^the archive has no (\S+): it is not a Word \(DOCX\) file$/, (entry) => `в архиве нет ${entry}: это не файл Word (DOCX)`],
  [/^the archive has no (\S+): it is not a Excel \(XLSX\) file$/, (entry) => `в архиве нет ${entry}: это не файл Excel (XLSX)`],
  [/^reading the file took longer than (\d+) s: it was abandoned$/, (s) => `чтение файла заняло больше ${s} с и было прекращено`],
  [/^reading the file was cancelled$/, 'чтение файла отменено'],
  [/^reading the file was stopped before it finished$/, 'чтение файла остановлено, не закончившись'],
  [/^the file cannot be read \((.*)\)$/, (why) => `файл не читается (${why})`],
  [/^cannot read the file \((.*)\)$/, (why) => `файл не читается (${why})`],
  [/^not a file$/, 'это не файл'],
  [/^the file changed while it was being imported: import it again$/, 'файл изменился во время импорта: импортируйте его снова'],
  [/^row (\d+), column "(.*)": (.*)$/, (row, column, why) => `строка ${row}, столбец «${column}»: ${why}`],
  [/^row (\d+): (.*)$/, (row, why) => `строка ${row}: ${why}`],
  [/^files are chosen in a dialog or dropped into the window$/, 'файлы выбирают в окне выбора или перетаскивают в окно: выберите файл снова'],
  // Bundles.
  [/^wrong bundle passphrase$/, 'неверная парольная фраза пакета'],
  [/^this bundle is locked with a team passphrase: give the team passphrase to open it$/, 'пакет закрыт парольной фразой команды: введите её, чтобы открыть пакет'],
  [/^this bundle is addressed to other recipients, not to this archive$/, 'пакет адресован другим получателям, не этому архиву'],
  [/^this is not a Vigil bundle: it is not an age-encrypted file$/, 'это не пакет Vigil: файл не зашифрован age'],
  [/^this is not a Vigil bundle \(its manifest names another format\)$/, 'это не пакет Vigil (в его описи указан другой формат)'],
  [/^the bundle is empty$/, 'пакет пуст'],
  [/^the bundle is not signed$/, 'пакет не подписан'],
  [
    /^the bundle is damaged: part of it was altered or cut short \(its encryption does not check out\)$/,
    'пакет повреждён: часть его изменена или обрезана (шифрование не сходится)',
  ],
  [/^the bundle is damaged(?: or truncated)?\b.*$/, 'пакет повреждён или обрезан'],
  [/^the bundle cannot be opened: its header is damaged.*$/, 'пакет не открывается: его заголовок повреждён'],
  [/^the bundle’s signature does not match its manifest: it was altered or forged$/, 'подпись пакета не совпадает с его описью: он изменён или подделан'],
  [/^the bundle comes from a device this archive does not know \((.*)\): refused$/, (who) => `пакет пришёл с устройства, которого этот архив не знает (${who}): отклонён`],
  [
    /^this bundle has format version (\S+); this Vigil reads version (\S+): update Vigil$/,
    (v, ours) => `у пакета формат версии ${v}; эта версия Vigil читает версию ${ours}: обновите Vigil`,
  ],
  [/^a team passphrase must have at least (\d+) characters$/, (n) => `парольная фраза команды должна быть не короче ${n} знаков`],
  [/^"(.*)" is not an age recipient \(age1…\)$/, (r) => `«${r}» — не ключ получателя age (age1…)`],
  [
    /^a bundle is encrypted to a team passphrase or to recipients’ keys \(age1…\): give one$/,
    'пакет шифруется парольной фразой команды или ключами получателей (age1…): укажите одно из двух',
  ],
  // Search.
  [/^type something to search for$/, 'введите, что искать'],
  [/^a quoted phrase is not closed: add the closing quote$/, 'фраза в кавычках не закрыта: добавьте закрывающую кавычку'],
  [/^a minus sign must be followed by the word to leave out, as in -amnesty$/, 'после минуса нужно слово, которое исключить, например -амнистия'],
  [/^OR must stand between two search terms.*$/, 'OR должно стоять между двумя словами поиска, например пытки OR насилие'],
  [/^OR cannot be followed by an excluded term$/, 'после OR не может идти исключённое слово'],
  [/^the search is too long \(at most 2000 characters\)$/, 'запрос слишком длинный (не больше 2000 знаков)'],
  [/^"(.*)" has no letters or digits to search for$/, (w) => `в «${w}» нет букв или цифр для поиска`],
  [/^unknown filter "(.*):"; the filters are (.*)$/, (k, list) => `неизвестный фильтр «${k}:»; есть фильтры ${list}`],
  [
    /^(\S+):(.*) is not a date Vigil can read; write it like .*$/,
    (k, v) => `${k}:${v} — не дата, которую Vigil может прочитать; пишите так: ${k}:2022-01-05, ${k}:2022-01 или ${k}:2022`,
  ],
  [/^filters cannot be excluded with a minus sign \(-(\S+):\)$/, (k) => `фильтр нельзя исключить минусом (-${k}:)`],
  // Records.
  [/^(.+): a record cannot point at itself$/, (where) => `${where}: запись не может ссылаться на саму себя`],
  [/^(.+): there is no record .* in this archive$/, (where) => `${where}: такой записи в архиве нет`],
  // Definitions and Uwazi.
  [
    /^the field "(.*)" \(\S+\) cannot become an? (.+) field: (\d+) existing values? would not fit \((.*)\); change or clear them first$/,
    (field, kind, n, named) =>
      `поле «${field}» нельзя сделать полем вида «${kindRu[kind] ?? kind}»: записанные значения (${n}) не подойдут (${named.replace(/ and (\d+) more$/, ' и ещё $1')}); сначала измените или очистите их`,
  ],
  [/^(.+); nothing was imported$/, (why) => `${engineMessageIn('ru', why) ?? why}; ничего не импортировано`],
  [/^(.+?), row (\d+), column "(.*)": (.*)$/, (file, row, column, why) => `${file}, строка ${row}, столбец «${column}»: ${engineMessageIn('ru', why) ?? why}`],
  [/^(.+?), row (\d+): (.*)$/, (file, row, why) => `${file}, строка ${row}: ${engineMessageIn('ru', why) ?? why}`],
  [/^"(.*)" is not a number$/, (v) => `«${v}» — не число`],
  [/^"(.*)" is not a date Vigil can read \(write it as 2021-12-01\)$/, (v) => `«${v}» — не дата, которую Vigil может прочитать (пишите так: 2021-12-01)`],
  [/^"(.*)" is not a location \(write latitude\|longitude, such as 43\.34\|52\.86\)$/, (v) => `«${v}» — не координаты (пишите широту|долготу, например 43.34|52.86)`],
  [/^"(.*)" is not a country Vigil knows: (.*)$/, (v) => `«${v}» — не страна, известная Vigil: напишите её название по-английски или по-русски либо двухбуквенный код`],
  [/^a term marked "-" needs a term above it, one level up$/, 'термину с «-» нужен термин уровнем выше над ним'],
  [/^no title$/, 'нет названия'],
  [/^the passphrase must have at least (\d+) characters$/, (n) => `парольная фраза должна быть не короче ${n} знаков`],
  [/^the disk is full$/, 'диск заполнен'],
  [/^the archive is busy in another program; try again$/, 'архив занят другой программой; попробуйте снова'],
];

/** The engine's English line said in the interface's language, or undefined when it is not one of those listed. */
export function engineMessageIn(language: string, message: string): string | undefined {
  if (!language.startsWith('ru')) return undefined;
  for (const [pattern, said] of ru) {
    const m = pattern.exec(message);
    if (m) return typeof said === 'string' ? said : said(...m.slice(1).map((g) => g ?? ''));
  }
  return undefined;
}
