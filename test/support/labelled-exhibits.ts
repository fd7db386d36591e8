// A labelled set of exhibit descriptions, written for measuring the criterion classifier: for every
// criterion, positives in the wording lawyers, certificates, letters, articles and pay stubs use (some in
// Russian), and step-1 traps labelled with the criterion they pretend to meet and the trap they hide.
// Every third item belongs to the held-out split: the classifier's cues are never tuned against it.
import type { TrapCode } from '../../core/eb1a/classify.ts';
import type { CriterionId } from '../../core/eb1a/criteria.ts';

export interface LabelledExhibit {
  readonly text: string;
  readonly expected: CriterionId;
  /** A second criterion a lawyer could reasonably file the same text under. */
  readonly alsoAcceptable?: CriterionId;
  /** The finding code of the step-1 trap the text hides, when it hides one. */
  readonly trap?: TrapCode;
}

export const LABELLED_EXHIBITS: readonly LabelledExhibit[] = [
  // awards (i)
  { text: 'Best Paper Award, ACM SIGMOD 2021', expected: 'awards' },
  {
    text: 'This certificate is presented to Dr. Anna Petrova in recognition of outstanding achievement as the recipient of the 2019 IEEE Early Career Prize',
    expected: 'awards',
  },
  {
    text: 'Winner of the national Young Scientist Prize of the Russian Academy of Sciences, 2018',
    expected: 'awards',
  },
  {
    text: 'Лауреат премии Правительства Российской Федерации в области науки и техники 2020 года',
    expected: 'awards',
  },
  { text: 'Gold medal at the International Mathematical Olympiad', expected: 'awards' },
  { text: 'Диплом победителя Всероссийского конкурса молодых учёных, 1 место', expected: 'awards' },
  {
    text: 'She took first place in the European Startup Pitch Championship, chosen out of 900 entrants',
    expected: 'awards',
  },
  {
    text: 'Employee of the Year award, Acme Corp internal recognition program',
    expected: 'awards',
    trap: 'award.employer_internal',
  },
  {
    text: "Dean's list and best student thesis prize of the university, open only to students of the faculty",
    expected: 'awards',
    trap: 'award.school_only',
  },
  {
    text: "Received the company's annual Innovation Award given to employees of Globex",
    expected: 'awards',
    trap: 'award.employer_internal',
  },
  { text: 'Premio Nacional de Periodismo for investigative reporting, 2022', expected: 'awards' },
  {
    text: 'Grand prix of the Moscow city photography contest for local residents',
    expected: 'awards',
    trap: 'award.local',
  },
  { text: 'Honored with the Gordon Bell Prize for high performance computing', expected: 'awards' },
  {
    text: 'Награда «Лучший сотрудник года» по итогам внутреннего конкурса компании',
    expected: 'awards',
    trap: 'award.employer_internal',
  },

  // membership (ii)
  { text: 'Elected Fellow of the American Physical Society in 2020', expected: 'membership' },
  {
    text: 'Senior Member of the IEEE; elevation requires ten years of significant performance reviewed by peers',
    expected: 'membership',
  },
  {
    text: 'Bylaws excerpt: full membership in the Academy is conferred by a vote of existing academicians on outstanding achievement',
    expected: 'membership',
  },
  { text: 'Избран членом-корреспондентом Российской академии наук', expected: 'membership' },
  {
    text: 'Member of the Association for Computing Machinery, annual dues paid',
    expected: 'membership',
    trap: 'membership.admission_basis',
  },
  {
    text: 'Membership card: Professional Engineers Society, admitted upon payment of the membership fee',
    expected: 'membership',
    trap: 'membership.admission_basis',
  },
  { text: 'Inducted into the National Academy of Engineering', expected: 'membership' },
  {
    text: 'SAG-AFTRA union membership card, required to work on union productions',
    expected: 'membership',
    trap: 'membership.admission_basis',
  },
  {
    text: 'Admitted as Fellow of the Royal College of Surgeons after nomination by two fellows',
    expected: 'membership',
  },
  {
    text: 'Член Союза архитекторов России с 2015 года, членский взнос уплачен',
    expected: 'membership',
    trap: 'membership.admission_basis',
  },
  {
    text: 'Full member of the International Academy of Astronautics, candidates are elected by the board of trustees',
    expected: 'membership',
  },
  {
    text: "Membership in the Society requires a master's degree and three years of experience",
    expected: 'membership',
    trap: 'membership.admission_basis',
  },

  // published_material (iii)
  {
    text: 'Forbes profile of the beneficiary, "The Engineer Rewriting Battery Chemistry", by J. Smith, March 3, 2022',
    expected: 'published_material',
  },
  {
    text: 'Interviewed by the BBC World Service about her research on drought-tolerant wheat',
    expected: 'published_material',
  },
  { text: 'TechCrunch article about him and the compiler he wrote', expected: 'published_material' },
  {
    text: 'Статья о нём в газете «Коммерсантъ»: «Физик, который научил лазеры считать», автор И. Иванов, 12.05.2021',
    expected: 'published_material',
  },
  {
    text: 'Интервью с клиентом в журнале «Эксперт» о его работе в области биоинформатики',
    expected: 'published_material',
  },
  {
    text: "Wired feature on the company's new drone, the client is not named",
    expected: 'published_material',
    trap: 'published.about_employer',
  },
  {
    text: "Press release about the client issued by the employer's marketing team and distributed on PR Newswire",
    expected: 'published_material',
    trap: 'published.paid',
  },
  {
    text: 'Sponsored article about her consulting firm in a business magazine, paid placement',
    expected: 'published_material',
    trap: 'published.paid',
  },
  {
    text: "The Guardian ran a story about the client's campaign against plastic waste, byline Emma Brown",
    expected: 'published_material',
  },
  {
    text: 'Nature news piece discussing his discovery of a new class of antibiotics',
    expected: 'published_material',
  },
  {
    text: "Article in Bloomberg about Initech's IPO, which does not mention the beneficiary",
    expected: 'published_material',
    trap: 'published.about_employer',
  },
  {
    text: 'Coverage of her work in IEEE Spectrum, a major trade publication with 400,000 readers',
    expected: 'published_material',
  },

  // judging (iv)
  {
    text: 'Reviewed 14 manuscripts for Physical Review Letters, reviewer record attached',
    expected: 'judging',
  },
  { text: 'Program committee member, NeurIPS 2023', expected: 'judging' },
  {
    text: 'Dear Dr. Lee, thank you for completing your review of manuscript JBC-2021-0345',
    expected: 'judging',
  },
  { text: 'Served on the NIH study section evaluating R01 grant applications', expected: 'judging' },
  { text: 'Рецензент журнала «Успехи физических наук», отрецензировал 8 статей', expected: 'judging' },
  { text: 'Член жюри международного конкурса пианистов имени Чайковского', expected: 'judging' },
  {
    text: 'Invitation to review a manuscript for the Journal of Finance; no confirmation that the review was submitted',
    expected: 'judging',
    trap: 'judging.invitation_only',
  },
  {
    text: 'External examiner on the doctoral dissertation committee of three PhD candidates at ETH Zurich',
    expected: 'judging',
  },
  { text: 'Judge at the Red Dot Design Award 2022', expected: 'judging', alsoAcceptable: 'awards' },
  {
    text: 'Email inviting her to serve as a referee for Cell; she has not yet accepted',
    expected: 'judging',
    trap: 'judging.invitation_only',
  },
  {
    text: 'Jury member of the Cannes Lions festival, evaluated 300 entries in the film category',
    expected: 'judging',
  },
  {
    text: 'Evaluated startup applications as a panelist for the National Science Foundation SBIR program',
    expected: 'judging',
  },
  {
    text: 'Приглашение выступить рецензентом в журнале; подтверждения выполненной рецензии нет',
    expected: 'judging',
    trap: 'judging.invitation_only',
  },

  // original_contributions (v)
  {
    text: 'Developed a novel image segmentation algorithm now used by Siemens Healthineers in its MRI scanners',
    expected: 'original_contributions',
  },
  {
    text: 'US Patent 10,123,456 licensed to Medtronic for the drug-eluting stent coating',
    expected: 'original_contributions',
  },
  {
    text: 'His open-source library is used by over 20,000 projects on GitHub and adopted by Google and Meta',
    expected: 'original_contributions',
  },
  {
    text: 'Patent application pending, filed in 2023, for a battery cooling method',
    expected: 'original_contributions',
    trap: 'contribution.pending_patent',
  },
  {
    text: 'Разработал новый метод очистки воды, внедрённый на 12 предприятиях других компаний',
    expected: 'original_contributions',
  },
  {
    text: 'Expert letter: her discovery of the CRISPR off-target mechanism was a breakthrough of major significance to genome editing',
    expected: 'original_contributions',
  },
  {
    text: 'The protocol she designed became an industry standard adopted by the W3C',
    expected: 'original_contributions',
  },
  {
    text: 'Work cited 2,400 times, well above the top 1% threshold for the field',
    expected: 'original_contributions',
  },
  {
    text: 'Заявка на патент подана в Роспатент, решение о выдаче ещё не принято',
    expected: 'original_contributions',
    trap: 'contribution.pending_patent',
  },
  {
    text: 'Pioneered a low-cost diagnostic test for tuberculosis deployed by the WHO in 14 countries',
    expected: 'original_contributions',
  },
  {
    text: 'Invented a new welding technique that was commercialized by three manufacturers',
    expected: 'original_contributions',
  },
  {
    text: 'Provisional patent application filed with the USPTO for a recommendation engine',
    expected: 'original_contributions',
    trap: 'contribution.pending_patent',
  },

  // scholarly_articles (vi)
  {
    text: 'First author of "Deep Learning for Protein Folding", Nature Methods, 2021',
    expected: 'scholarly_articles',
  },
  {
    text: 'Published 25 peer-reviewed journal articles and 10 conference papers',
    expected: 'scholarly_articles',
  },
  {
    text: 'Ivanova A., Smith J. Quantum dots in solar cells // Physical Review B. 2019. Vol. 99. P. 1-12',
    expected: 'scholarly_articles',
  },
  {
    text: 'Автор 30 статей в рецензируемых журналах из перечня ВАК и Scopus',
    expected: 'scholarly_articles',
  },
  { text: 'Corresponding author of a paper in the Proceedings of CVPR 2022', expected: 'scholarly_articles' },
  { text: 'Co-authored a book chapter in the Springer Handbook of Robotics', expected: 'scholarly_articles' },
  {
    text: 'Preprint on arXiv: "Scaling Laws for Sparse Models", not yet peer reviewed',
    expected: 'scholarly_articles',
    trap: 'article.preprint',
  },
  {
    text: 'Статья: Петров П.П. Методы оптимизации // Вестник МГУ. 2020. № 3',
    expected: 'scholarly_articles',
  },
  {
    text: 'doi:10.1016/j.cell.2020.01.001 — the client is second of six authors',
    expected: 'scholarly_articles',
  },
  {
    text: 'Her article on contract law appeared in the Harvard Law Review in 2018',
    expected: 'scholarly_articles',
  },
  {
    text: 'Wrote a blog post on Medium about machine learning pipelines',
    expected: 'scholarly_articles',
    trap: 'article.blog_post',
  },
  {
    text: 'Sole author of a monograph chapter and three articles in ACM Transactions on Graphics',
    expected: 'scholarly_articles',
  },

  // exhibitions (vii)
  { text: 'Solo show at the Saatchi Gallery, London, 2019', expected: 'exhibitions' },
  { text: 'Her paintings were exhibited at the Venice Biennale', expected: 'exhibitions' },
  { text: 'Персональная выставка в Государственной Третьяковской галерее, 2021', expected: 'exhibitions' },
  {
    text: 'Poster presented at the American Chemical Society national meeting, offered as an exhibition of his work',
    expected: 'exhibitions',
    trap: 'exhibition.not_artistic',
  },
  {
    text: 'Group show of photographs selected by the curator at the Museum of Modern Art',
    expected: 'exhibitions',
  },
  {
    text: 'Product demo at the CES trade show booth in Las Vegas',
    expected: 'exhibitions',
    trap: 'exhibition.not_artistic',
  },
  { text: 'Installation art piece displayed at Art Basel Miami Beach', expected: 'exhibitions' },
  {
    text: 'Стендовый доклад на научной конференции, представленный как выставка работ',
    expected: 'exhibitions',
    trap: 'exhibition.not_artistic',
  },
  {
    text: 'Her short film was screened at the official selection of the Sundance Film Festival showcase',
    expected: 'exhibitions',
  },
  {
    text: 'Sculptures displayed in a juried exhibition at the Royal Academy Summer Exhibition',
    expected: 'exhibitions',
  },
  {
    text: 'Talk and poster at the Gordon Research Conference presented as a showcase of her art',
    expected: 'exhibitions',
    trap: 'exhibition.not_artistic',
  },
  {
    text: 'Virtual exhibition of his digital artworks hosted by the Google Arts & Culture platform',
    expected: 'exhibitions',
  },

  // leading_role (viii)
  { text: 'Head of Data Science at Spotify, leading a team of 40 engineers', expected: 'leading_role' },
  { text: 'Co-founder and CTO of a Y Combinator startup that raised $30M', expected: 'leading_role' },
  {
    text: 'Letter from the CEO: she played a critical role in the launch of our flagship product, which generated $50M in revenue',
    expected: 'leading_role',
  },
  {
    text: 'Генеральный директор ООО «Технопром», руководил коллективом из 200 сотрудников',
    expected: 'leading_role',
  },
  { text: 'Principal investigator of the lab at the Max Planck Institute', expected: 'leading_role' },
  {
    text: 'Managed the department of cardiology at the Mayo Clinic, ranked #1 by US News',
    expected: 'leading_role',
  },
  { text: 'Руководитель отдела машинного обучения в Яндексе', expected: 'leading_role' },
  {
    text: 'Organizational chart showing the beneficiary as Vice President of Engineering reporting to the CEO',
    expected: 'leading_role',
  },
  {
    text: 'Software engineer on the payments team at Stripe, one of 30 engineers with the same duties',
    expected: 'leading_role',
    trap: 'leading.ordinary_role',
  },
  { text: 'Chief Medical Officer of a hospital network with 12 hospitals', expected: 'leading_role' },
  {
    text: 'Served as executive director of the nonprofit, which was featured in The New York Times',
    expected: 'leading_role',
  },
  { text: "Oversaw the division responsible for 60% of the company's revenue", expected: 'leading_role' },

  // high_salary (ix)
  {
    text: 'Her salary is $350,000 per year, above the 90th percentile in BLS OES data for the occupation',
    expected: 'high_salary',
  },
  { text: 'Pay stub: gross pay USD 18,500.00, pay period 01/01/2023–01/15/2023', expected: 'high_salary' },
  { text: 'Справка о доходах: заработная плата 900 000 рублей в месяц', expected: 'high_salary' },
  { text: 'Offer letter: base compensation of EUR 220,000 annually plus equity', expected: 'high_salary' },
  {
    text: 'His Russian salary converted to USD at the current exchange rate and compared with the US median',
    expected: 'high_salary',
    trap: 'salary.converted_currency',
  },
  {
    text: 'W-2 form showing wages, tips and other compensation of $412,000 for 2022',
    expected: 'high_salary',
  },
  {
    text: 'Зарплата в рублях пересчитана в доллары по курсу ЦБ и сравнена с американскими данными',
    expected: 'high_salary',
    trap: 'salary.converted_currency',
  },
  {
    text: 'Remuneration compared with Glassdoor self-reported salaries for software engineers',
    expected: 'high_salary',
    trap: 'salary.self_reported',
  },
  {
    text: 'Earns INR 9,000,000 a year, in the top 1% for data scientists in Bangalore according to an industry survey',
    expected: 'high_salary',
  },
  {
    text: 'Employment contract: annual remuneration of £180,000, bonus of up to 40%',
    expected: 'high_salary',
  },
  {
    text: 'Salary comparison based on Payscale data for the broad category of managers',
    expected: 'high_salary',
    trap: 'salary.self_reported',
  },
  {
    text: "CareerOneStop wage data: the client's pay exceeds the level 4 wage for the area",
    expected: 'high_salary',
  },

  // commercial_success (x)
  { text: 'The film grossed $40 million at the box office worldwide', expected: 'commercial_success' },
  { text: 'Album certified platinum, 1.2 million copies sold', expected: 'commercial_success' },
  { text: 'Сольный альбом вошёл в чарт Billboard, продано 500 000 копий', expected: 'commercial_success' },
  {
    text: 'Her concert tour sold out 35 arenas with ticket sales exceeding $20M',
    expected: 'commercial_success',
  },
  {
    text: 'Single reached number one on the Spotify charts with 300 million streams',
    expected: 'commercial_success',
  },
  {
    text: 'Box office receipts for the play on Broadway compared with other productions of the season',
    expected: 'commercial_success',
  },
  {
    text: 'The software product he built had sales of $10M, a business not in the performing arts',
    expected: 'commercial_success',
    trap: 'commercial.not_performing_arts',
  },
  { text: 'Кассовые сборы фильма составили 1,2 млрд рублей, лидер проката', expected: 'commercial_success' },
  {
    text: 'The record was released on a major label in 2020, with no sales figures',
    expected: 'commercial_success',
    trap: 'commercial.no_sales',
  },
  { text: 'DVD and video sales of the documentary reached 200,000 units', expected: 'commercial_success' },
  {
    text: 'Spectacle performed 120 times to full houses, revenue of 3 million dollars',
    expected: 'commercial_success',
  },
  {
    text: 'Gold record award from the RIAA for 500,000 units sold',
    expected: 'commercial_success',
    alsoAcceptable: 'awards',
  },
];

