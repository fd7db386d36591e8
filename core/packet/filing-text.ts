// The words printed inside the exhibit packet. The packet is filed with USCIS, which reads English, so
// they are English whatever language the lawyer chats in (exhibit titles are English for the same
// reason); what the bot tells the lawyer about the packet is in packet.ftl, in both languages.
import { CYRILLIC } from '../eb1a/publications.ts';

export type LeftOutReason = 'encrypted' | 'unreadable' | 'convert-to-pdf';

export const FILING_TEXT = {
  indexHeading: 'Exhibit Index',
  beneficiary: (name: string) => `Beneficiary: ${name}`,
  columns: { number: 'No.', exhibit: 'Exhibit', criterion: 'Criterion', pages: 'Pages' },
  tabHeading: (exhibitNumber: number) => `Exhibit ${String(exhibitNumber)}`,
  missing: 'Missing: no document has been provided for this exhibit.',
  leftOut: (fileName: string, reason: LeftOutReason): string => {
    switch (reason) {
      case 'encrypted':
        return `Not included: ${fileName} (password-protected PDF)`;
      case 'unreadable':
        return `Not included: ${fileName} (damaged or unreadable PDF)`;
      case 'convert-to-pdf':
        return `Not included: ${fileName} (convert it to PDF)`;
    }
  },
  pageFooter: (page: number, total: number) => `Page ${String(page)} of ${String(total)}`,
  pageRange: (first: number, last: number) =>
    first === last ? String(first) : `${String(first)}\u2013${String(last)}`,
  bookmark: (exhibitNumber: number, title: string) => `Exhibit ${String(exhibitNumber)}: ${title}`,
  documentTitle: (name: string) => `Exhibits: ${name}`,
} as const;

// Letters with no decomposition to a Latin base letter, spelled in Latin letters the standard fonts have.
const LATIN_SPELLING: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Ø: 'O',
  ø: 'o',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
};

/** A Cyrillic letter (names and titles a Russian-speaking lawyer may type) in Latin letters. */
function latinForCyrillic(char: string): string | undefined {
  const lower = char.toLowerCase();
  const spelled = CYRILLIC[lower];
  if (spelled === undefined || lower === char) return spelled;
  return spelled.charAt(0).toUpperCase() + spelled.slice(1);
}

/**
 * Text the font can draw: the standard PDF fonts carry Latin characters only (WinAnsi), so accents are
 * kept where the font has them, dropped to the bare letter where it does not, Cyrillic is spelled in
 * Latin letters, and anything else becomes "?" rather than failing the whole packet over one character.
 */
export function drawableText(text: string, characters: ReadonlySet<number>): string {
  let out = '';
  for (const char of text.replace(/\s+/g, ' ')) {
    const code = char.codePointAt(0) ?? 0x3f;
    if (characters.has(code)) {
      out += char;
      continue;
    }
    const spelled = LATIN_SPELLING[char] ?? latinForCyrillic(char);
    if (spelled !== undefined) {
      out += spelled;
      continue;
    }
    const bare = char.normalize('NFKD').replace(/\p{M}/gu, '');
    out += [...bare].every((c) => characters.has(c.codePointAt(0) ?? 0)) && bare !== '' ? bare : '?';
  }
  return out;
}
