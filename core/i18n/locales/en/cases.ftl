# /newcase, /cases, /case: opening, listing, archiving and deleting a lawyer's cases.
cases-invalid-button = That button is not valid. Send /cases for your list of cases.
cases-no-active-case = You have no active case. Open a case for a new client with /newcase, or pick one of yours with /cases.

cases-summary-active = (your active case)
cases-summary-field = Field: { $field }
cases-summary-status = Status: { $status ->
        [archived] archived
       *[open] open
    }
cases-summary-opened = Opened: { $date }
cases-fact-intake = Intake: { $status ->
        [not_started] not started
        [completed] completed ({ $answered } of { $total } answered)
        [paused] paused at question { $position } ({ $answered } of { $total } answered)
       *[in_progress] in progress, at question { $position } ({ $answered } of { $total } answered)
    }
cases-fact-intake-candidates = Possible exhibits from the intake: { $count } to complete

cases-list-empty = You have no cases yet. Send /newcase to open one.
cases-list-heading = Your cases ({ $count })
cases-list-heading-paged = Your cases (page { $page } of { $pages }, { $count } in all)
cases-mark-active = active
cases-mark-archived = archived
cases-button-archive = Archive
cases-button-unarchive = Unarchive
cases-button-delete = Delete
cases-button-previous = ‹ Previous
cases-button-next = Next ›

cases-new-ask-name = New case. What is the client’s name? (Send /cancel to stop.)
cases-new-ask-field = What is the field of endeavour of <b>{ $name }</b>? As narrow as the evidence supports, e.g. “machine learning for medical imaging”, not “computer science”.
cases-new-not-created = The new case was not created.
cases-new-type-name = Please type the client name, or send /cancel to stop.
cases-new-type-field = Please type the field of endeavour, or send /cancel to stop.
cases-new-opened =
    Case opened for <b>{ $name }</b> ({ $field }). It is now your active case.

    Next: the guided intake (/intake), then evidence (/evidence).
cases-button-start-intake = Start the intake
cases-client-name-empty = The client name is empty. Please type it.
cases-client-name-too-long = The client name is too long ({ $length } characters). Please keep it under { $limit }.
cases-field-empty = The field of endeavour is empty. Please type it.
cases-field-too-long = The field of endeavour is too long ({ $length } characters). Please keep it under { $limit }.

cases-opened = { $name } is now your active case.
cases-archived = Archived the case of { $name }.
cases-unarchived = The case of { $name } is out of the archive. Open it to work on it.
cases-delete-confirm = Delete the case of <b>{ $name }</b> ({ $field })? Its intake answers and evidence are deleted with it. This cannot be undone.
cases-button-delete-yes = Yes, delete it
cases-button-delete-no = No, keep it
cases-deleted-short = Deleted.
cases-deleted = Deleted the case of <b>{ $name }</b>.
