import { addHearingNotes } from '../../db/hearings/hearing-notes.js';
import type { Archive } from '../../db/store/archive.js';

/**
 * A trial as observers leave it after three days in court: its case, two defendants (one with
 * a detainee record holding disputed accounts), three hearings with their access, publicity
 * and interpretation, 40 notes (some from paper, some tagged), and assessments. Everything a
 * person typed is in Russian, so a report in Russian can be checked for English left in.
 */
export interface TrialFixture {
  trial: string;
  hearings: string[];
  detainee: string;
  notes: { id: string; text: string; indicators: string[]; reconstructed: boolean }[];
}

const days = ['2026-03-02', '2026-03-09', '2026-03-16'];
const tagsFor = (i: number): string[] => (i % 5 === 0 ? ['public-hearing'] : i % 7 === 0 ? ['interpreter', 'equality-of-arms'] : i % 11 === 0 ? ['torture-evidence-excluded'] : []);

export function makeTrialFixture(archive: Archive): TrialFixture {
  const report = archive.records.create('report', { title: 'Доклад правозащитного центра «Кадыр-Касиет»', kind: 'ngo-report' });
  const detainee = archive.records.create('detainee', {
    title: 'Макс Бокаев',
    status: 'serving-sentence',
    arrests: [
      {
        accounts: [
          { by: { kind: 'government', name: 'МВД' }, date: '17 мая 2016', place: 'Атырау', circumstances: 'Задержан на месте проведения несанкционированного митинга' },
          {
            by: { kind: 'family', name: 'Супруга' },
            date: '16 мая 2016',
            place: 'дом в Атырау',
            circumstances: 'Задержан дома накануне митинга',
            source: { report: report.id, page: 14 },
          },
        ],
      },
    ],
    allegations: [{ kind: 'forced-confession', description: 'Показания даны без адвоката, под давлением', by: { kind: 'lawyer', name: 'Адвокат Иманбаев' } }],
    incommunicado: [{ from: '17 мая 2016', to: '20 мая 2016', by: { kind: 'family' }, note: 'Семье не сообщали о месте содержания' }],
  });
  const trial = archive.records.create('trial', {
    title: 'Дело Бокаева и Аямана',
    caseNumber: '2-17/2016',
    court: 'Специализированный межрайонный суд по уголовным делам Атырауской области',
    judges: ['Судья Ахметов'],
    prosecutors: ['Прокурор Серикбаев'],
    defendants: [
      { name: 'Макс Бокаев', detainee: detainee.id, counsel: ['Иманбаев'] },
      { name: 'Талгат Аяман', counsel: ['Сейткалиев'] },
    ],
    charges: [
      { code: 'УК РК', article: '174', part: '2', description: 'Возбуждение социальной розни', status: 'convicted' },
      { code: 'УК РК', article: '274', part: '2', description: 'Распространение заведомо ложной информации', status: 'pending' },
    ],
    status: 'verdict',
  });
  const hearings = days.map((day, i) =>
    archive.records.create('hearing', {
      title: `Заседание ${i + 1}`,
      trial: trial.id,
      date: day,
      start: '10:00',
      end: '17:30',
      timeZone: 'Asia/Almaty',
      access: i === 1 ? { status: 'refused', note: 'Приставы не пустили наблюдателей в зал' } : { status: 'granted' },
      publicity: i === 1 ? 'closed' : 'public',
      language: 'русский',
      interpretation: { provided: i === 2 ? 'partial' : 'yes', languages: ['казахский'] },
      attendance: { public: 20 - i * 5, media: 3 },
      observers: ['Наблюдатель А.'],
      indicators: [
        { indicator: 'public-hearing', value: i === 1 ? 'violated' : 'respected', note: i === 1 ? 'Заседание закрыто без мотивированного решения' : 'Зал открыт' },
        { indicator: 'interpreter', value: i === 2 ? 'concern' : 'respected' },
        ...(i === 2 ? [{ indicator: 'torture-evidence-excluded', value: 'violated' as const, note: 'Суд принял показания, от которых подсудимый отказался' }] : []),
      ],
    }),
  );
  const notes: TrialFixture['notes'] = [];
  const perHearing = [14, 13, 13];
  let n = 0;
  hearings.forEach((hearing, h) => {
    const entries = Array.from({ length: perHearing[h]! }, (_, j) => {
      n += 1;
      const reconstructed = j % 4 === 3;
      const minute = String((j * 4) % 60).padStart(2, '0');
      return {
        text: `Заметка ${n}: ${['Судья зачитывает обвинение', 'Защита заявляет ходатайство', 'Свидетель обвинения отвечает на вопросы', 'Переводчик отсутствует'][j % 4]}`,
        indicators: tagsFor(n),
        ...(reconstructed ? { at: `${10 + Math.floor(j / 4)}:${minute}`, reconstructed: true } : {}),
      };
    });
    // Live notes are stamped with the clock; the fixture's notes are then dated on their hearing's day, in order.
    const saved = addHearingNotes(archive, hearing.id, entries, new Date(`${days[h]}T05:00:00Z`));
    saved.forEach((note, j) => {
      const entry = entries[j]!;
      if (!entry.reconstructed)
        archive.records.update(note.id, { observedAt: `${days[h]}T${String(10 + Math.floor(j / 4)).padStart(2, '0')}:${String((j * 4) % 60).padStart(2, '0')}:30+05:00` });
      notes.push({ id: note.id, text: entry.text, indicators: entry.indicators, reconstructed: Boolean(entry.reconstructed) });
    });
  });
  return { trial: trial.id, hearings: hearings.map((h) => h.id), detainee: detainee.id, notes };
}
