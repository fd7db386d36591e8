// The text a lawyer reads in a Word file the bot sent: the paragraphs of word/document.xml, one a line.
import JSZip from 'jszip';

/** The text of a Word file, paragraph by paragraph. */
export async function wordText(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const decode = (text: string) =>
    text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return xml
    .split(/<\/w:p>/)
    .map((paragraph) =>
      decode([...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')),
    )
    .filter((line) => line !== '')
    .join('\n');
}
