// @vitest-environment jsdom
import { engine, openFreshArchive, value } from './engine-bridge.js';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordView } from '../../db/shared/record-views.js';
import { startI18n } from '../../renderer/src/i18n/setup-i18n.js';
import { MentionedIn, mentionQuery } from '../../renderer/src/records/mentions.js';
import { CaseTimeline } from '../../renderer/src/records/case-timeline.js';
import { LinkedFrom, OpenRecordContext, RecordLink } from '../../renderer/src/shared/record-link.js';

startI18n();
afterEach(cleanup);
beforeEach(async () => {
  await openFreshArchive();
});

describe('records that connect, on their pages', () => {
  it('finds the reports that name a detainee in any of their names, opens one at its passage, and links it as a source in one click', async () => {
    const report = await value<RecordView>(
      engine.call('records.create', {
        type: 'report',
        data: { title: 'Shadow report on Atyrau', body: 'Introduction.\n\nМакс Бокаев был задержан 17 мая 2016 года в Атырау после митинга.\n\nOther matters.' },
      }),
    );
    await engine.call('records.create', { type: 'report', data: { title: 'Unrelated report', body: 'Nothing about anyone here.' } });
    let detainee = await value<RecordView>(
      engine.call('records.create', { type: 'detainee', data: { title: 'Max Bokayev', names: [{ name: 'Макс Бокаев', script: 'cyrillic' }] } }),
    );
    expect(mentionQuery(['Max Bokayev', 'Макс Бокаев'])).toBe('"Max Bokayev" OR "Макс Бокаев"');
    const opened = vi.fn();
    const user = userEvent.setup();
    const view = () => (
      <OpenRecordContext.Provider value={opened}>
        <MentionedIn view={detainee} onChanged={(next) => (detainee = next)} />
      </OpenRecordContext.Provider>
    );
    const { rerender } = render(view());
    const section = await screen.findByRole('region', { name: 'Mentioned in reports' });
    const items = within(section).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect([...items[0]!.querySelectorAll('mark')].map((m) => m.textContent).join(' ')).toMatch(/Макс.*Бокаев/);
    await user.click(within(section).getByRole('button', { name: 'Shadow report on Atyrau' }));
    expect(opened).toHaveBeenCalledWith(report.id, expect.objectContaining({ anchor: expect.objectContaining({ field: 'body' }) }));
    await user.click(within(section).getByRole('button', { name: 'Link as source' }));
    await waitFor(() => expect(detainee.data.sources).toEqual([expect.objectContaining({ report: report.id, quote: expect.stringContaining('Бокаев') })]));
    rerender(view());
    expect(await within(section).findByText('Linked as a source')).toBeTruthy();
    // The report now lists the detainee under what links to it; the link shows the report by name.
    render(<LinkedFrom id={report.id} />);
    const linked = await screen.findByRole('region', { name: 'Linked from' });
    expect(within(linked).getByRole('heading', { level: 3 }).textContent).toBe('Detainees — Report');
    expect(within(linked).getByText('Max Bokayev')).toBeTruthy();
    render(<RecordLink id={report.id} />);
    expect(await screen.findByText('Shadow report on Atyrau', { selector: '.record-link, .record-link *' })).toBeTruthy();
  });

  it('shows a UN case as it went: sent, transmitted, replies, opinion and follow-up in date order, dates in words', () => {
    render(
      <CaseTimeline
        data={{
          title: 'Bokayev v. Kazakhstan',
          opinionNumber: '57/2022',
          adopted: { text: '2022-11-17', start: '2022-11-17', end: '2022-11-17' },
          followUp: [{ date: { text: 'March 2023', start: '2023-03-01', end: '2023-03-31' }, action: 'Source informs the Working Group: no release' }],
          submitted: { text: '2021-05-03', start: '2021-05-03', end: '2021-05-03' },
          replies: [{ from: 'Government', date: { text: 'late September 2021', start: '2021-09-21', end: '2021-09-30' }, summary: 'Denies the allegations' }],
          transmitted: { text: 'June 2021', start: '2021-06-01', end: '2021-06-30' },
        }}
      />,
    );
    const steps = within(screen.getByRole('region', { name: 'Timeline' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(steps).toEqual([
      '3 May 2021 Submitted to the UN body',
      'June 2021 Transmitted to the government',
      'late September 2021 Reply from GovernmentDenies the allegations',
      '17 November 2022 Opinion adopted 57/2022',
      'March 2023 Follow-upSource informs the Working Group: no release',
    ]);
  });
});