export type Split = 'tuned' | 'held_out';

/** Every third item (by position) is held out; the split depends on position only, never on the text. */
export function splitOf(index: number): Split {
  return index % 3 === 2 ? 'held_out' : 'tuned';
}

export function exhibitsOf(split: Split): LabelledExhibit[] {
  return LABELLED_EXHIBITS.filter((_, index) => splitOf(index) === split);
}

/**
 * A second batch, written after the first cues were fixed. Measured blind it scored 62.5 % top-1 (most misses
 * matched no cue at all); the cues were then widened with its vocabulary, so it now counts as tuned data.
 */
export const SECOND_BATCH: readonly LabelledExhibit[] = [
  {
    text: 'Recipient of the Humboldt Research Fellowship, selected from 2,000 applicants worldwide',
    expected: 'awards',
  },
  { text: 'She got the Kavli Prize in neuroscience last year', expected: 'awards' },
  {
    text: 'Certificate of Excellence issued by the Ministry of Education for the best national school textbook',
    expected: 'awards',
  },
  { text: 'Почётная грамота Министерства науки за выдающийся вклад в развитие отрасли', expected: 'awards' },
  {
    text: 'Spot bonus and peer recognition badge from the team manager',
    expected: 'awards',
    alsoAcceptable: 'high_salary',
    trap: 'award.employer_internal',
  },
  {
    text: 'Fellowship in the Royal Society of Edinburgh (FRSE), conferred by election',
    expected: 'membership',
  },
  {
    text: 'Действительный член Академии художеств, избрана общим собранием академии',
    expected: 'membership',
  },
  {
    text: 'Paid annual subscription to the Chartered Institute of Marketing',
    expected: 'membership',
    trap: 'membership.admission_basis',
  },
  {
    text: 'New Scientist ran a two-page piece on his fusion reactor design, written by Sarah Jones',
    expected: 'published_material',
  },
  {
    text: 'Segment on CBS 60 Minutes devoted to her humanitarian surgery missions',
    expected: 'published_material',
  },
  { text: 'Материал РБК о заявителе и его стартапе в области финтеха', expected: 'published_material' },
  { text: 'Served as an evaluator for the European Research Council Advanced Grants', expected: 'judging' },
  { text: 'Area chair at ICML 2024, handling 25 submissions', expected: 'judging' },
  {
    text: 'Assessed doctoral theses as an official opponent at Moscow State University',
    expected: 'judging',
  },
  {
    text: 'Her gene therapy vector is now licensed to three biotech companies and used in clinical trials',
    expected: 'original_contributions',
  },
  {
    text: 'Letters from five independent experts describe how his compression codec changed video streaming',
    expected: 'original_contributions',
  },
  {
    text: 'Технология, созданная заявителем, применяется на атомных станциях Росатома',
    expected: 'original_contributions',
  },
  {
    text: 'Lead author, Journal of the American Chemical Society, volume 142, 2020',
    expected: 'scholarly_articles',
  },
  { text: 'Published a book review in the London Review of Books', expected: 'scholarly_articles' },
  {
    text: 'Chen W, Ivanova A, Lee K. Sparse transformers. Nat Mach Intell. 2022;4:100-110.',
    expected: 'scholarly_articles',
  },
  {
    text: 'Her ceramics were on display at the Victoria and Albert Museum for three months',
    expected: 'exhibitions',
  },
  {
    text: 'Photographs selected for the Prix Pictet shortlist exhibition in Paris',
    expected: 'exhibitions',
    alsoAcceptable: 'awards',
  },
  { text: 'Работы художника экспонировались в Русском музее', expected: 'exhibitions' },
  {
    text: 'Booth presentation of the robot at Hannover Messe',
    expected: 'exhibitions',
    trap: 'exhibition.not_artistic',
  },
  {
    text: 'Appointed Chief Scientist of the national space agency, responsible for all science missions',
    expected: 'leading_role',
  },
  {
    text: 'As the only architect on the project she designed the system that saved the bank $200M a year',
    expected: 'leading_role',
    alsoAcceptable: 'original_contributions',
  },
  { text: 'Заведующая лабораторией в Институте биологии развития РАН', expected: 'leading_role' },
  {
    text: 'Total annual pay package of CHF 400,000 as stated in the employment agreement',
    expected: 'high_salary',
  },
  {
    text: 'Her hourly rate as a consultant is $600, three times the median for the occupation',
    expected: 'high_salary',
  },
  {
    text: 'The musical played to 1.5 million people in its first year, the highest grossing of the season',
    expected: 'commercial_success',
  },
  { text: 'Тираж книги стихов составил 300 000 экземпляров', expected: 'commercial_success' },
  { text: "The band's debut LP went double platinum in Canada", expected: 'commercial_success' },
];

