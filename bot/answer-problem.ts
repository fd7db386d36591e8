// What is wrong with a typed answer, said to the lawyer in their language: the message from answers.ftl,
// and for a choice the labels the lawyer was shown.
import type { AnswerProblem } from '../core/eb1a/evidence.ts';

export function answerProblemText(
  t: (key: string, params?: Readonly<Record<string, string | number>>) => string,
  problem: AnswerProblem,
  optionLabels: readonly string[] = [],
): string {
  const message = t(problem.key, problem.params);
  return problem.key === 'answer-choice' && optionLabels.length > 0
    ? `${message} ${optionLabels.join('; ')}.`
    : message;
}
