// What the lawyer reads after the packet: what is missing and what could not be included, in one
// Telegram message however many there are, in both languages.
import { describe, expect, it } from 'vitest';
import { createTranslator, type Locale } from '../../../core/i18n/i18n.ts';
import { silentProgress } from '../../../core/jobs/progress.ts';
import { packetReport, type PacketResult } from '../../../core/packet/job.ts';

const translator = createTranslator();
const reporter = (locale: Locale) => ({ ...silentProgress, t: translator.t.bind(translator, locale) });

function result(exhibits: PacketResult['exhibits']): PacketResult {
  return {
    deliverableId: 'd',
    version: 1,
    fileName: 'jane-doe-exhibit-packet-v1.pdf',
    clientName: 'Jane Doe',
    pageCount: 10,
    size: 1_000,
    exhibits,
  };
}

const placed = (exhibitNumber: number, extra: Partial<PacketResult['exhibits'][number]> = {}) => ({
  exhibitNumber,
  title: `Exhibit title ${String(exhibitNumber)}`,
  tabPage: exhibitNumber + 1,
  lastPage: exhibitNumber + 1,
  documentPages: 0,
  missing: false,
  leftOut: [],
  ...extra,
});

describe('the packet report', () => {
  it('says the packet is complete when nothing is missing', () => {
    expect(packetReport(reporter('en'), result([placed(1), placed(2)]), 1)).toBe(
      'Every one of the 2 exhibits is in the packet with its documents.',
    );
  });

  it('names missing exhibits and left-out files with what to do, escaping what the lawyer typed', () => {
    const text = packetReport(
      reporter('en'),
      result([
        placed(1, { missing: true, title: 'Award <IEEE> & co' }),
        placed(2, { leftOut: [{ fileName: 'scan.docx', reason: 'convert-to-pdf' }] }),
      ]),
      2,
    );
    expect(text).toContain('comes in 2 parts');
    expect(text).toContain('• Exhibit 1: Award &lt;IEEE&gt; &amp; co');
    expect(text).toContain('• Exhibit 2: scan.docx is a Word or text file. Save it as PDF');
    expect(text).toContain('send /packet again');
  });

  it('stays within one Telegram message for a case with many long-titled gaps, counting the rest', () => {
    const many = Array.from({ length: 80 }, (_, i) =>
      placed(i + 1, {
        missing: i % 2 === 0,
        title: `${'A very long exhibit title '.repeat(20)}${String(i)}`,
        leftOut:
          i % 2 === 1 ? [{ fileName: `${'long-file-name-'.repeat(10)}.pdf`, reason: 'encrypted' }] : [],
      }),
    );
    for (const locale of ['en', 'ru'] as const) {
      const text = packetReport(reporter(locale), result(many), 3);
      expect(text.length).toBeLessThan(4096);
      expect(text).toMatch(/(more|ещё) \d+|\d+ (more)/);
      expect(text).toContain(locale === 'en' ? 'Exhibit 1:' : 'Приложение 1:');
    }
  });
});
