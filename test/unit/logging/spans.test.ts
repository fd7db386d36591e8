import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LLMTimeoutError } from '../../../core/errors.ts';
import { runWithContext } from '../../../core/logging/context.ts';
import { span, type SpanOutcome } from '../../../core/logging/spans.ts';
import { captureLog } from './captured-log.ts';

describe('performance spans', () => {
  it('returns the result, logs the duration at debug and reports it in seconds', async () => {
    const { log, lines } = captureLog();
    const observed: Array<[string, number, SpanOutcome]> = [];
    const result = await runWithContext({ caseId: 'case-3' }, () =>
      span(
        'eb1a.analyze',
        async () => {
          await sleep(20);
          return 'analysis';
        },
        { log, onDuration: (name, seconds, outcome) => observed.push([name, seconds, outcome]) },
      ),
    );
    expect(result).toBe('analysis');
    const [line] = lines();
    expect(line).toMatchObject({ level: 'debug', span: 'eb1a.analyze', outcome: 'ok', caseId: 'case-3' });
    const durationMs = line?.durationMs as number;
    expect(durationMs).toBeGreaterThanOrEqual(15);
    expect(durationMs).toBeLessThan(2000);
    expect(observed).toEqual([['eb1a.analyze', durationMs / 1000, 'ok']]);
  });

  it('logs a failure at warn with the error and rethrows the same error', async () => {
    const { log, lines } = captureLog();
    const outcomes: SpanOutcome[] = [];
    const failure = new LLMTimeoutError({ provider: 'openai' });
    await expect(
      span(
        'llm.draft',
        async () => {
          await sleep(5);
          throw failure;
        },
        { log, onDuration: (_name, _seconds, outcome) => outcomes.push(outcome) },
      ),
    ).rejects.toBe(failure);
    expect(lines()[0]).toMatchObject({
      level: 'warn',
      span: 'llm.draft',
      outcome: 'error',
      err: { type: 'LLMTimeoutError', code: 4001 },
    });
    expect(outcomes).toEqual(['error']);
  });

  it('measures synchronous work and synchronous throws too', async () => {
    const { log, lines } = captureLog();
    await expect(span('render.letter', () => 'letter', { log })).resolves.toBe('letter');
    await expect(
      span(
        'render.broken',
        () => {
          throw new TypeError('bad template');
        },
        { log },
      ),
    ).rejects.toThrow('bad template');
    expect(lines().map((line) => [line.span, line.outcome])).toEqual([
      ['render.letter', 'ok'],
      ['render.broken', 'error'],
    ]);
  });

  it('writes nothing at info level for a successful span, but still reports its duration', async () => {
    const { log, lines } = captureLog('info');
    let reported = 0;
    await span('quiet', () => 1, { log, onDuration: () => reported++ });
    expect(lines()).toEqual([]);
    expect(reported).toBe(1);
  });
});
