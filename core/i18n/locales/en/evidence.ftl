# /evidence: exhibits, their claims under the criteria, their questions and documents.

evidence-exhibit = Exhibit { $number }
evidence-cancelled = Cancelled. Nothing was saved.
evidence-nothing-changed = Nothing changed.
evidence-not-found = That exhibit does not exist or is not yours.
evidence-not-saved = The exhibit was not saved. { $problem }
evidence-invalid-answers = Some answers are missing or not valid: { $questions }.
evidence-updated = Updated.

## Answers and questions
evidence-answer-yes = Yes
evidence-answer-no = No
evidence-answer-not-given = not given
evidence-answer-with-text = Please answer with text, a button, or send a document.
evidence-answer-first = Please answer the question first; you can attach documents afterwards.
evidence-stale-button = That question was already answered.
evidence-question-now = Now: { $answer }
evidence-question-tap = Tap an answer below.
evidence-question-optional = Optional: press Skip if you do not know.
evidence-question-english = Is the original document in English?
evidence-question-english-help = A document in another language needs a full English translation certified as complete and accurate (8 CFR 103.2(b)(3)).
evidence-question-language = What language is it in?
evidence-question-certified-translation = Is there a full English translation, certified by the translator as complete and accurate?
evidence-question-is-letter = Is this exhibit a letter (an expert’s opinion or an experience letter)?
evidence-question-title = What should this exhibit be called in the exhibit index?

## Buttons
evidence-button-skip = Skip
evidence-button-back = Back
evidence-button-cancel = Cancel
evidence-button-done = Done
evidence-button-edit = Edit a fact
evidence-button-attach = Attach a document
evidence-button-also-use = Also use this exhibit for…
evidence-button-remove-claim = Withdraw { $criterion }
evidence-button-make-primary = Index under { $criterion }
evidence-button-get-file = Get { $name }
evidence-button-remove = Remove
evidence-button-all-exhibits = All exhibits
evidence-button-add-another = Add another exhibit
evidence-button-analyze = Analyze the case
evidence-button-analyze-short = Analyze
evidence-button-add = Add an exhibit
evidence-button-list = List exhibits
evidence-button-from-intake = From the intake: { $title }
evidence-button-complete = Complete: { $title }
evidence-button-yes-criterion = Yes: { $criterion }
evidence-button-no-criterion = No, { $criterion }
evidence-button-pick-from-list = Pick from the list
evidence-button-new-exhibit = A new exhibit
evidence-button-remove-yes = Yes, remove it
evidence-button-remove-claim-yes = Yes, withdraw it
evidence-button-keep = Keep it
evidence-button-keep-answer = Keep: { $answer }

## Adding
evidence-add-which-criterion = Adding an exhibit to { $client }’s case. Which criterion does it support?
evidence-pick-or-describe = Tap one, or describe the exhibit in a sentence and I will suggest the criterion.
evidence-pick-again = Which criterion does the exhibit support?
evidence-pick-with-buttons = Please pick the criterion with the buttons below.
evidence-pick-unknown = I could not tell which criterion that is. Please pick one below, or describe the exhibit differently.
evidence-sounds-like = That sounds like { $criterion }: { $requirement }

    Use this criterion?
evidence-completing-candidate = Completing “{ $title }” from the intake.
evidence-already-known = Already known:
evidence-send-document-any-time = Send the document at any time; I will attach it when the exhibit is saved.
evidence-saved = Saved as { $exhibit } in { $client }’s case: { $title } — { $criterion }.
evidence-saved-what-next = { $exhibit } is saved. What next?

