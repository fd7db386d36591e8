# Why an exhibit will not count, said when its description or document shows a step-1 trap.
# { $phrase } is the text that gave the trap away, as written.

traps-award-employer-internal = “{ $phrase }”: an award open only to one employer’s staff is not a nationally or internationally recognized prize, so it will not count under (i).
traps-award-school-only = “{ $phrase }”: an award open only to students of one school is not a nationally or internationally recognized prize, so it will not count under (i).
traps-award-local = “{ $phrase }”: a local award is not a nationally or internationally recognized prize, so it will not count under (i).
traps-membership-admission-basis = “{ $phrase }”: membership obtained by a fee, a degree, years of experience or a union requirement does not meet (ii), which needs outstanding achievements judged by recognized experts.
traps-published-about-employer = “{ $phrase }”: material about the employer or its product, not about the client, will not count under (iii).
traps-published-paid = “{ $phrase }”: paid or marketing content is not published material about the client, so it will not count under (iii).
traps-judging-invitation-only = “{ $phrase }”: an invitation alone does not show participation as a judge; (iv) needs proof the review was done.
traps-contribution-pending-patent = “{ $phrase }”: a pending patent shows no significance yet, so on its own it will not show a contribution of major significance under (v).
traps-article-preprint = “{ $phrase }”: a preprint alone has not appeared in a professional publication or major media, so it will not count under (vi).
traps-article-blog-post = “{ $phrase }”: a blog or company-site post is not a professional publication or major media, so it will not count under (vi).
traps-exhibition-not-artistic = “{ $phrase }”: a poster or talk at a scientific meeting, or a trade show, is not an artistic exhibition; it will not count under (vii), only perhaps as comparable evidence (8 CFR 204.5(h)(4)).
traps-leading-ordinary-role = “{ $phrase }”: a regular staff role is neither leading nor critical, so it will not count under (viii).
traps-salary-converted-currency = “{ $phrase }”: pay converted into another currency before comparing will not count under (ix); compare it with wage data of the country where it was earned, in its own currency.
traps-salary-self-reported = “{ $phrase }”: officers treat self-reported salary sites as unreliable, so the comparison will not count under (ix).
traps-salary-broad-occupation = “{ $phrase }”: a comparison with too broad an occupation category will not count under (ix).
traps-commercial-not-performing-arts = “{ $phrase }”: (x) covers commercial success in the performing arts only, so this will not count there.
traps-commercial-no-sales = “{ $phrase }”: a release or performance without sales or box-office figures will not count under (x).
