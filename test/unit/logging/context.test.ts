import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { addToContext, currentContext, runWithContext } from '../../../core/logging/context.ts';
import { captureLog } from './captured-log.ts';

describe('logging context', () => {
  it('puts the request, update, lawyer and case on every log line written inside it', async () => {
    const { log, lines } = captureLog();
    await runWithContext({ requestId: 'req-1', updateId: 77 }, async () => {
      log.info('update received');
      addToContext({ userId: 4242, caseId: 'case-9' });
      await sleep(1);
      log.info('case opened');
    });
    log.info('outside');
    const [received, opened, outside] = lines();
    expect(received).toMatchObject({ requestId: 'req-1', updateId: 77, msg: 'update received' });
    expect(received).not.toHaveProperty('caseId');
    expect(opened).toMatchObject({ requestId: 'req-1', updateId: 77, userId: 4242, caseId: 'case-9' });
    expect(outside).not.toHaveProperty('requestId');
  });

  it("lets a line's own fields win over the context", () => {
    const { log, lines } = captureLog();
    runWithContext({ caseId: 'case-1' }, () => log.info({ caseId: 'case-2' }, 'switching case'));
    expect(lines()[0]?.caseId).toBe('case-2');
  });

  it('survives awaits, timers and Promise.all', async () => {
    const seen = await runWithContext({ requestId: 'req-async' }, async () => {
      await Promise.resolve();
      const afterAwait = currentContext().requestId;
      const afterTimer = await new Promise<string | undefined>((resolve) => {
        setTimeout(() => resolve(currentContext().requestId), 5);
      });
      const inParallel = await Promise.all(
        [3, 1, 2].map(async (ms) => {
          await sleep(ms);
          return currentContext().requestId;
        }),
      );
      return { afterAwait, afterTimer, inParallel };
    });
    expect(seen).toEqual({
      afterAwait: 'req-async',
      afterTimer: 'req-async',
      inParallel: ['req-async', 'req-async', 'req-async'],
    });
  });

  it('keeps concurrent updates apart, even when they interleave and add fields', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        runWithContext({ requestId: `req-${i}` }, async () => {
          await sleep((i * 7) % 5);
          addToContext({ caseId: `case-${i}` });
          await sleep((i * 3) % 4);
          return currentContext();
        }),
      ),
    );
    results.forEach((ctx, i) => expect(ctx).toEqual({ requestId: `req-${i}`, caseId: `case-${i}` }));
    expect(currentContext()).toEqual({});
  });

  it('starts a nested context from the enclosing one and restores the enclosing one afterwards', async () => {
    await runWithContext({ requestId: 'req-outer', userId: 1 }, async () => {
      const inner = await runWithContext({ jobId: 'job-5', userId: 2 }, async () => {
        await sleep(1);
        return currentContext();
      });
      expect(inner).toEqual({ requestId: 'req-outer', userId: 2, jobId: 'job-5' });
      expect(currentContext()).toEqual({ requestId: 'req-outer', userId: 1 });
    });
  });

  it('reports that nothing was added outside any context, and hands out copies', () => {
    expect(addToContext({ caseId: 'lost' })).toBe(false);
    expect(currentContext()).toEqual({});
    runWithContext({ requestId: 'req-copy' }, () => {
      const copy = currentContext();
      copy.requestId = 'tampered';
      expect(currentContext().requestId).toBe('req-copy');
      expect(addToContext({ caseId: 'kept' })).toBe(true);
      expect(currentContext().caseId).toBe('kept');
    });
  });
});