/**
 * Written after the cues were widened with the second batch. Measured blind it scored 63.3 % top-1 and
 * 70.0 % top-2 (most misses matched no cue); the cues were then improved with it and the third batch, so it
 * counts as tuned data now.
 */
export const FIRST_BLIND: readonly LabelledExhibit[] = [
  {
    text: "Named one of MIT Technology Review's Innovators Under 35",
    expected: 'awards',
    alsoAcceptable: 'published_material',
  },
  { text: 'Silver at the World Barista Championship in Melbourne', expected: 'awards' },
  { text: 'Золотая медаль ВДНХ за разработку нового сорта пшеницы', expected: 'awards' },
  {
    text: 'Winner, Hackathon of our department, prize: a gift card',
    expected: 'awards',
    trap: 'award.employer_internal',
  },
  { text: 'Elected to the American Academy of Arts and Sciences', expected: 'membership' },
  {
    text: 'Associate membership of the Institute of Physics granted on completion of a physics degree',
    expected: 'membership',
    trap: 'membership.admission_basis',
  },
  { text: 'Член Российской академии образования, избрана в 2019 году', expected: 'membership' },
  {
    text: 'Profile in The Economist: "The quiet genius behind cheap solar", 14 May 2021',
    expected: 'published_material',
  },
  { text: 'Радиоинтервью на «Эхе» о работе клиента над вакциной', expected: 'published_material' },
  {
    text: 'Blog of the company announcing the new product line that she managed',
    expected: 'published_material',
    alsoAcceptable: 'leading_role',
    trap: 'published.about_employer',
  },
  {
    text: 'Member of the selection committee for the Fulbright scholarship, interviewed 40 candidates',
    expected: 'judging',
  },
  {
    text: 'Confirmation from Elsevier: 22 reviews completed for the journal Energy in 2023',
    expected: 'judging',
  },
  { text: 'Член экспертного совета РНФ по грантам, провела экспертизу 15 заявок', expected: 'judging' },
  {
    text: 'His method for early sepsis detection has been adopted as the standard of care in 40 hospitals',
    expected: 'original_contributions',
  },
  {
    text: 'Created the Rust crate that became a dependency of Firefox and Cloudflare Workers',
    expected: 'original_contributions',
  },
  {
    text: 'Patent pending: method for wireless charging of drones',
    expected: 'original_contributions',
    trap: 'contribution.pending_patent',
  },
  {
    text: 'Twelve papers in IEEE Transactions on Power Systems, three as first author',
    expected: 'scholarly_articles',
  },
  { text: 'Соавтор главы в коллективной монографии издательства «Наука»', expected: 'scholarly_articles' },
  { text: 'Her work appeared at the Whitney Biennial 2022', expected: 'exhibitions' },
  { text: 'Screening of his documentary at the Berlinale Panorama section', expected: 'exhibitions' },
  {
    text: 'Presented a research poster at the Society for Neuroscience annual meeting',
    expected: 'exhibitions',
    trap: 'exhibition.not_artistic',
  },
  { text: 'Founding partner of the law firm, ranked Band 1 by Chambers', expected: 'leading_role' },
  { text: 'Директор по науке биотехнологической компании BIOCAD', expected: 'leading_role' },
  { text: 'Led the vaccine development program at Moderna as senior director', expected: 'leading_role' },
  { text: 'Base pay of 1 200 000 rubles per month according to form 2-NDFL', expected: 'high_salary' },
  { text: 'Signing bonus of $150,000 and RSUs valued at $1.2M over four years', expected: 'high_salary' },
  {
    text: 'Her pay converted into dollars was compared to the US average for accountants',
    expected: 'high_salary',
    trap: 'salary.converted_currency',
  },
  { text: 'The tour grossed $85 million across 60 shows', expected: 'commercial_success' },
  { text: 'Фильм собрал в прокате 900 млн рублей при бюджете 150 млн', expected: 'commercial_success' },
  {
    text: 'Mobile game with 10 million downloads and $5M in revenue',
    expected: 'commercial_success',
    trap: 'commercial.not_performing_arts',
  },
];

