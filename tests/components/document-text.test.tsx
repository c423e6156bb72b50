// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startI18n } from '../../renderer/src/i18n/setup-i18n.js';
import { DocumentText } from '../../renderer/src/records/document-text.js';
import { passagesOf } from '../../db/shared/passages.js';

startI18n();
afterEach(cleanup);
beforeAll(() => {
  // jsdom lays nothing out; scrolling is recorded, not done.
  Element.prototype.scrollIntoView = vi.fn();
});

/** A report as a PDF import leaves it: pages split by form feeds, numbered headings. */
const body = [
  'I. INTRODUCTION\n\nThe mission observed the trial in Aktau.',
  'II. ACCESS TO THE COURTROOM\n\nRelatives were not admitted to the courtroom on the first day.',
  'III. TORTURE ALLEGATIONS\n\n' +
    Array.from({ length: 40 }, (_, i) => `Sentence ${i} of a long paragraph about the defendants.`).join(' ') +
    ' The defendant said he was beaten in custody.',
].join('\f');
const data = { title: 'Observation of the Aktau trial', body };

describe('a long document on its record page', () => {
  it('lists its sections and pages, and a click moves to where each begins', async () => {
    const user = userEvent.setup();
    render(<DocumentText type="report" data={data} field="body" />);
    const contents = screen.getByRole('navigation', { name: 'Contents' });
    const sections = within(contents)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(sections).toEqual(['I. INTRODUCTION', 'II. ACCESS TO THE COURTROOM', 'III. TORTURE ALLEGATIONS']);
    await user.click(within(contents).getByRole('button', { name: 'II. ACCESS TO THE COURTROOM' }));
    const target = vi.mocked(Element.prototype.scrollIntoView).mock.contexts.at(-1) as HTMLElement;
    expect(target.textContent).toContain('Relatives were not admitted');
    await user.click(within(contents).getByRole('button', { name: 'Go to page 3' }));
    expect((vi.mocked(Element.prototype.scrollIntoView).mock.contexts.at(-1) as HTMLElement).textContent).toContain('TORTURE ALLEGATIONS');
  });

  it('opens a search hit on the one passage that holds the words, even where a long paragraph was cut in pieces with one anchor', () => {
    const hit = passagesOf('report', data).find((p) => p.kind === 'body' && p.text.includes('beaten in custody'))!;
    const pieces = passagesOf('report', data).filter((p) => p.kind === 'body' && p.anchor.page === 3);
    expect(pieces.length).toBeGreaterThan(1);
    render(<DocumentText type="report" data={data} field="body" focus={{ anchor: hit.anchor, terms: ['beaten'] }} />);
    const focused = document.querySelectorAll('.passage.focused');
    expect(focused).toHaveLength(1);
    expect(focused[0]!.querySelector('mark')?.textContent).toBe('beaten');
  });

  it('opens the original PDF at a passage’s page, with the matched words to mark', async () => {
    const user = userEvent.setup();
    const showPage = vi.fn();
    const hit = passagesOf('report', data).find((p) => p.kind === 'body' && p.text.includes('Relatives'))!;
    render(<DocumentText type="report" data={data} field="body" focus={{ anchor: hit.anchor, terms: ['courtroom'] }} onShowPage={showPage} />);
    await user.click(screen.getByRole('button', { name: 'See it on page 2 of the PDF' }));
    expect(showPage).toHaveBeenCalledWith(2, ['courtroom']);
    await user.click(screen.getAllByRole('button', { name: 'p. 1' })[0]!);
    expect(showPage).toHaveBeenLastCalledWith(1, []);
  });
});
