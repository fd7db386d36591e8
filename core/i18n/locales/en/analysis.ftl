# The EB-1A analysis report. Regulation citations stay exact.

## Report frame

analysis-title = EB-1A analysis: { $caseName }
analysis-no-exhibits = <b>{ $clientName }</b>’s case has no exhibits yet, so there is nothing to weigh against the criteria. Add evidence with /evidence, then send /analyze.
analysis-add-evidence = Add evidence
analysis-caption = EB-1A analysis of { $clientName }’s case
analysis-headline = { $overall ->
        [strong] Strong case
        [borderline] Borderline case
       *[insufficient] Insufficient as it stands
    }: { $met ->
        [0] no criteria met
        [one] 1 criterion met
       *[other] { $met } criteria met
    }, { $likely } likely ({ $needed } needed).
analysis-overall-strong = Step 1 is satisfied, the final merits show { $merits } of { $signals } signals, and continuing work in the US is documented.
analysis-overall-borderline = The threshold is within reach, but { $gaps }.
analysis-overall-insufficient = The record does not reach the regulatory threshold of 8 CFR 204.5(h)(3): { $needed } criteria met, or a one-time achievement.
analysis-gap = { $gap ->
        [step_one_likely] some criteria are only likely
        [continuing_work] continuing work in the US is not documented
       *[thin_merits] the final merits are thin ({ $merits } of { $signals } signals)
    }
analysis-achievement = One-time achievement: { $award } ({ $exhibits }) establishes eligibility on its own.
analysis-no-achievement = No one-time achievement (a major international award such as a Nobel Prize), so at least { $needed } of the ten criteria must be met.
analysis-criteria-heading = Criteria (8 CFR 204.5(h)(3))
analysis-verdict = { $verdict ->
        [met_documented] met and documented
        [met_facts] met on the facts entered
        [likely] likely
        [weak] weak
       *[not_claimed] not claimed
    }
analysis-criterion-excluded = does not count: { $exhibits }
analysis-excluded-heading = Does not count — leave it out of the petition
analysis-excluded = { $exhibits } under { $criterion } does not count; leave it out of the petition there. { $reasons }
analysis-documents-heading = Met on the facts entered: documents missing
analysis-not-met = Not met yet: { $criteria }.
analysis-rfe-heading = RFE risks
analysis-hygiene-heading = Evidence hygiene
analysis-merits-heading = Final merits (Kazarian step 2): { $present } of { $total } signals
analysis-continuing-heading = Continuing work in the US (8 CFR 204.5(h)(5))
analysis-actions-heading = Next actions, most important first
analysis-more = …and { $count } more
analysis-impact = { $impact ->
        [decisive] Decisive
        [high] High
        [medium] Medium
       *[low] Low
    }
analysis-exhibits = { $count ->
        [0] no exhibit
        [1] Exhibit { $list }
       *[other] Exhibits { $list }
    }
analysis-criterion-label = { $criterion ->
        [awards] (i) Awards
        [membership] (ii) Membership
        [published_material] (iii) Published material about the person
        [judging] (iv) Judging
        [original_contributions] (v) Original contributions
        [scholarly_articles] (vi) Scholarly articles
        [exhibitions] (vii) Artistic exhibitions
        [leading_role] (viii) Leading or critical role
        [high_salary] (ix) High remuneration
       *[commercial_success] (x) Commercial success
    }
analysis-requirement = { $criterion ->
        [awards] receipt of lesser nationally or internationally recognized prizes or awards for excellence in the field.
        [membership] membership in associations in the field which require outstanding achievements of their members, as judged by recognized national or international experts.
        [published_material] published material about the person in professional or major trade publications or other major media, with the title, date and author.
        [judging] participation, alone or on a panel, as a judge of the work of others in the same or an allied field.
        [original_contributions] original scientific, scholarly, artistic, athletic or business-related contributions of major significance in the field.
        [scholarly_articles] authorship of scholarly articles in professional or major trade publications or other major media.
        [exhibitions] display of the person’s work at artistic exhibitions or showcases.
        [leading_role] a leading or critical role for organizations or establishments with a distinguished reputation.
        [high_salary] a high salary or other significantly high remuneration in relation to others in the field.
       *[commercial_success] commercial successes in the performing arts, shown by box office receipts or sales.
    }
