# /ask (answers from the law and the case, with citations), /note and /notes (case memory).
ask-usage =
    Ask a question after /ask, for example:
    /ask What counts as judging?
    /ask Which exhibit shows the award?

    I answer from 8 CFR 204.5(g) and (h), 8 CFR 103.2(b)(3), the USCIS Policy Manual, Kazarian v. USCIS and your active case (intake, exhibits, notes), and cite every passage.
ask-question-heading = Question: { $question }
ask-thinking = Looking through the law and the case…
ask-answer-law-heading = From the law:
ask-answer-case-heading = From the case:
ask-answer-no-law = Nothing in the regulation, the USCIS policy points or Kazarian matches this question. Try other words, for example "What counts as judging?"
ask-answer-no-law-russian = The legal texts (8 CFR, the USCIS Policy Manual, Kazarian) are in English, so a question in Russian finds nothing in them. To search the law, ask in English, for example "What counts as judging?"
ask-answer-no-case = No case is open, so only the law was searched. Open a case with /cases to search its intake, exhibits and notes too.
ask-answer-nothing-in-case = Nothing in this case's intake answers, exhibits or notes matches the question.
ask-answer-nothing-in-case-russian = Nothing in this case's intake answers, exhibits or notes matches the question. Exhibits are recorded in English, as the petition cites them: ask in English to search them too.
ask-passage-quoted = [{ $citation }] “{ $text }”
ask-passage-summary = [{ $citation }] Summary: { $text }
ask-passage-practice = [{ $citation }] { $text }
ask-passage-case = [{ $citation }] { $text }
ask-cite-intake = Intake: { $question }
ask-cite-note = Note, { $date }
ask-source-template = These are the passages themselves, quoted; no LLM wrote this answer.
ask-source-llm = Written by an LLM ({ $provider }) from the cited passages only; every citation was checked against them.
ask-source-unavailable = No LLM provider answered in time, so these are the passages themselves, quoted. Ask again later for a written answer.
ask-source-rejected = An LLM draft was turned down ({ $count } { $count ->
        [one] time
       *[other] times
    }) because it did not hold to the passages, so the passages are quoted instead.

ask-note-empty = Write the note after /note, for example: /note The client prefers to file in Boston.
ask-note-too-long = That note has { $length } characters; the limit is { $limit }. Split it into shorter notes.
ask-note-saved = Noted on { $clientName }'s case. /ask uses it from now on; /notes lists the notes.
ask-notes-heading = Notes on { $clientName }'s case ({ $count }):
ask-notes-empty = No notes on { $clientName }'s case yet. Add one with /note followed by the text, for example: /note The client prefers to file in Boston.
ask-notes-line = { $date }: { $text }
