// /draft, /drafts and /letters through the real process (`megaagent start`: the bot and a worker in one)
// against a fake Telegram: the Word files arrive, the test opens them, and what they argue, cite and
// leave out is what the case supports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../core/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import { supportedCriteria } from '../../core/drafting/brief.ts';
import { CRITERION_TEXT } from '../../core/drafting/regulation.ts';
import { criterionLabel, type CriterionId } from '../../core/eb1a/criteria.ts';
import { spawnBot, type BotProcess } from '../support/bot-process.ts';
import { draftingTraps } from '../support/drafting-case.ts';
import { strongPetition } from '../support/factories.ts';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from '../support/fake-telegram.ts';
import { migratedDataDir, openServerStorage } from '../support/fixtures.ts';
import { services, servicesRequired } from '../support/services.ts';
import { chatAs, type LawyerChat } from '../support/lawyer-chat.ts';
import { wordText } from '../support/word-text.ts';

const lawyer = { id: 320_000_077, first_name: 'Ana', language_code: 'en' };
const JOB_MS = 120_000;

interface Seeded {
  /** Exhibit numbers with their titles, as the case holds them. */
  exhibits: Map<number, string>;
  trapNumber: number;
  /** Every exhibit the analysis says cannot count (the employer's award and the fee-paid membership). */
  excluded: Set<number>;
  pdfExhibit: number;
  argued: CriterionId[];
  claimedNotSupported: CriterionId[];
}

/** The case the lawyer drafts from, written straight into the embedded database before the bot starts. */
async function seedCase(dataDir: string, env: Record<string, string>): Promise<Seeded> {
  const app = await createApp(loadConfig({ ENV: 'test', DATA_DIR: dataDir, ...env }));
  try {
    await app.users.seed([lawyer.id], []);
    const { rows } = await app.db.query<{ id: string }>('SELECT id FROM users WHERE telegram_id = $1', [
      lawyer.id,
    ]);
    const lawyerId = String(rows[0]?.id);
    const { evidence } = strongPetition();
    const created = await app.cases.create(lawyerId, {
      clientName: 'Dr. Maya Chen',
      fieldOfEndeavor: 'machine learning for medical imaging',
    });
    await app.intake.recordAnswers(lawyerId, created.id, {
      'background.client_name': 'Dr. Maya Chen',
      'background.field': 'machine learning for medical imaging',
      'us_plans.plans': 'Continue leading imaging AI research at Mayo Clinic.',
      'us_plans.evidence': 'job_offer',
      'recommenders.independent': 'Prof. Alan Reyes, Professor of Radiology, Stanford University',
      'recommenders.collaborators': 'Dr. Sam Park, Chair of Radiology, Mayo Clinic',
    });
    const exhibits = new Map<number, string>();
    let trapNumber = 0;
    let pdfExhibit = 0;
    for (const item of [...evidence, ...draftingTraps()]) {
      const { evidence: stored } = await app.evidence.add(lawyerId, created.id, {
        criterion: item.criterion,
        fields: item.fields,
        title: item.title,
        ...(item.letter !== undefined && { letter: item.letter }),
      });
      exhibits.set(stored.exhibitNumber, stored.title);
      if (item.title === 'Employee of the Year certificate') trapNumber = stored.exhibitNumber;
      if (pdfExhibit === 0) {
        // Two pages: the index must count them.
        const pdf = await PDFDocument.create();
        pdf.addPage();
        pdf.addPage();
        await app.evidence.attachFile(lawyerId, stored.id, {
          bytes: Buffer.from(await pdf.save()),
          mimeType: 'application/pdf',
          originalName: 'award-certificate.pdf',
        });
        pdfExhibit = stored.exhibitNumber;
      }
    }
    const { analysis } = await app.analysis.forCase(lawyerId, created.id);
    const argued = supportedCriteria(analysis);
    const claimedNotSupported = analysis.criteria
      .filter((c) => c.verdict !== 'not_claimed' && !argued.includes(c.criterion))
      .map((c) => c.criterion);
    const excluded = new Set(analysis.excluded.map((item) => item.exhibitNumber));
    return { exhibits, trapNumber, excluded, pdfExhibit, argued, claimedNotSupported };
  } finally {
    await app.close('seeded');
  }
}