/**
 * A third batch, written from DOMAIN.md before the cues were changed again. Measured blind (its first 42
 * items; the broad-occupation item came later) it scored 78.6 % top-1 and 85.7 % top-2; the cues were then
 * improved with it and the first blind batch, so both count as tuned data now.
 */
export const THIRD_BATCH: readonly LabelledExhibit[] = [
  // awards
  { text: 'Recipient of the 2022 Sloan Research Fellowship in chemistry', expected: 'awards' },
  { text: 'Bronze medallist, European Championship in sport climbing 2019', expected: 'awards' },
  {
    text: 'She was selected as one of ten laureates of the L’Oréal-UNESCO For Women in Science international programme',
    expected: 'awards',
  },
  { text: 'Финалист и обладатель второго места Международной премии «Инновация года»', expected: 'awards' },
  {
    text: 'Quarterly “Star Performer” recognition from Deloitte, open to Deloitte staff only',
    expected: 'awards',
    trap: 'award.employer_internal',
  },
  {
    text: 'Certificate of appreciation from her employer for ten years of service',
    expected: 'awards',
    trap: 'award.employer_internal',
  },
  // membership
  { text: 'Fellow of the Royal Academy of Engineering (FREng) since 2017', expected: 'membership' },
  {
    text: 'Admitted to the Académie des sciences after election by its members',
    expected: 'membership',
  },
  {
    text: 'Member of ACM, joined by paying the yearly membership fee',
    expected: 'membership',
    trap: 'membership.admission_basis',
  },
  {
    text: 'Professional membership in the American Bar Association, open to any licensed attorney who pays dues',
    expected: 'membership',
    trap: 'membership.admission_basis',
  },
  // published_material
  {
    text: 'Article in The New York Times “A Chemist Who Makes Plastic Disappear”, by Kenneth Chang, June 2, 2021, about the beneficiary',
    expected: 'published_material',
  },
  {
    text: 'Nature Careers profile of her lab and her work on malaria vaccines',
    expected: 'published_material',
  },
  {
    text: 'Bloomberg piece on Stripe’s fundraising round, the client is not mentioned',
    expected: 'published_material',
    trap: 'published.about_employer',
  },
  { text: 'Сюжет Первого канала о работе учёного над новым лекарством', expected: 'published_material' },
  // judging
  {
    text: 'Reviewer for Physical Review Letters: 14 manuscripts reviewed between 2020 and 2023',
    expected: 'judging',
  },
  { text: 'Served on the jury of the Red Dot Design Award 2022', expected: 'judging' },
  {
    text: 'NSF CAREER grant review panelist, spring 2023 cycle',
    expected: 'judging',
  },
  {
    text: 'Email inviting her to review a manuscript for PLOS ONE; she has not yet accepted',
    expected: 'judging',
    trap: 'judging.invitation_only',
  },
  // original_contributions
  {
    text: 'Her CRISPR screening method has been cited 3,400 times and adopted by labs worldwide',
    expected: 'original_contributions',
  },
  {
    text: 'US Patent 10,123,456 for a battery cathode, licensed to Panasonic',
    expected: 'original_contributions',
  },
  {
    text: 'Provisional patent application for a new water filtration membrane',
    expected: 'original_contributions',
    trap: 'contribution.pending_patent',
  },
  {
    text: 'Разработанный им алгоритм сжатия изображений внедрён в продукты Яндекса',
    expected: 'original_contributions',
  },
  // scholarly_articles
  {
    text: 'First-author paper in The Lancet on antibiotic resistance in neonatal sepsis, 2021',
    expected: 'scholarly_articles',
  },
  {
    text: 'Smith J, Ivanova A. Graph neural networks for drug discovery. Bioinformatics. 2020;36(4):1012-1020.',
    expected: 'scholarly_articles',
  },
  { text: 'Author of 25 peer-reviewed publications, h-index 18', expected: 'scholarly_articles' },
  {
    text: 'Статья в журнале «Физика твёрдого тела», 2019, первый автор',
    expected: 'scholarly_articles',
  },
  // exhibitions
  { text: 'Solo exhibition of her paintings at the Saatchi Gallery, London, 2020', expected: 'exhibitions' },
  { text: 'His sculptures were shown at the Venice Biennale 2019', expected: 'exhibitions' },
  {
    text: 'Displayed her research poster at the American Chemical Society national meeting as an exhibition of her work',
    expected: 'exhibitions',
    trap: 'exhibition.not_artistic',
  },
  { text: 'Персональная выставка фотографий в Государственном Эрмитаже', expected: 'exhibitions' },
  // leading_role
  { text: 'Chief Technology Officer of Revolut, overseeing 1,200 engineers', expected: 'leading_role' },
  {
    text: 'Letter from the CEO: as principal architect she was critical to launching our payments platform',
    expected: 'leading_role',
  },
  {
    text: 'Head of the oncology department at Charité, ranked among the best hospitals in the world',
    expected: 'leading_role',
  },
  { text: 'Руководитель отдела машинного обучения в Сбербанке', expected: 'leading_role' },
  // high_salary
  { text: 'W-2 for 2023 showing total wages of $412,000', expected: 'high_salary' },
  {
    text: 'Offer letter with a base salary of £180,000, above the 90th percentile for the role in London',
    expected: 'high_salary',
  },
  {
    text: 'Salary in India converted to US dollars at the exchange rate and compared with BLS wages',
    expected: 'high_salary',
    trap: 'salary.converted_currency',
  },
  { text: 'Справка 2-НДФЛ: годовой доход 18 млн рублей', expected: 'high_salary' },
  {
    text: 'His pay was compared with the broad occupation group “Computer and Mathematical Occupations” in BLS data',
    expected: 'high_salary',
    trap: 'salary.broad_occupation',
  },
  // commercial_success
  {
    text: 'Her album debuted at number one on the Billboard 200 and sold 300,000 copies',
    expected: 'commercial_success',
  },
  { text: 'The play ran for 500 sold-out performances on the West End', expected: 'commercial_success' },
  {
    text: 'The SaaS product she designed reached $20M in annual recurring revenue',
    expected: 'commercial_success',
    trap: 'commercial.not_performing_arts',
  },
  { text: 'Кассовые сборы фильма превысили 2 млрд рублей', expected: 'commercial_success' },
];