## Claims: one exhibit under several criteria
evidence-also-which-criterion = { $exhibit } is used for { $claimed }. For which other criterion should it count as well? Only that criterion’s questions follow; the number and the documents stay the same.
evidence-claim-primary = listed here in the exhibit index
evidence-claim-added = { $exhibit } now also supports { $criterion }.
evidence-claim-exists = The exhibit is already used for that criterion.
evidence-claim-last = An exhibit needs at least one criterion. To drop this one, remove the exhibit.
evidence-claim-removed = { $exhibit } no longer supports { $criterion }. The exhibit and its documents stay.
evidence-claim-made-primary = The exhibit index now lists { $exhibit } under { $criterion }.
evidence-remove-claim-confirm = Stop using { $exhibit } for { $criterion }? Its facts for that criterion are deleted; the exhibit, its other criteria and its documents stay.

## Documents
evidence-document-kept = Got “{ $name }”. I will attach it as soon as the exhibit is saved.
evidence-document-attached = Attached “{ $name }” to { $exhibit }.
evidence-document-attached-more = Attached “{ $name }” to { $exhibit }. Send another, or press Done.
evidence-document-already-attached = “{ $name }” was already attached to { $exhibit }. Send another, or press Done.
evidence-send-documents = Send documents for { $exhibit } now ({ $accepted }), or press Done.
evidence-document-needs-case = I keep documents as evidence of a case.
evidence-document-which-exhibit = Which exhibit of { $client }’s case is “{ $name }” for?
evidence-document-gone = That document is no longer attached.
evidence-files-accepted = { $types } or { $last }, up to { $limit } MB
evidence-files-accepted-one = { $type }, up to { $limit } MB
evidence-file-type-pdf = PDF
evidence-file-type-jpeg = JPEG
evidence-file-type-png = PNG
evidence-file-type-docx = Word (.docx)
evidence-file-type-txt = plain text (.txt)
evidence-file-wrong-type = I can't keep “{ $name }”: that type of file is not accepted. Please send { $accepted }.
evidence-file-too-large = “{ $name }” is { $size } MB, too large to keep. Please send { $accepted } (split or compress larger documents).
evidence-file-too-large-unknown = “{ $name }” is too large to keep. Please send { $accepted } (split or compress larger documents).
evidence-file-empty = “{ $name }” is empty. Please send it again.
evidence-file-not-real = “{ $name }” is not a real { $type } file (its contents do not match its type), so I did not keep it. Please send { $accepted }.
evidence-file-download-failed = The document could not be downloaded from Telegram. Please send it again.
evidence-file-refused = That document could not be kept. Please send it again as a PDF, an image or a Word file.
evidence-size-kb = { $size } KB
evidence-size-mb = { $size } MB

## The exhibit page and the list
evidence-card-documents = Documents: { $documents }
evidence-card-no-documents = No document attached yet.
evidence-card-language-translated = Language: { $language } (certified translation)
evidence-card-language-untranslated = Language: { $language } (no certified translation yet)
evidence-card-letter = Letter: { $kind }, { $writer }
evidence-list-heading = Exhibits of { $client }’s case ({ $count })
evidence-list-empty = No exhibits yet.
evidence-list-suggested = Suggested by the intake (tap to complete):
evidence-list-documents = { $count ->
    [one] 1 doc
   *[other] { $count } docs
    }
evidence-list-open = Open an exhibit:

## Editing and removing
evidence-edit-which-fact = Which fact of { $exhibit } do you want to change?
evidence-edit-title = Title
evidence-edit-language = Language
evidence-edit-unknown-fact = That fact cannot be edited. Open the exhibit again from /evidence list.
evidence-remove-confirm = Remove { $exhibit } ({ $title }) and its documents? Its number will not be given to another exhibit.
evidence-removed-short = { $exhibit } removed
evidence-removed = Removed { $exhibit } ({ $title }).
evidence-fact-none = Evidence: none yet
evidence-fact-summary = Evidence: { $exhibits ->
        [one] { $exhibits } exhibit
       *[other] { $exhibits } exhibits
    } under { $criteria ->
        [one] { $criteria } criterion
       *[other] { $criteria } criteria
    }, { $documents ->
        [one] { $documents } document
       *[other] { $documents } documents
    }
evidence-held-document-gone = “{ $name }” was not kept: the exhibit’s questions took more than a day. Please send it again.
