# Из какого источника взят подготовленный текст — сообщается юристу вместе с текстом (core/llm/grounded.ts).
writer-used-llm = Подготовлено с помощью { $provider } и сверено с материалами дела: каждое приложение, ссылка, имя, число и дата в тексте найдены в деле.
writer-used-template = Составлено из фактов дела и стандартных формулировок (черновик ИИ не использовался).
writer-used-template-rejected = Черновик ИИ не прошёл сверку с материалами дела, поэтому текст составлен из фактов дела. Ошибки черновика ИИ:
writer-used-template-unavailable = Ни один поставщик ИИ не ответил, поэтому текст составлен из фактов дела.
writer-problem-unknown-exhibit = ссылка на приложение { $exhibit }, которого нет в деле
writer-problem-unknown-citation = ссылка [{ $citation }], которой нет среди источников этого дела
writer-problem-unsupported-fact = утверждение «{ $fact }», которого нет в фактах дела
writer-problem-unsupported-criterion = обоснование критерия, который анализ не подтверждает ({ $criterion })
writer-problem-empty = черновик пуст
writer-problem-providers-failed = ни один поставщик ИИ не ответил вовремя
