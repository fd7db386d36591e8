# /start, /help, /cancel and Telegram's command menu.
start-command-start = Welcome and main menu
start-command-newcase = Open a case for a new client
start-command-cases = Your cases
start-command-case = Show the case you are working on
start-command-intake = Guided intake questions for the current case
start-command-evidence = Add evidence to the current case
start-command-analyze = Analyze the case against the ten EB-1A criteria
start-command-ask = Ask about the law or the case, with citations
start-command-note = Remember a note on the current case
start-command-notes = Notes on the current case
start-command-language = Choose English or Russian
start-command-apikey = An API key for your case-management system
start-command-cancel = Stop what is in progress
start-command-help = What I can do

start-button-new-case = New case
start-button-my-cases = My cases
start-button-intake = Intake
start-button-evidence = Add evidence
start-button-analyze = Analyze

start-name-fallback = there
start-welcome =
    Hello, { $name }. I help you prepare EB-1A petitions: open a case for each client, go through the intake, add evidence, and see how the case stands against the ten criteria.

    Choose what to do, or send /help for the list of commands.
start-help-heading = What I can do
start-help-privacy = Only you see your cases. Nothing you send here is shared with other users.

start-cancel-stopped = Stopped. Send /start for the menu.
start-cancel-intake-paused = Intake paused at question { $position } of { $total }. Your answers are kept; send /intake to continue where you left off.
start-cancel-nothing = Nothing is in progress. Send /start for the menu.

start-not-understood = I didn't understand that. Send /help to see what I can do, or /start for the menu.
start-unknown-command = { $command } is not a command I know. Send /help for the list of commands, or /start for the menu.
start-stale-button = That button is no longer active. Send /start for the menu.
