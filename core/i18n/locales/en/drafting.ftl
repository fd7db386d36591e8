# Drafting: the brief, the cover letter, the exhibit index and recommendation letters (the documents
# themselves are in English, as US filings are; these are the bot's words about them).
drafting-command-draft = Draft the brief, cover letter and exhibit index (Word)
drafting-command-drafts = Drafted files of the case: list and send again
drafting-command-letters = Draft recommendation letters (Word)

drafting-job-brief = Drafting the petition letter
drafting-job-letters = Drafting recommendation letters
drafting-step-reading = Reading the case
drafting-step-writing = Writing the sections
drafting-step-building = Building the Word files
drafting-step-letter = Writing the letters

drafting-started = Drafting for { $clientName } has started. The petition letter, the cover letter and the exhibit index will arrive here as Word files.
drafting-letters-started = { $count ->
        [one] Drafting one recommendation letter for { $clientName }. It will arrive here as a Word file.
       *[other] Drafting { $count } recommendation letters for { $clientName }. They will arrive here as Word files.
    }
drafting-no-evidence = The case of { $clientName } has no exhibits yet, so there is nothing to argue. Add evidence with /evidence, check it with /analyze, then send /draft.
drafting-case-gone = The case was deleted before its drafting started, so nothing was drafted. Open another case with /cases.
drafting-letters-no-recommenders = The intake of { $clientName } names no recommenders, so there is no letter to draft. Add them in /intake, section “Recommenders”: one per line, as “name, title, institution”.

drafting-brief-ready = <b>Drafts for { $clientName }</b>: the petition letter (version { $version }), the cover letter and the exhibit index.
drafting-source-template = Written from the case’s facts with templates (no LLM was used).
drafting-source-llm = Written by an LLM and checked against the case: every exhibit cited exists and every criterion argued is supported.
drafting-source-mixed = Partly written by an LLM (checked against the case), partly from templates where no LLM draft was used.
drafting-argued-heading = Criteria argued as met:
drafting-none-argued = No criterion is argued as met: the analysis supports none yet. See /analyze.
drafting-not-argued-heading = Claimed but not argued (the analysis does not support them yet):
drafting-left-out-heading = Left out because they cannot count:
drafting-left-out-item = Exhibit { $exhibit } “{ $title }” under { $criterion }: { $reason }
drafting-left-out-claim = Exhibit { $exhibit } “{ $title }” is filed for another criterion, but not argued under { $criterion }: { $reason }
drafting-notes-heading = Before filing:
drafting-note-letterhead-unset = The files carry no letterhead because FIRM_NAME is not set. Ask your administrator to set FIRM_NAME and FIRM_ADDRESS, or add your letterhead in Word.
drafting-note-background-uncited = The background section states facts from the intake with no exhibit: add the CV or passport as an exhibit and cite it there.
drafting-note-merits-invited-talks = The intake mentions { $count } invited talks, but no exhibit documents them, so the final merits do not cite them. Add the invitations as an exhibit.
drafting-note-merits-grants = The intake mentions competitive grants, but no exhibit documents them, so the final merits do not cite them. Add the grant awards as an exhibit.
drafting-note-merits-top-institution = The intake says the client works at a top-ranked institution; add its ranking as an exhibit so the final merits can cite it.
drafting-note-continuing-job-offer = The continuing-work section says a US job offer accompanies the petition: add the offer letter as an exhibit and cite it there.
drafting-note-continuing-contracts = The continuing-work section says contracts with US clients accompany the petition: add them as an exhibit and cite them there.
drafting-note-continuing-statement = The continuing-work section says the client’s statement of plans accompanies the petition: add it as an exhibit and cite it there.
drafting-note-continuing-missing = 8 CFR 204.5(h)(5) needs clear evidence that the client will continue the work in the US, and the case has none yet: add a job offer, contracts or the client’s detailed statement of plans.
drafting-note-step-one-short = Only { $argued } criteria are argued as met and { $needed } are needed: this brief cannot be filed as it is. See /analyze for what to add.
drafting-note-likely = { $criterion } is argued, but the analysis rates it only likely: complete what /analyze lists for it before filing.

drafting-letters-ready = { $count ->
        [one] <b>One recommendation letter drafted for { $clientName }</b>
       *[other] <b>{ $count } recommendation letters drafted for { $clientName }</b>
    }
drafting-letter-line = { $name } ({ $kind }): { $source }
drafting-letter-kind-independent = independent expert
drafting-letter-kind-collaborator = collaborator
drafting-letter-source-template = written from templates
drafting-letter-source-llm = written by an LLM and checked
drafting-letter-gap-how-known = the writer must add how they know the work
drafting-letter-gap-contribution = the writer must add the specific contribution and its impact
drafting-letters-gaps-intro = The bracketed requests in the letters mark what only the writer can say; nothing was invented in their place.

drafting-drafts-heading = <b>Drafted files of { $clientName }</b>, newest first:
drafting-drafts-empty = Nothing has been drafted for { $clientName } yet. Send /draft for the petition letter or /letters for recommendation letters.
drafting-drafts-item = { $kind } — version { $version }, { $date }, { $source }
drafting-drafts-item-subject = { $kind } ({ $subject }) — version { $version }, { $date }, { $source }
drafting-drafts-more = Only the newest { $shown } of { $total } are listed.
drafting-kind = { $kind ->
        [brief] Petition letter
        [cover-letter] Cover letter
        [exhibit-index] Exhibit index
        [letter] Letter
       *[packet] Exhibit packet
    }
drafting-source = { $source ->
        [llm] by an LLM, checked
        [mixed] partly by an LLM, checked
        [none] built from the documents
       *[template] from templates
    }
drafting-drafts-send = { $kind } v{ $version }
drafting-drafts-gone = That file does not exist or is not yours. Send /drafts for the list.
drafting-brief-failed = The drafts for <b>{ $clientName }</b> (the petition letter, the cover letter and the exhibit index) were not made: drafting failed several times in a row on our side. The case is as it was. Open that case with /cases and send /draft to try again; if it fails again, tell your administrator the time it happened.
drafting-letters-failed = The recommendation letters for <b>{ $clientName }</b> were not drafted: drafting failed several times in a row on our side. The case is as it was. Open that case with /cases and send /letters to try again; if it fails again, tell your administrator the time it happened.