analysis-merits-signal = { $signal ->
        [sustained] Sustained acclaim over years
        [independent_recognition] Recognition by people outside the client’s circle
        [ranked_venues] Lead, senior or sole author in highly ranked venues
        [citations] Citations high for the field
        [invited_talks] Unsolicited invitations to speak at recognized conferences
        [top_institution] Work at an R1/R2 or similarly ranked institution
       *[competitive_grants] Named on competitive government grants
    }
analysis-token = { $token ->
        [title] title
        [date] date
        [author] author
        [name] name
        [address] address
        [writer_title] title
        [duties] specific description of duties
        [work_description] specific description of the work
        [citations_above_benchmark] citations at or above the field’s benchmark
        [licensed_patent] a patent that was licensed or commercialized
       *[adopted_by_others] documented adoption by others outside the employer
    }

## (i) Awards

analysis-finding-award-one-time-achievement = { $exhibits }: { $name } is a major, internationally recognized award, a one-time achievement that alone establishes eligibility under 8 CFR 204.5(h)(3).
analysis-finding-award-not-to-person = { $exhibits }: { $name } was not received by the client by name; the regulation requires receipt by the person.
analysis-finding-award-not-to-person-fix = { $exhibits }: claim awards the client received by name (team awards only where the client is named).
analysis-finding-award-not-to-person-rfe = { $exhibits }: an award to the employer or an unnamed team does not count.
analysis-finding-award-employer-internal = { $exhibits }: { $name } is an employer-internal award, not a nationally or internationally recognized prize.
analysis-finding-award-school-only = { $exhibits }: { $name } is a school-only award, not a nationally or internationally recognized prize.
analysis-finding-award-local = { $exhibits }: { $name } is a local award, not a nationally or internationally recognized prize.
analysis-finding-award-narrow-scope-fix = { $exhibits }: claim nationally or internationally recognized prizes in the field instead of { $name }.
analysis-finding-award-narrow-scope-rfe = { $exhibits }: local, employer-internal and school-only awards draw RFEs and denials.
analysis-finding-award-regional = { $exhibits }: { $name } is a regional award; the regulation asks for national or international recognition.
analysis-finding-award-regional-fix = { $exhibits }: document national recognition of { $name } (national press, a national candidate pool), or drop it.
analysis-finding-award-outside-field = { $exhibits }: { $name } is outside the client’s field; it must be for excellence in the field.
analysis-finding-award-outside-field-fix = { $exhibits }: claim awards for excellence in the client’s own field.
analysis-finding-award-qualifies = { $exhibits }: { $name } ({ $issuer }, { $year }) is { $scope ->
        [international] an international
       *[national] a national
    } prize for excellence received by the client in the field.
analysis-finding-award-recognition-undocumented-fix = { $exhibits }: document that { $name } itself is nationally or internationally recognized (press about the award, its history), not only the issuer’s page.
analysis-finding-award-recognition-undocumented-rfe = { $exhibits }: no proof the award itself is recognized, only its issuer.
analysis-finding-award-selection-criteria-fix = { $exhibits }: add the selection criteria of { $name } to show it is awarded for excellence in the field.
analysis-finding-award-many-awardees-rfe = { $exhibits }: { $awardees } awardees in one cycle may look unselective; show the size of the candidate pool.

## (ii) Membership

analysis-finding-membership-admission-basis = { $exhibits }: { $level } of { $association } is obtained by { $basis ->
        [degree] holding a degree or qualification
        [experience] years of experience
        [fee] paying a fee or subscription
        [union_required] joining a union or guild as required to work
       *[other] criteria other than outstanding achievements
    }, not by outstanding achievements.