/**
 * Written after the cues were improved with the third batch and the first blind batch. Measured blind it
 * scored 92.5 % top-1 and 95.0 % top-2 (traps right 95.0 %); the cues were then improved with its misses, so
 * it counts as tuned data now.
 */
export const SECOND_BLIND: readonly LabelledExhibit[] = [
  { text: 'Winner of the 2020 Breakthrough Prize in Life Sciences', expected: 'awards' },
  { text: 'Gold medal, International Chemistry Olympiad 2012, representing Kazakhstan', expected: 'awards' },
  {
    text: 'Named to Forbes 30 Under 30 Europe in the Science category',
    expected: 'awards',
    alsoAcceptable: 'published_material',
  },
  { text: 'Премия Президента РФ для молодых учёных за 2021 год', expected: 'awards' },
  {
    text: 'Team of the Quarter award from Amazon Web Services for her group, given only to AWS employees',
    expected: 'awards',
    trap: 'award.employer_internal',
  },
  { text: 'Elected Member of the National Academy of Sciences, 2023', expected: 'membership' },
  { text: 'Действительный член Российской академии наук с 2016 года', expected: 'membership' },
  {
    text: 'Student membership of the British Computer Society, annual subscription £25',
    expected: 'membership',
    trap: 'membership.admission_basis',
  },
  {
    text: 'Wall Street Journal article “The Mathematician Who Predicted the Chip Shortage”, by Asa Fitch, 2022',
    expected: 'published_material',
  },
  {
    text: 'BBC Radio 4 interview with the client about her archaeology work in Peru',
    expected: 'published_material',
  },
  {
    text: 'Paid advertorial in Inc. magazine about his startup, written by the startup’s PR agency',
    expected: 'published_material',
    trap: 'published.paid',
  },
  {
    text: 'Репортаж телеканала «Россия 24» о лаборатории клиента и её разработках',
    expected: 'published_material',
  },
  {
    text: 'Peer reviewer for Nature Communications and Cell Reports, 35 reviews in total',
    expected: 'judging',
  },
  { text: 'Judge at the 2023 Intel International Science and Engineering Fair', expected: 'judging' },
  { text: 'External examiner for two PhD dissertations at ETH Zurich', expected: 'judging' },
  {
    text: 'Invitation from the editor of Neuron to referee a manuscript, with no record that a review was submitted',
    expected: 'judging',
    trap: 'judging.invitation_only',
  },
  {
    text: 'Expert letters explain that her catalyst design is now used by three major refineries',
    expected: 'original_contributions',
  },
  {
    text: 'His open-source database engine is used in production by Uber, Netflix and Airbnb',
    expected: 'original_contributions',
  },
  {
    text: 'Patent application filed in 2023 for a method of detecting counterfeit drugs, not yet granted',
    expected: 'original_contributions',
    trap: 'contribution.pending_patent',
  },
  {
    text: 'Разработанная клиентом методика диагностики применяется в 50 клиниках России',
    expected: 'original_contributions',
  },
  {
    text: 'Senior author of a 2023 paper in Science on room-temperature superconductivity claims',
    expected: 'scholarly_articles',
  },
  { text: 'Conference paper at CVPR 2022, second of four authors', expected: 'scholarly_articles' },
  {
    text: 'Preprint on arXiv about diffusion models for weather forecasting, not yet submitted to a journal',
    expected: 'scholarly_articles',
    trap: 'article.preprint',
  },
  { text: 'Автор монографии «Квантовые вычисления», издательство МГУ, 2020', expected: 'scholarly_articles' },
  {
    text: 'Group show of her textile art at the Museum of Arts and Design, New York',
    expected: 'exhibitions',
  },
  {
    text: 'His short film was screened in competition at the Sundance Film Festival',
    expected: 'exhibitions',
  },
  {
    text: 'Booth at CES 2024 where she demonstrated the company’s smart glasses',
    expected: 'exhibitions',
    trap: 'exhibition.not_artistic',
  },
  { text: 'Выставка живописи художника в Третьяковской галерее', expected: 'exhibitions' },
  { text: 'Co-founder and CEO of a fintech startup that raised $40M from Sequoia', expected: 'leading_role' },
  { text: 'Director of the Center for Quantum Computing at Caltech since 2018', expected: 'leading_role' },
  {
    text: 'Software engineer, one of 300 engineers on the search team, with the same duties as her peers',
    expected: 'leading_role',
    trap: 'leading.ordinary_role',
  },
  { text: 'Главный инженер проекта строительства моста через Керченский пролив', expected: 'leading_role' },
  { text: 'Employment contract: annual salary of EUR 240,000 plus bonus', expected: 'high_salary' },
  { text: 'Pay stubs showing $38,000 per month as principal engineer', expected: 'high_salary' },
  {
    text: 'Salary survey from Glassdoor used to show that his pay is above average',
    expected: 'high_salary',
    trap: 'salary.self_reported',
  },
  { text: 'Оклад 900 000 рублей в месяц по трудовому договору', expected: 'high_salary' },
  {
    text: 'Her novel sold 1.2 million copies and stayed on the bestseller list for 40 weeks',
    expected: 'commercial_success',
  },
  { text: 'The concert tour sold 600,000 tickets across Europe', expected: 'commercial_success' },
  {
    text: 'The film premiered on a streaming service; no box office or viewing figures are available',
    expected: 'commercial_success',
    trap: 'commercial.no_sales',
  },
  { text: 'Альбом группы стал платиновым, продано более 100 000 копий', expected: 'commercial_success' },
];