function documentsSince(fake: FakeTelegram, mark: number): SentMessage[] {
  return fake.sent.slice(mark).filter((m) => m.method === 'sendDocument' && m.chat_id === lawyer.id);
}

interface Storage {
  dataDir: string;
  env: Record<string, string>;
  remove(): Promise<void>;
}

const backends: Array<{ name: string; storage: () => Promise<Storage>; runs: boolean }> = [
  {
    name: 'embedded storage (PGlite, in-process cache)',
    runs: true,
    async storage() {
      const dataDir = await migratedDataDir('megaagent-e2e-drafting-');
      return {
        dataDir,
        env: {},
        remove: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
      };
    },
  },
  {
    name: 'Postgres and Redis',
    // With MEGAAGENT_REQUIRE_SERVICES=1 (CI) it runs, and fails, when a server is missing.
    runs: (services.postgres.available && services.redis.available) || servicesRequired,
    async storage() {
      const dataDir = mkdtempSync(join(tmpdir(), 'megaagent-e2e-drafting-'));
      const server = await openServerStorage();
      return {
        dataDir,
        env: server.env,
        async remove() {
          rmSync(dataDir, { recursive: true, force: true });
          await server.drop();
        },
      };
    },
  },
];

for (const backend of backends) {
  describe.skipIf(!backend.runs)(
    `drafting through the real bot and worker, on ${backend.name}`,
    { tags: ['slow'] },
    () => {
      let fake: FakeTelegram;
      let storage: Storage;
      let bot: BotProcess;
      let seeded: Seeded;
      let chat: LawyerChat;

      beforeAll(async () => {
        fake = await startFakeTelegram();
        storage = await backend.storage();
        seeded = await seedCase(storage.dataDir, storage.env);
        bot = spawnBot({
          fake,
          args: ['start'],
          dataDir: storage.dataDir,
          allowedUsers: [lawyer.id],
          env: {
            ...storage.env,
            FEATURE_ENABLE_RATE_LIMITING: 'false',
            FIRM_NAME: 'Rivera & Stone LLP',
            FIRM_ADDRESS: '100 Main Street; Boston, MA 02110',
          },
        });
        await bot.waitForOutput('"msg":"job worker started"', JOB_MS);
        await bot.polling(JOB_MS);
        chat = chatAs(fake, lawyer);
      }, 240_000);

      afterAll(async () => {
        await bot.stop();
        await fake.close();
        await storage.remove();
      });

      it(
        '/draft returns the brief, the cover letter and the index, arguing only what the case supports',
        async () => {
          const mark = fake.sent.length;
          await chat.say('/draft', 'Drafting for Dr. Maya Chen has started');
          const summary = await fake.waitFor(
            (m) =>
              m.chat_id === lawyer.id &&
              fake.sent.indexOf(m) >= mark &&
              (m.text ?? '').startsWith('Drafts for Dr. Maya Chen'),
            JOB_MS,
          );
          const files = documentsSince(fake, mark);
          expect(files.map((m) => m.document?.file_name)).toEqual([
            'Dr-Maya-Chen-petition-letter.docx',
            'Dr-Maya-Chen-cover-letter.docx',
            'Dr-Maya-Chen-exhibit-index.docx',
          ]);
          const [briefFile, coverFile, indexFile] = files.map((m) => m.document?.bytes ?? Buffer.alloc(0));
          const brief = await wordText(briefFile ?? Buffer.alloc(0));

          // A section per supported criterion, with the regulation quoted; none for a claimed one it does not support.
          expect(seeded.argued.length).toBeGreaterThanOrEqual(3);
          for (const criterion of seeded.argued) {
            expect(brief).toContain(`${criterionLabel(criterion)} — ${CRITERION_TEXT[criterion].cite}`);
            expect(brief).toContain(CRITERION_TEXT[criterion].text);
          }
          expect(seeded.claimedNotSupported).toContain('membership');
          for (const criterion of seeded.claimedNotSupported)
            expect(brief).not.toContain(`${criterionLabel(criterion)} — ${CRITERION_TEXT[criterion].cite}`);

          // Every citation names an exhibit of the case, and never the trap.
          const cited = [...brief.matchAll(/\[Exhibit (\d+)\]/g)].map((m) => Number(m[1]));
          expect(cited.length).toBeGreaterThan(seeded.argued.length);
          for (const number of cited) expect(seeded.exhibits.has(number), `Exhibit ${number}`).toBe(true);
          expect(seeded.excluded).toContain(seeded.trapNumber);
          for (const number of seeded.excluded) expect(cited).not.toContain(number);
          expect(brief).not.toContain('Employee of the Year');
          expect(brief).not.toContain('Imaging Society');
          for (const heading of [
            'Introduction',
            'Legal standard',
            'Final merits',
            'Continuing work in the United States',
            'Conclusion',
          ])
            expect(brief).toContain(heading);

          // The trap is listed for the lawyer, with the reason.
          expect(summary.text).toContain(
            `Exhibit ${seeded.trapNumber} “Employee of the Year certificate” under (i) Awards`,
          );
          expect(summary.text).toContain('“Membership card, Imaging Society” under (ii) Membership');
          expect(summary.text).toContain('Written from the case’s facts with templates');
          expect(summary.text).toContain('Claimed but not argued');

          // The index lists every exhibit filed (the trap is not), with the PDF's pages counted.
          const index = await wordText(indexFile ?? Buffer.alloc(0));
          for (const [number, title] of seeded.exhibits) {
            if (seeded.excluded.has(number)) expect(index).not.toContain(title);
            else expect(index).toContain(`${String(number)}\n${title}`);
          }
          expect(index).toContain('award-certificate.pdf\n2');

          const cover = await wordText(coverFile ?? Buffer.alloc(0));
          expect(cover).toContain('Dear Officer:');
          expect(cover).toContain('Rivera & Stone LLP');
        },
        JOB_MS + 30_000,
      );

      it('/drafts lists the drafted files and sends one again', async () => {
        const list = await chat.say('/drafts', 'Drafted files of Dr. Maya Chen');
        expect(list.text).toContain('Petition letter — version 1');
        expect(list.text).toContain('Exhibit index — version 1');
        const first = fake.sent.find((m) => m.document?.file_name === 'Dr-Maya-Chen-petition-letter.docx');
        const mark = fake.sent.length;
        await chat.press(list, 'Petition letter v1', 'Petition letter — version 1');
        const again = documentsSince(fake, mark);
        expect(again).toHaveLength(1);
        expect(again[0]?.document?.bytes.equals(first?.document?.bytes ?? Buffer.alloc(0))).toBe(true);
      }, 60_000);

      it(
        '/letters drafts one letter per recommender, each written for its writer',
        async () => {
          const mark = fake.sent.length;
          await chat.say('/letters', 'Drafting 2 recommendation letters for Dr. Maya Chen');
          const summary = await fake.waitFor(
            (m) =>
              m.chat_id === lawyer.id &&
              fake.sent.indexOf(m) >= mark &&
              (m.text ?? '').startsWith('2 recommendation letters drafted'),
            JOB_MS,
          );
          const letters = documentsSince(fake, mark);
          expect(letters.map((m) => m.document?.file_name)).toEqual([
            'letter-Prof-Alan-Reyes.docx',
            'letter-Dr-Sam-Park.docx',
          ]);
          const reyes = await wordText(letters[0]?.document?.bytes ?? Buffer.alloc(0));
          expect(reyes).toContain('I am Prof. Alan Reyes, Professor of Radiology, Stanford University.');
          expect(reyes).toContain('I have not worked with Dr. Maya Chen.');
          const park = await wordText(letters[1]?.document?.bytes ?? Buffer.alloc(0));
          expect(park).toContain('[Dr. Sam Park: please state when and how you worked with Dr. Maya Chen');
          expect(summary.text).toContain('Dr. Sam Park (collaborator)');
          expect(summary.text).toContain('the writer must add how they know the work');
          const list = await chat.say('/drafts', 'Drafted files of Dr. Maya Chen');
          expect(list.text).toContain('Letter (Prof. Alan Reyes) — version 1');
        },
        JOB_MS + 30_000,
      );
    },
  );
}
