# Which source a drafted text came from, told to the lawyer with the text (core/llm/grounded.ts).
writer-used-llm = Drafted with { $provider } and checked against the case file: every exhibit, citation, name, number and date in it was found there.
writer-used-template = Composed from the case file's facts and the standard wording (no AI draft was used).
writer-used-template-rejected = An AI draft did not pass the check against the case file, so this text is the plain version, composed without AI from the case file and its sources. What the AI draft got wrong:
writer-used-template-unavailable = No AI provider answered, so this text is the plain version, composed without AI from the case file and its sources.
writer-problem-unknown-exhibit = it cited Exhibit { $exhibit }, which is not in the case
writer-problem-unknown-citation = it cited [{ $citation }], which is not among the sources of this case
writer-problem-unsupported-fact = it stated "{ $fact }", which is not in the case's facts
writer-problem-unsupported-criterion = it argued a criterion the analysis does not support ({ $criterion })
writer-problem-empty = it was empty
writer-problem-providers-failed = no AI provider answered in time
