// The lawyer API: a lawyer's own cases, exhibits (with their claims), intake answers and analysis, for a
// firm's case-management system. Only a key issued to that lawyer (role `lawyer`, by an admin or with
// /apikey in the bot) gets in; ownership is checked in core exactly as in the bot, so another lawyer's case
// is "not found". Admin and service credentials are refused here: they see counts (/admin/stats), never a
// client's case content.
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { App } from '../../core/app.ts';
import { CRITERION_IDS } from '../../core/eb1a/criteria.ts';
import type { StoredEvidence } from '../../core/eb1a/evidence-store.ts';
import { renderAnalysis } from '../../core/eb1a/render-analysis.ts';
import {
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from '../../core/errors.ts';
import { LOCALES } from '../../core/i18n/i18n.ts';
import { ADMIN_SECURITY, cleanText, errorResponses, wholeNumberText } from './admin-shared.ts';

const TAGS = ['lawyer'];
const MAX_PAGE_SIZE = 50;

/** A fact of an exhibit: the criterion's field schemas (core) check names and types. */
const fieldValue = z.union([cleanText(1, 4000, { multiline: true }), z.number(), z.boolean()]);
const factsSchema = z.record(z.string().regex(/^[A-Za-z]{1,60}$/), fieldValue);

const caseSchema = z.object({
  id: z.string(),
  clientName: z.string(),
  fieldOfEndeavor: z.string(),
  status: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const exhibitSchema = z.object({
  id: z.string(),
  exhibitNumber: z.number(),
  title: z.string(),
  claims: z.array(
    z.object({
      criterion: z.enum(CRITERION_IDS),
      primary: z.boolean(),
      fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    }),
  ),
  language: z.string().nullable(),
  certifiedTranslation: z.boolean().nullable(),
  documents: z.array(
    z.object({ sha256: z.string(), fileName: z.string(), size: z.number(), mimeType: z.string() }),
  ),
});

const caseParams = z.strictObject({ caseId: z.guid() });
const exhibitParams = z.strictObject({ caseId: z.guid(), evidenceId: z.guid() });

function exhibitView(exhibit: StoredEvidence): z.infer<typeof exhibitSchema> {
  return {
    id: exhibit.id,
    exhibitNumber: exhibit.exhibitNumber,
    title: exhibit.title,
    claims: exhibit.claims.map((claim) => ({
      criterion: claim.criterion,
      primary: claim.primary,
      fields: { ...claim.fields },
    })),
    language: exhibit.language ?? null,
    certifiedTranslation: exhibit.certifiedTranslation ?? null,
    documents: exhibit.files.map(({ sha256, fileName, size, mimeType }) => ({
      sha256,
      fileName,
      size,
      mimeType,
    })),
  };
}

/** The lawyer whose key made the request; the group's hook has let only lawyer keys through. */
function lawyerOf(request: FastifyRequest): string {
  const lawyerId = request.principal?.lawyerId;
  if (lawyerId === undefined) throw new AuthenticationError({}, { userMessage: 'Use a lawyer API key.' });
  return lawyerId;
}

/** Only a lawyer's own key: one onRequest hook for the group, before the body is read. */
function requireLawyerKey(group: FastifyInstance): void {
  group.addHook('onRequest', (request, reply) => {
    const { principal } = request;
    if (!principal) {
      reply.header('www-authenticate', 'Bearer realm="megaagent"');
      return Promise.reject(
        new AuthenticationError(
          {},
          { userMessage: 'Send your lawyer API key: "Authorization: Bearer mga_…".' },
        ),
      );
    }
    if (principal.role !== 'lawyer' || principal.lawyerId === undefined) {
      return Promise.reject(
        new PermissionDeniedError(
          { held: principal.role, actor: principal.actor },
          {
            userMessage:
              'Cases are read only with the key of the lawyer who owns them. Admin and service credentials see counts in /admin/stats.',
          },
        ),
      );
    }
    return Promise.resolve();
  });
}

export function lawyerCaseRoutes(app: App): FastifyPluginAsync {
  /** Field messages from core that are message keys (answers.ftl, cases.ftl…) read in English here. */
  async function inEnglish<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const fields = err.fields.map((field) => ({
        path: field.path,
        message: app.translator.has('en', field.message)
          ? app.translator.t('en', field.message)
          : field.message,
      }));
      throw new ValidationError(fields, err.context, { cause: err });
    }
  }

  /** The exhibit, when it is in this case of this lawyer; otherwise not found. */
  async function exhibitOf(lawyerId: string, caseId: string, evidenceId: string): Promise<StoredEvidence> {
    const exhibit = await app.evidence.get(lawyerId, evidenceId);
    if (exhibit.caseId !== caseId) {
      throw new NotFoundError(
        { evidenceId, caseId },
        { userMessage: 'There is no such exhibit in this case.' },
      );
    }
    return exhibit;
  }

  return (group) => {
    requireLawyerKey(group);
    const scope = group.withTypeProvider<ZodTypeProvider>();
    const schemaBase = { tags: TAGS, security: ADMIN_SECURITY };

    scope.get(
      '/cases',
      {
        schema: {
          ...schemaBase,
          summary: "The lawyer's cases, open ones first, newest first",
          querystring: z.strictObject({
            page: wholeNumberText(0, 1_000_000).default(0),
            pageSize: wholeNumberText(1, MAX_PAGE_SIZE).default(20),
          }),
          response: {
            200: z.object({
              items: z.array(caseSchema),
              page: z.number(),
              pageCount: z.number(),
              total: z.number(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        const found = await app.cases.list(lawyerOf(request), { page, pageSize });
        return { items: found.items, page: found.page, pageCount: found.pageCount, total: found.total };
      },
    );

    scope.post(
      '/cases',
      {
        schema: {
          ...schemaBase,
          summary: 'Open a case for a new client (its name and field become the first intake answers)',
          body: z.strictObject({ clientName: cleanText(1, 200), fieldOfEndeavor: cleanText(1, 200) }),
          response: { 201: caseSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const lawyerId = lawyerOf(request);
        const opened = await inEnglish(() => app.cases.create(lawyerId, request.body));
        await app.intake.prefill(lawyerId, opened.id, {
          'background.client_name': opened.clientName,
          'background.field': opened.fieldOfEndeavor,
        });
        return reply.code(201).send(opened);
      },
    );

    scope.get(
      '/cases/:caseId',
      {
        schema: {
          ...schemaBase,
          summary: 'One case',
          params: caseParams,
          response: { 200: caseSchema, ...errorResponses },
        },
      },
      (request) => app.cases.get(lawyerOf(request), request.params.caseId),
    );

    scope.get(
      '/cases/:caseId/evidence',
      {
        schema: {
          ...schemaBase,
          summary: 'The exhibits of a case, each with its claims (one per criterion) and its documents',
          params: caseParams,
          response: { 200: z.object({ items: z.array(exhibitSchema) }), ...errorResponses },
        },
      },
      async (request) => {
        const exhibits = await app.evidence.list(lawyerOf(request), request.params.caseId);
        return { items: exhibits.map(exhibitView) };
      },
    );

    scope.post(
      '/cases/:caseId/evidence',
      {
        schema: {
          ...schemaBase,
          summary: 'Add an exhibit (the next exhibit number) claimed under one criterion',
          params: caseParams,
          body: z.strictObject({
            criterion: z.enum(CRITERION_IDS),
            fields: factsSchema,
            title: cleanText(1, 500).optional(),
            language: cleanText(1, 100).optional(),
            certifiedTranslation: z.boolean().optional(),
          }),
          response: { 201: exhibitSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const lawyerId = lawyerOf(request);
        const { evidence } = await inEnglish(() =>
          app.evidence.add(lawyerId, request.params.caseId, request.body),
        );
        return reply.code(201).send(exhibitView(evidence));
      },
    );

    scope.post(
      '/cases/:caseId/evidence/:evidenceId/claims',
      {
        schema: {
          ...schemaBase,
          summary: 'Claim the exhibit under another criterion too, with that criterion’s facts',
          params: exhibitParams,
          body: z.strictObject({ criterion: z.enum(CRITERION_IDS), fields: factsSchema }),
          response: { 201: exhibitSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const lawyerId = lawyerOf(request);
        const { caseId, evidenceId } = request.params;
        await exhibitOf(lawyerId, caseId, evidenceId);
        const claimed = await inEnglish(() =>
          app.evidence.addClaim(lawyerId, evidenceId, request.body.criterion, request.body.fields),
        );
        return reply.code(201).send(exhibitView(claimed));
      },
    );

    scope.delete(
      '/cases/:caseId/evidence/:evidenceId/claims/:criterion',
      {
        schema: {
          ...schemaBase,
          summary: 'Withdraw one claim; the exhibit, its number and documents stay',
          params: z.strictObject({
            caseId: z.guid(),
            evidenceId: z.guid(),
            criterion: z.enum(CRITERION_IDS),
          }),
          response: { 200: exhibitSchema, ...errorResponses },
        },
      },
      async (request) => {
        const lawyerId = lawyerOf(request);
        const { caseId, evidenceId, criterion } = request.params;
        await exhibitOf(lawyerId, caseId, evidenceId);
        return exhibitView(await inEnglish(() => app.evidence.removeClaim(lawyerId, evidenceId, criterion)));
      },
    );

    scope.get(
      '/cases/:caseId/intake',
      {
        schema: {
          ...schemaBase,
          summary: 'The intake answers, by question id',
          params: caseParams,
          response: { 200: z.object({ answers: z.record(z.string(), z.string()) }), ...errorResponses },
        },
      },
      async (request) => ({ answers: await app.intake.answers(lawyerOf(request), request.params.caseId) }),
    );

    scope.put(
      '/cases/:caseId/intake',
      {
        schema: {
          ...schemaBase,
          summary: 'Record intake answers by question id (all or none); earlier answers are replaced',
          params: caseParams,
          body: z.strictObject({
            answers: z
              .record(
                z.string().regex(/^[a-z_]{1,40}\.[a-z_]{1,60}$/),
                cleanText(1, 4000, { multiline: true }),
              )
              .refine((answers) => Object.keys(answers).length <= 100, 'at most 100 answers at once'),
          }),
          response: { 200: z.object({ answers: z.record(z.string(), z.string()) }), ...errorResponses },
        },
      },
      async (request) => {
        const lawyerId = lawyerOf(request);
        const answers = await inEnglish(() =>
          app.intake.recordAnswers(lawyerId, request.params.caseId, request.body.answers),
        );
        return { answers };
      },
    );

    scope.get(
      '/cases/:caseId/analysis',
      {
        schema: {
          ...schemaBase,
          summary: 'The EB-1A analysis: structured findings and the report in English or Russian',
          params: caseParams,
          querystring: z.strictObject({ lang: z.enum(LOCALES).default('en') }),
          response: {
            200: z.object({
              locale: z.enum(LOCALES),
              exhibitCount: z.number(),
              findings: z
                .unknown()
                .describe('The engine result: verdicts, finding codes, parameters, exhibits'),
              text: z.string(),
            }),
            ...errorResponses,
          },
        },
      },
      async (request) => {
        const {
          case: opened,
          analysis,
          exhibitCount,
        } = await app.analysis.forCase(lawyerOf(request), request.params.caseId);
        const { lang } = request.query;
        const text = renderAnalysis(
          analysis,
          { locale: lang, caseName: opened.clientName, format: 'text' },
          app.translator,
        );
        return { locale: lang, exhibitCount, findings: analysis, text };
      },
    );
    return Promise.resolve();
  };
}