analysis-finding-membership-admission-basis-fix = { $exhibits }: claim only memberships whose level requires outstanding achievements judged by experts (e.g. an elected fellowship), not { $association }.
analysis-finding-membership-admission-basis-rfe = { $exhibits }: membership by degree, experience, fee or union requirement does not meet (ii).
analysis-finding-membership-not-judged-by-experts = { $exhibits }: admission to { $level } of { $association } is not judged by recognized national or international experts.
analysis-finding-membership-not-judged-by-experts-fix = { $exhibits }: show who judges admission to { $level } of { $association } (election procedure, panel of recognized experts), or drop it.
analysis-finding-membership-qualifies = { $exhibits }: { $level } of { $association } requires outstanding achievements, judged by recognized national or international experts.
analysis-finding-membership-rules-undocumented-fix = { $exhibits }: add the bylaws or admission rules of { $association } showing how the { $level } level is granted.

## (iii) Published material

analysis-finding-published-about-employer = { $exhibits }: the piece in { $outlet } is about the employer or a product, not about the person.
analysis-finding-published-mentions-only = { $exhibits }: the piece in { $outlet } is about something else and only mentions the client, not about the person.
analysis-finding-published-not-about-person-fix = { $exhibits }: find coverage about the client and their work, not about the employer.
analysis-finding-published-not-about-person-rfe = { $exhibits }: material about the employer, not the person, draws an RFE.
analysis-finding-published-paid = { $exhibits }: paid or marketing content in { $outlet } is not published material about the person.
analysis-finding-published-paid-fix = { $exhibits }: replace paid content with independent editorial coverage.
analysis-finding-published-paid-rfe = { $exhibits }: paid or promotional content is given no weight.
analysis-finding-published-minor-outlet = { $exhibits }: { $outlet } is not a professional or major trade publication or other major media.
analysis-finding-published-minor-outlet-fix = { $exhibits }: find coverage in professional or major trade publications or major media.
analysis-finding-published-qualifies = { $exhibits }: the piece in { $outlet } ({ $outletType ->
        [major_media] major media
       *[professional_trade] a professional or major trade publication
    }) is about the person and their work.
analysis-finding-published-no-circulation-fix = { $exhibits }: add circulation or audience data for { $outlet } to show it is major.
analysis-finding-published-no-circulation-rfe = { $exhibits }: no circulation data for the outlet.

## (iv) Judging

analysis-finding-judging-invitation-only = { $exhibits }: only an invitation to judge ({ $venue }); (iv) requires participation as a judge.
analysis-finding-judging-invitation-only-fix = { $exhibits }: get proof the review for { $venue } was completed (confirmation e-mail, reviewer record such as Web of Science, editor’s letter).
analysis-finding-judging-invitation-only-rfe = { $exhibits }: an invitation with no proof the judging happened.
analysis-finding-judging-outside-field = { $exhibits }: the judging for { $venue } was of work outside the same or an allied field.
analysis-finding-judging-outside-field-fix = { $exhibits }: claim judging of work in the client’s field or an allied field.
analysis-finding-judging-qualifies = { $exhibits }: documented participation as a judge of the work of others: { $kind ->
        [peer_review] peer review of manuscripts
        [abstract_review] review of conference abstracts or papers
        [grant_panel] a grant review panel
        [thesis_committee] a thesis or dissertation committee
        [competition_jury] a competition or award jury
       *[other_panel] a panel judging others’ work
    } for { $venue }{ $reviews ->
        [0] {""}
       *[other] {" "}({ $reviews } completed)
    }.

## (v) Original contributions

analysis-finding-contribution-signals = { $exhibits }: original contribution (“{ $description }”) with { $signals }.
analysis-finding-contribution-letter = { $exhibits }: { $named ->
        [yes] a letter from { $writer }
       *[no] a letter from an unnamed writer
    } ({ $independent ->
        [yes] an independent expert
       *[no] a collaborator
    }) on “{ $description }”.
