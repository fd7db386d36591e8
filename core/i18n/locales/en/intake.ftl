# The guided intake in the chat: progress, hints, buttons, the menu of blocks, saving and completion.
intake-position = Question { $position } of { $total } · { $block }
intake-current-answer = Current answer: { $answer }
intake-hint-text = Type your answer.
intake-hint-number = Answer with a number.
intake-hint-year = Answer with a four-digit year.
intake-hint-yes-no = Press Yes or No, or type it.
intake-hint-choice = Press one of the choices.
intake-hint-list = One item per line; commas inside an item are kept.
intake-hint-optional = Answer “none” if there is nothing, or press Skip.

intake-button-yes = Yes
intake-button-no = No
intake-button-back = ‹ Back
intake-button-skip = Skip ›
intake-button-pause = Pause
intake-button-blocks = Sections
intake-button-restart = Go through the questions again

intake-blocks = Intake sections for <b>{ $name }</b>: answered of total in each. Choose one to go to it.
intake-resuming = Resuming the intake where you left off.
intake-saved = Saved.
intake-saved-candidates = Saved. Noted { $count ->
        [one] { $count } possible exhibit
       *[other] { $count } possible exhibits
    } to complete in /evidence.
intake-not-saved = Your answer was NOT saved: the database did not accept it. Nothing was recorded for this question. Please send the answer again.
intake-not-running = The intake is not running for your active case. Send /intake to continue it.
intake-not-active-case = That intake is not your active case’s. Send /intake.
intake-old-question = That button belongs to a question the intake has left. Here is the current one.
intake-invalid-button = That button is not valid. Send /intake to continue.
intake-first-question = This is the first question.
intake-paused-short = Paused.
intake-paused = Intake paused at question { $position } of { $total }. Send /intake to continue where you left off.

intake-complete-short = The intake for { $name } is complete.
intake-complete = <b>Intake complete</b> for { $name }: { $answered } of { $total } questions answered.
intake-complete-candidates = The answers point to { $count ->
        [one] 1 possible exhibit ({ $criteria }). Complete it
       *[other] { $count } possible exhibits ({ $criteria }). Complete them
    } with /evidence.
intake-complete-no-candidates = Add the evidence with /evidence.
intake-complete-next = Then see how the case stands against the ten criteria with /analyze.
intake-unknown-question = There is no intake question with this id.
