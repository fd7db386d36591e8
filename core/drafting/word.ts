// The Word files a lawyer edits as their own: real heading styles (Word's navigation pane and table of
// contents work), real numbered lists, the firm's letterhead in the page header when it is configured,
// and "Page X of Y" in the footer. Drafting modules build their content; this module gives them the page.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { RegulationPassage } from './regulation.ts';

export const DOCX_MIME_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The firm on the letterhead: FIRM_NAME and FIRM_ADDRESS. */
export interface Firm {
  name: string;
  addressLines: readonly string[];
}

type Block = Paragraph | Table;

const NUMBERED = 'numbered';
const FONT = 'Times New Roman';

export function heading(text: string, level: 1 | 2 = 1): Paragraph {
  return new Paragraph({ heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, text });
}

export function title(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, text });
}

export function plain(text: string, options: { bold?: boolean; italics?: boolean } = {}): Paragraph {
  return new Paragraph({ spacing: { after: 160 }, children: [new TextRun({ text, ...options })] });
}

/**
 * Paragraphs from drafted text: blank lines separate paragraphs, and a run of lines starting "1. ", "2. "…
 * becomes one Word numbered list (restarting at 1), so the lawyer can add items and Word renumbers them.
 */
export function prose(text: string): Paragraph[] {
  const blocks: Paragraph[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    let listStarted = false;
    let pending: string[] = [];
    const flush = () => {
      if (pending.length > 0) blocks.push(plain(pending.join(' ')));
      pending = [];
    };
    for (const line of lines) {
      const item = /^\d+[.)]\s+(.*)$/.exec(line);
      if (item?.[1] !== undefined) {
        flush();
        blocks.push(
          new Paragraph({
            numbering: { reference: NUMBERED, level: 0, ...(listStarted ? {} : { restart: true }) },
            children: [new TextRun(item[1])],
          }),
        );
        listStarted = true;
      } else {
        listStarted = false;
        pending.push(line);
      }
    }
    flush();
  }
  return blocks;
}

/** The regulation quoted as an indented block, with its citation. */
export function quotation(passage: RegulationPassage): Paragraph {
  return new Paragraph({
    indent: { left: 720, right: 720 },
    spacing: { after: 200 },
    children: [new TextRun({ text: `“${passage.text}”`, italics: true }), new TextRun(` ${passage.cite}.`)],
  });
}

/** A table with a repeated header row; widths are percentages of the page. */
export function table(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  widths: readonly number[],
): Table {
  const cell = (text: string, index: number, bold = false) =>
    new TableCell({
      width: { size: widths[index] ?? 10, type: WidthType.PERCENTAGE },
      children: text
        .split('\n')
        .map((line) => new Paragraph({ children: [new TextRun({ text: line, bold })] })),
    });
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((text, index) => cell(text, index, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((text, index) => cell(text, index)) })),
    ],
  });
}

function letterhead(firm: Firm): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: firm.name, bold: true, size: 28 })],
      }),
      ...firm.addressLines.map(
        (line) =>
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ text: line, size: 20 })],
          }),
      ),
    ],
  });
}

function pageNumbers(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 20 }),
        ],
      }),
    ],
  });
}

/** A Word document: letterhead when the firm is configured (none otherwise, never a placeholder), page numbers. */
export function wordDocument(options: {
  title: string;
  firm: Firm | null;
  children: readonly Block[];
}): Document {
  return new Document({
    title: options.title,
    creator: options.firm?.name ?? 'MegaAgent Pro',
    styles: {
      default: {
        document: { run: { font: FONT, size: 24 }, paragraph: { spacing: { line: 276 } } },
        title: { run: { font: FONT, size: 32, bold: true } },
        heading1: {
          run: { font: FONT, size: 26, bold: true },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
        heading2: {
          run: { font: FONT, size: 24, bold: true, italics: true },
          paragraph: { spacing: { before: 200, after: 100 } },
        },
      },
    },
    numbering: {
      config: [
        {
          reference: NUMBERED,
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.START,
              style: { paragraph: { indent: { left: 720, hanging: 360 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        ...(options.firm ? { headers: { default: letterhead(options.firm) } } : {}),
        footers: { default: pageNumbers() },
        children: [...options.children],
      },
    ],
  });
}

export function packWord(document: Document): Promise<Buffer> {
  return Packer.toBuffer(document);
}

/** "December 6, 2026": how a filing is dated. */
export function filingDate(date: Date): string {
  return new Intl.DateTimeFormat('en-US', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}