analysis-finding-contribution-no-significance = { $exhibits }: “{ $description }” shows originality, but no sign yet of major significance in the field.
analysis-finding-contribution-no-benchmark-fix = { $exhibits }: compare the { $citations } citations with a field benchmark (e.g. Clarivate ESI thresholds).
analysis-finding-contribution-below-benchmark = { $exhibits }: { $citations } citations are below the field’s benchmark of { $benchmark }.
analysis-finding-contribution-pending-patent-rfe = { $exhibits }: a pending patent shows no significance yet.
analysis-finding-contribution-granted-patent-rfe = { $exhibits }: a granted patent shows originality; only licensing or use shows major significance.
analysis-finding-contribution-adoption-fix = { $exhibits }: document use of “{ $description }” by others outside the client’s employer.
analysis-finding-contribution-collaborator-letter-rfe = { $exhibits }: a letter from a collaborator weighs less than one from an independent expert.
analysis-finding-contribution-letter-how-known-rfe = { $exhibits }: the letter should say how the writer knows the client’s work.
analysis-finding-contribution-letters-uncorroborated = { $exhibits }: letters alone do not show major significance; they carry weight only when corroborated by documents.
analysis-finding-contribution-letters-uncorroborated-fix = { $exhibits }: corroborate the letters with documents: citations above the field benchmark, licensing, or adoption by others.
analysis-finding-contribution-independent-letters-fix = Add detailed letters from independent experts explaining how the contribution changed the field and how they know it.

## (vi) Scholarly articles

analysis-finding-article-preprint = { $exhibits }: “{ $title }” appeared only as a preprint, not in a professional publication or major media.
analysis-finding-article-blog-post = { $exhibits }: “{ $title }” appeared only as a blog or company-site post, not in a professional publication or major media.
analysis-finding-article-not-published-fix = { $exhibits }: cite the peer-reviewed version of “{ $title }” if it was published.
analysis-finding-article-qualifies = { $exhibits }: authorship of “{ $title }” in { $venue } ({ $year }), { $peerReviewed ->
        [yes] peer-reviewed
       *[no] not peer-reviewed
    }.
analysis-finding-article-not-peer-reviewed-fix = { $exhibits }: show “{ $title }” is scholarly: written for learned readers, with citations, under editorial review.
analysis-finding-article-not-peer-reviewed-rfe = { $exhibits }: an article without peer review may not be read as scholarly.

## (vii) Artistic exhibitions

analysis-finding-exhibition-not-artistic = { $exhibits }: { $venue } is { $venueKind ->
        [scientific_conference] a scientific or academic conference
        [trade_show] a trade show or product fair
       *[other_non_artistic] a non-artistic event
    }, not an artistic exhibition or showcase.
analysis-finding-exhibition-not-artistic-fix = { $exhibits }: if (vii) does not readily apply to the client’s occupation, offer it as comparable evidence under 8 CFR 204.5(h)(4), explaining why.
analysis-finding-exhibition-not-artistic-rfe = { $exhibits }: science talks and trade shows are not artistic exhibitions.
analysis-finding-exhibition-not-own-work = { $exhibits }: the work shown at { $venue } was not the client’s own.
analysis-finding-exhibition-not-own-work-fix = { $exhibits }: show the client’s own work was on display.
analysis-finding-exhibition-qualifies = { $exhibits }: display of the client’s own work at an artistic venue, { $venue } ({ $year }).

## (viii) Leading or critical role

analysis-finding-leading-ordinary-role = { $exhibits }: { $jobTitle } at { $organization } is a regular staff role, neither leading nor critical.
analysis-finding-leading-ordinary-role-fix = { $exhibits }: show a leading title with matching duties, or a contribution of significant importance to outcomes at { $organization }.
analysis-finding-leading-reputation-asserted = { $exhibits }: the distinguished reputation of { $organization } is asserted, not documented.
analysis-finding-leading-reputation-asserted-fix = { $exhibits }: document the distinguished reputation of { $organization } (rankings, major media, major customers, grants or funding).
analysis-finding-leading-reputation-asserted-rfe = { $exhibits }: reputation asserted but not documented.
analysis-finding-leading-qualifies = { $exhibits }: { $roleKind ->
        [leading] leading
       *[critical] critical
    } role as { $jobTitle } at { $organization }, an organization with a distinguished reputation shown by { $reputation ->
        [rankings] rankings
        [major_media] major media coverage
        [grants_or_funding] competitive grants or significant funding
       *[major_customers] major customers or partners
    }.
analysis-finding-leading-not-distinguished-fix = { $exhibits }: show how the client’s role as { $jobTitle } differs from colleagues’ (org chart, outcomes attributable to the client).
analysis-finding-leading-not-distinguished-rfe = { $exhibits }: role not distinguished from colleagues’ roles.