/**
 * Written after the cues were improved with the second blind batch. Measured blind it scored 91.9 % top-1
 * and 91.9 % top-2 (traps right 91.9 %); the cues were then improved with its misses, so it counts as tuned
 * data now.
 */
export const THIRD_BLIND: readonly LabelledExhibit[] = [
  { text: 'Turing Award laureate, 2018, for deep learning', expected: 'awards' },
  { text: 'Awarded the Fields Medal at the International Congress of Mathematicians', expected: 'awards' },
  { text: 'Первое место на чемпионате мира по программированию ICPC', expected: 'awards' },
  {
    text: 'Best Intern award from the summer internship program at Google, for interns only',
    expected: 'awards',
    trap: 'award.employer_internal',
  },
  {
    text: 'City of Austin Young Entrepreneur award, open to residents of Austin',
    expected: 'awards',
    trap: 'award.local',
  },
  { text: 'Elected Fellow of the Royal Society in 2021', expected: 'membership' },
  { text: 'Honorary member of the Japan Society of Mechanical Engineers', expected: 'membership' },
  {
    text: 'Membership certificate of the Project Management Institute, received after paying the annual fee',
    expected: 'membership',
    trap: 'membership.admission_basis',
  },
  {
    text: 'Profile of the client in Le Monde, “La biologiste qui défie le paludisme”, 3 mars 2022',
    expected: 'published_material',
  },
  {
    text: 'Featured in a CNN segment on AI in radiology, with an interview with him',
    expected: 'published_material',
  },
  {
    text: 'Press release issued by her university about the grant she received',
    expected: 'published_material',
    trap: 'published.paid',
  },
  {
    text: 'Статья в «Ведомостях» о клиенте и его компании, автор Мария Петрова',
    expected: 'published_material',
  },
  { text: 'Served on the program committee of SIGGRAPH 2023, reviewing 12 papers', expected: 'judging' },
  { text: 'Member of the grant review panel of the European Innovation Council', expected: 'judging' },
  { text: 'Член жюри Всероссийского конкурса архитектурных проектов 2022 года', expected: 'judging' },
  {
    text: 'He was invited to serve as a reviewer for IEEE Access; no reviews are on record',
    expected: 'judging',
    trap: 'judging.invitation_only',
  },
  {
    text: 'Her algorithm for protein design was adopted by Novartis and cited 2,100 times',
    expected: 'original_contributions',
  },
  {
    text: 'Invented the lithium-sulfur cell design licensed to Samsung SDI',
    expected: 'original_contributions',
  },
  {
    text: 'Patent pending for a low-cost insulin pump, filed in 2024',
    expected: 'original_contributions',
    trap: 'contribution.pending_patent',
  },
  { text: 'Published 18 journal articles, 6 as corresponding author', expected: 'scholarly_articles' },
  { text: 'Chapter in the Oxford Handbook of Behavioral Economics, 2021', expected: 'scholarly_articles' },
  {
    text: 'Post on her personal Medium blog explaining transformer models',
    expected: 'scholarly_articles',
    trap: 'article.blog_post',
  },
  {
    text: 'Статья в рецензируемом журнале «Успехи физических наук», 2022, соавтор',
    expected: 'scholarly_articles',
  },
  { text: 'Her photographs were exhibited at the Pompidou Centre in Paris', expected: 'exhibitions' },
  { text: 'Installation shown at Art Basel Miami Beach 2023', expected: 'exhibitions' },
  {
    text: 'Talk and poster at the Gordon Research Conference on catalysis',
    expected: 'exhibitions',
    trap: 'exhibition.not_artistic',
  },
  { text: 'Vice President of Engineering at Shopify, leading 400 engineers', expected: 'leading_role' },
  {
    text: 'Principal investigator of a $12M NIH-funded consortium across five universities',
    expected: 'leading_role',
  },
  { text: 'Основатель и генеральный директор компании «Кибертех»', expected: 'leading_role' },
  { text: 'Annual compensation of $650,000 including stock, per the 2023 W-2', expected: 'high_salary' },
  { text: 'Consulting fees of $2,500 per day, letters from three clients', expected: 'high_salary' },
  {
    text: 'Pay in Brazilian reais converted to USD and compared with the US median for architects',
    expected: 'high_salary',
    trap: 'salary.converted_currency',
  },
  { text: 'Заработная плата 1,5 млн рублей в месяц, справка с места работы', expected: 'high_salary' },
  { text: 'Her debut album went gold with 500,000 units sold', expected: 'commercial_success' },
  { text: 'The musical grossed $1.2 billion on Broadway', expected: 'commercial_success' },
  {
    text: 'Sales of the enterprise software he built exceeded $50M',
    expected: 'commercial_success',
    trap: 'commercial.not_performing_arts',
  },
  { text: 'Спектакль шёл с аншлагами два сезона, продано 120 000 билетов', expected: 'commercial_success' },
];