## (ix) High remuneration

analysis-finding-salary-converted-currency = { $exhibits }: { $amount } { $currency } per { $period } is compared after currency conversion, not with local data in the local currency.
analysis-finding-salary-converted-currency-fix = { $exhibits }: compare the pay with wage data of the country where it was earned, in { $currency }.
analysis-finding-salary-converted-currency-rfe = { $exhibits }: converting foreign pay to USD draws an RFE.
analysis-finding-salary-no-comparison = { $exhibits }: { $amount } { $currency } per { $period } is not compared with others in the field.
analysis-finding-salary-self-reported = { $exhibits }: the comparison relies on self-reported salary sites, which officers treat as unreliable.
analysis-finding-salary-unreliable-source-fix = { $exhibits }: compare with government wage data (BLS OEWS, CareerOneStop) or a specific published survey.
analysis-finding-salary-broad-occupation = { $exhibits }: the comparison uses too broad an occupation category.
analysis-finding-salary-broad-occupation-fix = { $exhibits }: use wage data for the client’s exact occupation and level.
analysis-finding-salary-other-location = { $exhibits }: the comparison data is for a different location.
analysis-finding-salary-other-location-fix = { $exhibits }: use wage data for the same city or region as the job.
analysis-finding-salary-compared = { $exhibits }: { $amount } { $currency } per { $period }, compared with reliable data for the same occupation and location.
analysis-finding-salary-no-percentile-fix = { $exhibits }: state the percentile of the comparison data the pay reaches.
analysis-finding-salary-percentile = { $exhibits }: { $amount } { $currency } per { $period } is at the { $percentile ->
        [one] { $percentile }st
        [two] { $percentile }nd
        [few] { $percentile }rd
       *[other] { $percentile }th
    } percentile of reliable data for the same occupation and location.
analysis-finding-salary-not-high = { $exhibits }: the { $percentile ->
        [one] { $percentile }st
        [two] { $percentile }nd
        [few] { $percentile }rd
       *[other] { $percentile }th
    } percentile is not significantly high in relation to others in the field.
analysis-finding-salary-not-high-fix = { $exhibits }: claim (ix) only with pay near the top of the comparison data, or drop it.
analysis-finding-salary-below-90th-fix = { $exhibits }: add other remuneration (bonus, equity) or a closer-matched comparison showing pay at the 90th percentile or above.
analysis-finding-salary-below-90th-rfe = { $exhibits }: pay below the 90th percentile may not read as significantly high.

## (x) Commercial success

analysis-finding-commercial-not-performing-arts = { $exhibits }: sales of { $work } are outside the performing arts; (x) covers the performing arts only.
analysis-finding-commercial-not-performing-arts-fix = { $exhibits }: present the sales as comparable evidence under 8 CFR 204.5(h)(4), or under original contributions or final merits.
analysis-finding-commercial-no-sales = { $exhibits }: only shows that { $work } was released or performed, not its commercial success.
analysis-finding-commercial-no-sales-fix = { $exhibits }: add box office receipts or sales figures for { $work }, with their source.
analysis-finding-commercial-no-sales-rfe = { $exhibits }: showing only that a work was released or performed draws an RFE.
analysis-finding-commercial-qualifies = { $exhibits }: commercial success in the performing arts: { $work }, { $sales }.
analysis-finding-commercial-not-compared-fix = { $exhibits }: compare the figures for { $work } with peers’ (charts, rankings, industry data).

## Evidence hygiene

analysis-finding-hygiene-duplicate-exhibit-number = { $exhibits } is used twice under { $criterion }; number each exhibit once per criterion.
analysis-finding-hygiene-missing-translation = { $exhibits } is in { $language } without a full certified English translation (8 CFR 103.2(b)(3)); it gets no weight until translated.
analysis-finding-hygiene-incomplete-publication-details = { $exhibits } lacks the { $parts } that 8 CFR 204.5(h)(3)(iii) requires for published material.
analysis-finding-hygiene-incomplete-letter = { $exhibits } is a letter without the writer’s { $parts }{ $experience ->
        [yes] {" "}(8 CFR 204.5(g)(1))
       *[no] {""}
    }.