/**
 * The last blind batch: written after the cues were improved with the third blind batch, and never used to
 * change them. The benchmark reports it; no test holds it to the targets.
 */
export const FINAL_BLIND: readonly LabelledExhibit[] = [
  {
    text: 'Dear Dr. Okafor, on behalf of the Selection Committee I am delighted to inform you that you have been chosen as the recipient of the 2022 Wolf Prize in Agriculture',
    expected: 'awards',
  },
  { text: 'Runner-up, James Dyson Award international final, 2019', expected: 'awards' },
  { text: 'Лауреат премии «Просветитель» за научно-популярную книгу', expected: 'awards' },
  {
    text: 'Gold “Excellence in Service” pin awarded by her employer, Marriott, to staff with outstanding guest reviews',
    expected: 'awards',
    trap: 'award.employer_internal',
  },
  {
    text: 'Elected to the European Molecular Biology Organization (EMBO) membership in 2019',
    expected: 'membership',
  },
  {
    text: 'Certificate: Member, Society of Petroleum Engineers — membership open to anyone working in the industry on payment of dues',
    expected: 'membership',
    trap: 'membership.admission_basis',
  },
  { text: 'Член-корреспондент Российской академии архитектуры и строительных наук', expected: 'membership' },
  {
    text: 'The Financial Times ran a full-page profile of the beneficiary titled “The banker who rebuilt Ukraine’s payment system”',
    expected: 'published_material',
  },
  {
    text: 'Interview with him on NPR’s Science Friday about black hole imaging',
    expected: 'published_material',
  },
  {
    text: 'TechCrunch story on the acquisition of his employer by Microsoft; he is not named in it',
    expected: 'published_material',
    trap: 'published.about_employer',
  },
  {
    text: 'Интервью клиента газете «Известия» о будущем квантовых компьютеров',
    expected: 'published_material',
  },
  { text: 'Thank you for completing your review of manuscript JACS-2023-04412', expected: 'judging' },
  {
    text: 'Jury member of the Prix Ars Electronica 2021 in the Computer Animation category',
    expected: 'judging',
  },
  {
    text: 'Oppositional reviewer (official opponent) at three doctoral defenses at Kazan Federal University',
    expected: 'judging',
  },
  {
    text: 'Invited by the organisers to judge the national robotics olympiad next spring',
    expected: 'judging',
    trap: 'judging.invitation_only',
  },
  {
    text: 'Her early-warning model for wildfires is used operationally by the California fire service',
    expected: 'original_contributions',
  },
  {
    text: 'Letter from Professor Chen: “his discovery of the mechanism changed how the field treats autoimmune disease”',
    expected: 'original_contributions',
  },
  {
    text: 'Патент РФ на изобретение № 2745112, лицензирован компании «Газпром нефть»',
    expected: 'original_contributions',
  },
  {
    text: 'Lead author of a paper in the New England Journal of Medicine, 2020',
    expected: 'scholarly_articles',
  },
  {
    text: 'Ivanova A, Zhou L. Robust control of microgrids. Automatica. 2019;104:1-12.',
    expected: 'scholarly_articles',
  },
  {
    text: 'Author of eight articles in Harvard Business Review, a major trade publication',
    expected: 'scholarly_articles',
  },
  {
    text: 'Research paper posted to bioRxiv in 2023 and not yet peer reviewed',
    expected: 'scholarly_articles',
    trap: 'article.preprint',
  },
  {
    text: 'Her large-scale murals were part of the Documenta 15 exhibition in Kassel',
    expected: 'exhibitions',
  },
  {
    text: 'Персональная выставка скульптора в Музее современного искусства «Гараж»',
    expected: 'exhibitions',
  },
  {
    text: 'He showed the prototype drone at the company booth at the Paris Air Show',
    expected: 'exhibitions',
    trap: 'exhibition.not_artistic',
  },
  {
    text: 'Organization chart of Tesla showing her as Head of Battery Research reporting to the CTO',
    expected: 'leading_role',
  },
  { text: 'Artistic director of the Bolshoi Theatre ballet company', expected: 'leading_role' },
  { text: 'Руководитель научной группы в Сколтехе, команда из 15 человек', expected: 'leading_role' },
  {
    text: 'Letter from HR: she is a regular staff analyst, one of 40 analysts in the department',
    expected: 'leading_role',
    trap: 'leading.ordinary_role',
  },
  {
    text: '2023 W-2 wages of $510,000 and a BLS comparison for software developers in Seattle',
    expected: 'high_salary',
  },
  { text: 'Her compensation as a surgeon in Zurich is CHF 600,000 a year', expected: 'high_salary' },
  {
    text: 'His salary compared with averages on PayScale',
    expected: 'high_salary',
    trap: 'salary.self_reported',
  },
  { text: 'Ежемесячный доход 700 тыс. рублей по справке 2-НДФЛ', expected: 'high_salary' },
  { text: 'The film earned $300 million at the worldwide box office', expected: 'commercial_success' },
  {
    text: 'Her podcast reached number one on Apple Podcasts with 40 million downloads',
    expected: 'commercial_success',
  },
  { text: 'Книга вошла в список бестселлеров, тираж 250 000 экземпляров', expected: 'commercial_success' },
];