analysis-finding-criterion-documents-missing = { $exhibits } ({ $title }): no document attached; { $criterion } rests on the facts entered until it is.

## Final merits

analysis-finding-merits-sustained-no-dates = No dated evidence yet.
analysis-finding-merits-sustained-stale = The latest dated evidence is from { $last }; show the acclaim continues to the present.
analysis-finding-merits-sustained-spans = Dated evidence spans { $first }–{ $last } ({ $span } years).
analysis-finding-merits-sustained-short = Dated evidence covers only { $first }–{ $last }; show acclaim sustained over several years.
analysis-finding-merits-independent-recognition-present = Press, national awards, independent letters or adoption by others: { $exhibits }.
analysis-finding-merits-independent-recognition-absent = No press, recognized award, independent expert letter or adoption by others yet.
analysis-finding-merits-ranked-venues-present = Top-tier venues as lead, senior or sole author: { $exhibits }.
analysis-finding-merits-ranked-venues-absent = No article in a top-tier venue as lead, senior or sole author.
analysis-finding-merits-citations-present = Citations at or above the field benchmark: { $exhibits } ({ $total } citations{ $hIndex ->
        [-1] {""}
       *[other] , h-index { $hIndex }
    }).
analysis-finding-merits-citations-absent = { $total } citations{ $hIndex ->
        [-1] {""}
       *[other] , h-index { $hIndex }
    }; no comparison shows the citations are high for the field.
analysis-finding-merits-invited-talks-present = { $count ->
        [one] { $count } invited talk.
       *[other] { $count } invited talks.
    }
analysis-finding-merits-invited-talks-absent = No invited talks recorded.
analysis-finding-merits-top-institution-present = Works or worked at a highly ranked institution.
analysis-finding-merits-top-institution-absent = No highly ranked institution recorded.
analysis-finding-merits-competitive-grants-present = Grants: { $grants }.
analysis-finding-merits-competitive-grants-absent = No competitive government grants recorded.

## Continuing work in the US

analysis-finding-continuing-job-offer = A US job offer shows the client will continue work in the field (8 CFR 204.5(h)(5)).
analysis-finding-continuing-contracts = US contracts or client letters show continuing work in the field (8 CFR 204.5(h)(5)).
analysis-finding-continuing-detailed-statement = The client’s detailed statement of US plans addresses 8 CFR 204.5(h)(5).
analysis-finding-continuing-brief-statement = Only a brief statement of US plans; 8 CFR 204.5(h)(5) needs offers, contracts or a detailed statement.
analysis-finding-continuing-plans-undocumented = US plans are described but not documented; add offers, contracts or a detailed statement (8 CFR 204.5(h)(5)).
analysis-finding-continuing-none = No evidence yet that the client will continue work in the field in the US (8 CFR 204.5(h)(5)).

## Next actions

analysis-finding-action-document-continuing-work = Document the plan to continue work in the field in the US: a job offer, contracts or a detailed statement.
analysis-finding-action-strengthen-or-drop = Find stronger evidence for { $criterion } or stop claiming it.
analysis-finding-action-look-for-criterion = Look for evidence of { $criterion }: { $requirement }
analysis-finding-why-continuing-work-required = 8 CFR 204.5(h)(5) requires clear evidence of continuing work in the US, however strong the record.
analysis-finding-why-likely-to-met = Moves { $criterion } from likely to met; { $met } of the { $needed } criteria needed are met.
analysis-finding-why-likely-to-met-buffer = Moves { $criterion } from likely to met: a buffer if an officer rejects another criterion.
analysis-finding-why-hygiene = An exhibit with this defect carries no or little weight.
analysis-finding-why-documents = The petition must include the document behind every fact it relies on.
analysis-finding-why-weak-short = { $criterion } is weak as filed; { $met } of the { $needed } criteria needed are met, { $short } short.
analysis-finding-why-weak-buffer = { $criterion } is weak; claiming it as filed invites an RFE.
analysis-finding-why-not-claimed = { $criterion } is not claimed; { $met } of the { $needed } criteria needed are met.
analysis-finding-why-final-merits = The officer weighs the whole record for sustained acclaim at the top of the field (Kazarian step 2).
