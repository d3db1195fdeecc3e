"""The whole-message reader on the phrasings real people use (no knowledge base, no encoder)."""

from __future__ import annotations

import pytest

from understanding import read_message
from understanding.facts import read_facts
from understanding.languages import guess_language
from understanding.mentions import read_mentions
from understanding.phrases import current_candidates, target_candidates
from understanding.questions import read_question


@pytest.mark.parametrize(
    ("text", "current", "target"),
    [
        ("I'm a high school chemistry teacher, 12 years, burned out. Thinking about something in data",
         "high school chemistry teacher", "data"),
        ("I teach high school and I'm curious about instructional design", "high school teacher",
         "instructional design"),
        ("nurse -> IT?", "nurse", "IT"),
        ("i work in customer service and want data analytics", "customer service", "data analytics"),
        ("10 years in accounting, want something with data, evenings only, budget ~$500", "accounting", "data"),
        ("Ex-Navy, looking at cybersecurity jobs btw", "Navy", "cybersecurity"),
        ("I've been a paralegal for 8 years and I'm thinking of becoming a data analyst instead", "paralegal",
         "data analyst"),
        ("I'm 40, two kids and a full-time job as a hospital billing clerk. Can I become a web developer?",
         "hospital billing clerk", "web developer"),
        ("I'm based in Germany and work as a mechanical engineer. Want to get into front-end engineering.",
         "mechanical engineer", "front-end engineering"),
        ("Currently working as a warehouse associate, how do I break into IT support?", "warehouse associate",
         "IT support"),
        ("I was in the army for 6 years and now want a career in project management", "army",
         "project management"),
        ("from teaching to UX design", "teaching", "UX design"),
        # a career to start is where they want to go, never where they are (real post: "You work in good time to
        # consider starting an IT")
        ("I'm a 32 year old truck driver and I think it's a good time to consider starting an IT career.",
         "truck driver", "IT"),
        ("I work as a nurse and I want to pursue a teaching career", "nurse", "teaching"),
    ],
)  # fmt: skip
def test_where_the_person_is_and_wants_to_go_as_whole_phrases(text, current, target):
    assert current_candidates(text)[0] == current
    assert target in target_candidates(text)


def test_a_field_the_person_rules_out_is_not_theirs():
    assert current_candidates("I'm in banking, not accounting, and want to move into fintech") == ["banking"]


@pytest.mark.parametrize(
    "text", ["btw what do you think", "I'd do it instead", "I have kids", "is it worth it?"]
)
def test_filler_words_are_never_a_job_or_field(text):
    u = read_message(text)
    assert u.current is None and u.target is None


def test_facts_said_in_passing():
    facts = read_facts("I'm 40 with two kids and a full-time job, no college degree, based in Germany")
    assert facts.age == 40
    assert facts.no_degree is True
    assert set(facts.family_or_job) == {"children", "full-time job"}
    assert facts.location == "Germany"


def test_words_of_a_story_are_not_limits():
    free = [{"entity": "money", "value": "0", "start": 10, "end": 14}]
    assert read_facts("I worked for free at another restaurant, they liked me so much", free).budget_max is None
    assert read_facts("I only want to learn for free", free).budget_max == 0
    online = [{"entity": "format", "value": "online"}]
    story = "I have tried some online career counseling sites but they cost $200 each and did not help me at all"
    assert read_facts(story, online).format is None
    assert read_facts("10 hours a week, online, under $500", online).format == "online"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("I'm 20 years into my career and now 41, is it too late?", 41),  # years of work are not an age
        ("My son is 20 years old and I am 45", 45),  # someone else's age
        ("I have a 25 year old daughter and want to retrain", None),
        ("my 19 year old son just started college; I am 48", 48),
        ("I'm a 34 year old nurse", 34),
        ("At 52, is it too late to become a welder?", 52),
        ("I got my degree at 22, then worked in sales. I am 45 now", 45),  # "at 22" was the past
        ("Is 27 too old to start over with a physics degree?", 27),
        ("Too old? I'll be 26 by the time I start my course.", 26),
        ("I am the 40-year-old wife of a soon-to-be retiree", 40),  # kin after, but "I am the ..."
        ("my wife will be 40 soon and I want to retrain", None),
        ("It’s now 22 years later. I’m 41 and I’ve worked since I was 19.", 41),  # curly apostrophes
    ],
)
def test_the_age_is_the_persons_own(text, age):
    assert read_facts(text).age == age


def test_experience_years_are_not_a_deadline_and_a_mention_of_online_is_not_a_limit():
    entities = [{"entity": "duration", "value": "780", "start": 0}, {"entity": "format", "value": "online"}]
    facts = read_facts("15 years in restaurants; I read about online courses", entities)
    assert facts.weeks_max is None and facts.format is None
    limited = read_facts(
        "it has to be online and done within 6 months",
        [{"entity": "duration", "value": "26"}, {"entity": "format", "value": "online"}],
    )
    assert limited.weeks_max == 26 and limited.format == "online"


def test_credentials_and_programmes_named_even_when_unknown():
    names = [
        m.canonical
        for m in read_mentions("Should I do the AWS cert, an MBA, or a coding bootcamp? CEH maybe")
    ]
    assert names == ["AWS certification", "MBA", "bootcamp", "Certified Ethical Hacker (CEH)"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Is the Google Data Analytics certificate worth it for a teacher?", "worth_it"),
        ("Can I become a web developer without a degree?", "no_degree"),
        ("Am I too old to switch careers at 45?", "too_old"),
        ("Should I quit my job to do a full-time bootcamp?", "quit_or_study"),
        ("Should I leave a well-paid petrochemical engineering job to take the physics master's place?", "quit_or_study"),
        ("Can I go back to school for nursing while working full time?", "quit_or_study"),
        ("How long will it take me at 10 hours a week?", "how_long"),
        ("Should I do UX or data analytics?", "compare_options"),
        ("Is a bootcamp better than a CS degree?", "cost_vs_degree"),
        ("How do I add my badge to LinkedIn?", "linkedin_badges"),
        ("Can these certificates count toward a degree later?", "stacking_degree"),
        ("How do I get experience when every job asks for it?", "get_experience"),
        ("What other careers can I do with a biology background?", "related_moves"),
        ("What skills do I need for cybersecurity?", "skill_gap"),
        ("Is this bootcamp accredited or a scam?", "quality_assurance"),
        ("Where do I even start?", "where_start"),
        ("I work in finance and want to move into fintech", "recommend"),
        # phrasings from real posts (dev half of tests/real_questions)
        ("I am wondering whether I should get my MBA. Do you have any advice?", "worth_it"),
        ("I quit my office job for trucking school last month. Is this a mistake?", "worth_it"),
        ("What is the most direct route into IT - tech school, university, or a career diploma?", "compare_options"),
        ("The biggest question is, do I want to update my skills or do I want to try a new career?", "compare_options"),
        ("I'm seriously considering giving up teaching, so any ideas what else I'm good for?", "related_moves"),
        ("My concern is that I am way too old to be starting an apprenticeship at 23.", "too_old"),
        ("At 48, would companies be prepared to take on someone who needs retraining?", "too_old"),
        ("Is there an upper age limit for teachers in the UK?", "too_old"),
        ("Does it make sense to give up a good job and go into debt to return to school?", "quit_or_study"),
        ("How do I convince employers that seven years running a business is worth something?", "get_hired"),
        ("Any local coding bootcamps with sterling reputations? Do they churn out competent alumni?",
         "quality_assurance"),
        # a decision said in the person's own words (real posts, batch 2 dev half)
        ("I could get into a top school. So, all things considered, is this a terrible idea? Any insight or advice?",
         "worth_it"),
        ("I'm considering going back for my MLIS. How stupid would this choice be?", "worth_it"),
        ("Been thinking a lot lately if it is worth carrying on with my degree.", "worth_it"),
        ("Its a really hard decision of course, and I need to make it soon.", "worth_it"),
        ("I am unsure how to proceed. I see two options: study physics in Warsaw, or self-study.", "compare_options"),
        ("Will there be decent jobs for librarians in the future? I'd rather jump ship before it's too late.",
         "job_market"),
        ("Will court reporting still be a viable profession in ten years?", "job_market"),
        ("Would a post-PhD certificate be looked down on by hospitals?", "employer_recognition"),
        ("Is two years of training plus the ABR exam all it takes to switch?", "need_credential"),
        ("Why can't I even get interviews, and is the degree really necessary to advance?", "no_degree"),
        ("How can I move out of a job I've disliked for years without jeopardising my family's income?",
         "quit_or_study"),
        ("My husband worries he is too old to start over in a trade. Is there any advice you might offer him?",
         "too_old"),
        ("What's the best way to prepare for my new career?", "where_start"),
        ("Do I need to just pay for and pass the PMP to get hired?", "need_credential"),
        ("I need to get a job in IT. How do I do that?", "get_hired"),  # a job is no credential
        ("What do I need to get a better job?", "get_hired"),
    ],
)
def test_question_types(text, kind):
    assert read_message(text).question_type == kind


def test_spanish_and_portuguese_are_recognised_and_a_short_english_answer_is_not():
    assert read_message("¿Vale la pena estudiar programación a los 35 años sin título?").language == "es"
    assert read_message("Tenho 40 anos e quero mudar para a área de TI, por onde começo?").language == "pt"
    assert guess_language("no particular limits", nlu_language="es") == "en"
    assert guess_language("homeschooling my son", nlu_language="de") == "en"  # a short English reply
    assert guess_language("Ich bin Lehrerin und möchte in die Datenanalyse wechseln", nlu_language="de") == "de"
    assert read_message("¿Vale la pena estudiar programación a los 35?").question_type == "worth_it"


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        ("Est-ce que ça vaut la peine de faire une formation en data à 45 ans ?", "fr", "worth_it"),
        ("J'ai 52 ans, est-il trop tard pour devenir infirmière ?", "fr", "too_old"),
        ("Combien de temps faut-il pour devenir technicien réseau ?", "fr", "how_long"),
        ("Je suis comptable et je veux devenir développeur web, par où commencer ?", "fr", "where_start"),
        ("Ho 45 anni, è troppo tardi per cambiare lavoro e diventare programmatore?", "it", "too_old"),
        ("Vale la pena fare un corso di cybersecurity senza laurea?", "it", "worth_it"),
        ("Come posso trovare un lavoro come analista dati senza esperienza?", "it", "get_hired"),
        ("Lohnt es sich, mit 40 noch eine Umschulung zur Pflegefachkraft zu machen?", "de", "worth_it"),
        ("Wie lange dauert eine Umschulung?", "de", "how_long"),
        ("Soll ich meinen Job kündigen, um Vollzeit zu studieren?", "de", "quit_or_study"),
        ("Kann ich ohne Studium in die IT wechseln?", "de", "no_degree"),
    ],
)
def test_french_italian_and_german_questions_are_read_for_their_type(text, language, kind):
    u = read_message(text, nlu_language=language)
    assert (u.language, u.question_type) == (language, kind)
    assert read_message(text).language == language  # the function words, when the NLU gives nothing


def test_french_is_not_read_as_spanish_for_sharing_en_and_un():
    assert guess_language("Je travaille en comptabilité depuis un an et je veux changer") == "fr"
    assert guess_language("Quiero cambiar de carrera pero no sé por dónde empezar") == "es"
    assert guess_language("homeschooling my son", nlu_language="de") == "en"  # still a short English reply


def test_a_message_in_another_script_is_not_read_as_english_even_without_the_nlu():
    assert guess_language("26歲轉行學編程晚嗎?") == "zh-hant"  # Traditional characters, answered in them
    assert guess_language("저는 간호사인데 IT로 가고 싶어요") == "ko"
    assert guess_language("I want to learn 编程 and move into software") == "en"  # one word of another script


def test_a_salary_or_a_debt_is_not_a_budget():
    def money(text, amount):
        return [
            {"entity": "money", "value": amount, "start": text.index("$"), "end": text.index("$") + 7}
        ]  # noqa: E731
    said = "My budget is about $500 for courses"
    assert read_facts(said, money(said, "500")).budget_max == 500
    salary = "I make $25,000 a year and hate it"
    assert read_facts(salary, money(salary, "25000")).budget_max is None
    debt = "I already have $40,000 in student loans"
    assert read_facts(debt, money(debt, "40000")).budget_max is None


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("Is it better to do a bootcamp or a CS degree?", ("do a bootcamp", "a CS degree")),
        ("Should I stay in teaching, or quit and do a programming bootcamp?",
         ("stay in teaching", "quit and do a programming bootcamp")),
        ("Do I train for new skills? Or do I try to rely on the ones I had?",
         ("train for new skills", "try to rely on the ones I had")),
        ("Should I get my PHR or what?", ()),  # "what" is not an option
        ("How do I choose between a 22-month evening ABSN and a 16-month weekday ABSN?",
         ("a 22-month evening ABSN", "a 16-month weekday ABSN")),
        ("I am torn between nursing and teaching.", ("nursing", "teaching")),
        # an "or" inside a clause or a question tag (real posts, batch 2 dev half)
        ("Should I still apply since I meet or exceed all other criteria?", ()),
        ("Should I just try to become someone's apprentice, or does it not work that way?", ()),
    ],
)  # fmt: skip
def test_the_two_options_weighed_in_the_persons_words(text, options):
    assert read_message(text).options == options


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("I am in England and want to retrain", "England"),
        ("I'm 23, living in Bristol", "Bristol"),
        ("Keen to do my secondary science PGCE in September", "UK"),  # only the UK has PGCEs
        ("I work in retail", None),
    ],
)
def test_where_the_person_lives(text, place):
    assert read_facts(text).location == place


def test_a_job_sought_is_a_target_not_where_the_person_is():
    u = read_message("How do I get a teaching job after my PGCE?")
    assert "teaching" not in [c.lower() for c in u.current_candidates]
    assert "teaching" in [c.lower() for c in u.target_candidates]


def test_the_main_question_is_the_one_asked_outright_and_a_worry_is_a_second_one():
    u = read_message(
        "I've been a bank teller for 12 years. I want to move into fintech but I'm worried I'm too old. "
        "Where do I even start?"
    )
    assert u.main_question == "Where do I even start?"
    assert u.question_type == "where_start" and "too_old" in u.question_types


def test_a_large_sum_in_a_story_is_not_a_budget_unless_called_one():
    def money(text, amount):
        return [{"entity": "money", "value": amount, "start": text.index("$"), "end": text.index("$") + 6}]

    story = "I can spend up to $45000 a year on rent alone"
    assert read_facts(story, money(story, "45000")).budget_max is None
    said = "my budget is $20000 for the whole retraining"
    assert read_facts(said, money(said, "20000")).budget_max == 20000


def test_i_work_in_is_where_the_person_is_and_a_past_age_is_not_their_age():
    u = read_message("I'm in Bristol. I work in retail and want to move into nursing. Is it worth it?")
    assert "retail" not in [t.lower() for t in u.target_candidates]
    assert u.target_candidates[0].lower() == "nursing"
    assert read_facts("I became a nurse at 25, and after 20 years I want to move into IT.").age is None
    assert read_facts("I dropped out of college at 20, is it too late to go back?").age is None


def test_a_wish_stated_outright_outranks_a_field_named_in_passing():
    from understanding.phrases import target_candidates

    text = (
        "I had an interest in the medical field when I graduated. All of a sudden I have a passion to become a "
        "pediatrician."
    )
    assert target_candidates(text)[0] == "pediatrician"
    quoted = (
        "I'm not talking about \"I'm going to quit and go be a lumberjack!\" daydreaming. I want to be a dietician."
    )
    assert target_candidates(quoted) == ["dietician"]
    assert "bartender" not in target_candidates("Should I finish my degree or stay a bartender?")


def test_what_the_person_leaves_is_never_where_they_go():
    from understanding.phrases import target_candidates

    assert target_candidates("I'm thinking of leaving teaching for UX design") == ["UX design"]
    assert target_candidates("I left my job for health reasons") == []
    assert target_candidates("I want to quit retail for good") == []
    assert target_candidates("I have to write an essay about why I am choosing the nursing profession")[0] == "nursing"


def test_what_the_person_does_not_want_to_go_back_to_is_not_a_goal():
    from understanding.phrases import target_candidates

    assert target_candidates("I don't really want to go back to teaching, it leaves me no time.") == []
    assert target_candidates("I don't want to go into sales") == []
    assert target_candidates("I want to go into sales") == ["sales"]
    assert "paediatric nursing" in target_candidates("I very nearly applied for a paediatric nursing degree")
    assert target_candidates("With my degree I can be a teacher and nothing else") == []


def test_a_trait_a_generation_or_a_cut_off_phrase_is_never_a_job():
    from understanding.phrases import clean, current_candidates

    assert current_candidates("I'm a hard worker and I'm a nurse") == ["nurse"]
    assert clean("an elder millennial") is None
    assert clean("head of") is None and clean("running an entire department by") is None
    assert clean("head of marketing") == "head of marketing"


@pytest.mark.parametrize(
    "text, lacked",
    [
        (
            "I've recently graduated from college, and I am looking at getting into project management (in tech). "
            "However, I don't have any work experience in project management or much work experience in general.",
            "project management",
        ),
        ("I have no experience in nursing but I want to become a nurse.", "nursing"),
        ("Without any background in IT, can I become a help desk technician?", "IT"),
    ],
)
def test_experience_the_person_says_they_lack_is_not_their_job(text, lacked):
    assert lacked not in current_candidates(text)
    assert "general" not in current_candidates(text)


def test_experience_the_person_has_is_still_their_background():
    assert "education" in current_candidates("I'm a teacher with 10 years of experience in education.")


@pytest.mark.parametrize(
    "text, theirs, not_theirs",
    [
        (
            "My friend Maria is a smart woman with an Engineering degree and has been working as an accounts payable "
            "clerk for a long time. I'm wondering: is nursing school worth it at her age?",
            None,
            "accounts payable clerk",
        ),
        ("I'm a nurse and my husband is a teacher. I want to move into IT.", "nurse", "teacher"),
        ("My wife says I should leave. I have been working as a paralegal for 5 years.", "paralegal", None),
    ],
)
def test_another_persons_job_is_not_the_persons_own(text, theirs, not_theirs):
    found = current_candidates(text)
    if theirs:
        assert theirs in found
    if not_theirs:
        assert not_theirs not in found


def test_a_wish_joined_by_and_is_not_the_persons_job():
    text = "I would also like to open a designer boutique for kids [and] work as an advice columnist."
    assert "advice columnist" not in current_candidates(text)


def test_a_degree_the_person_might_take_is_not_their_background_and_a_goal_is_a_target():
    text = "Should I do a particle physics PhD or a master's in data science if my goal is a data science career?"
    assert "data science" not in current_candidates(text)
    assert "data science" in target_candidates(text)
    assert read_message(text).studied == ()
    # a degree they hold still is
    assert read_message("I have a master's in data science and work in retail.").studied == ("data science",)


def test_a_capitalised_word_at_a_sentence_start_is_not_another_person():
    found = current_candidates("Nursing has been my life, working as an RN for 10 years. I want to go into informatics.")
    assert "RN" in found
    # a name mid-sentence still is another person ("... and Maria has been working as a clerk")
    assert "clerk" not in current_candidates("We moved here last year and Maria has been working as a clerk since.")


def test_a_job_stated_outright_comes_before_what_the_person_studied():
    text = (
        "I'm 32, based in Spain, working full-time as a product manager. My background is a BA in International "
        "Management and an MSc in Business Intelligence."
    )
    assert current_candidates(text)[0] == "product manager"


def test_the_job_the_person_became_is_where_they_are():
    text = "I was an English major in college and became an English teacher. I'm frustrated with teaching."
    assert "English teacher" in current_candidates(text)


@pytest.mark.parametrize(
    "text, target",
    [
        ("When the timing is right I'm quitting my job and going back to school to get a master's degree in "
         "Architecture.", "Architecture"),
        ("How can a physics graduate get hired as a research engineer?", "research engineer"),
    ],
)
def test_a_degree_the_person_means_to_take_and_a_job_they_want_to_be_hired_for_are_goals(text, target):
    assert target in target_candidates(text) or target in read_message(text).target_candidates


def test_the_age_said_outright_beats_another_age_in_the_story():
    text = (
        "An article featured a 36-year-old chemistry graduate who has not managed to secure a post. I am 38 and "
        "have had a career in science. Am I too old for a PGCE?"
    )
    assert read_facts(text, []).age == 38


@pytest.mark.parametrize(
    ("text", "current"),
    [("I'm 34, an office manager with two kids. Should I quit?", "office manager"),
     ("I am 50 years old and a nurse.", "nurse")],
)  # fmt: skip
def test_a_job_said_after_the_age(text, current):
    assert current_candidates(text)[0] == current


def test_work_the_person_left_is_where_they_come_from():
    assert current_candidates("After several years, I finally left middle school teaching, a career I had come to hate.") == [
        "middle school teaching"
    ]


def test_a_role_the_person_has_at_an_employer():
    assert current_candidates("I have a low level admin role at VCH and it's making me miserable.") == ["low level admin"]
    assert current_candidates("I want a new role at a bank.") == []


@pytest.mark.parametrize(
    ("text", "age", "later"),
    [
        ("I'm 12 years into a career in I.T. Am I too old? I'll be 40 in a couple years.", 40, True),
        ("When I start classes next year, I'll be 26. I'd graduate with a PharmD when I'm 32.", 26, True),
        ("I'm 45 and I'll be 47 when I finish.", 45, False),
    ],
)  # fmt: skip
def test_an_age_to_come_is_not_the_age_now(text, age, later):
    facts = read_facts(text, [])
    assert (facts.age, facts.age_later) == (age, later)


@pytest.mark.parametrize(
    ("text", "current"),
    [
        ("I am a 42 year old woman stuck in a dead-end job in sales.", ["sales"]),
        ("Career suggestions? Licensed architect burned out on architectural practice.", ["architect"]),
        ("I'm a bit behind the curve.", []),
    ],
)  # fmt: skip
def test_the_person_is_not_their_work_and_a_title_line_says_what_they_are(text, current):
    assert current_candidates(text)[:1] == current


def test_social_work_and_ux_ui_stay_whole():
    assert "social work" in target_candidates("I want to go into social work/public health.")
    assert "UX" in read_message("I've had several rejections for junior UX/UI roles.").text


def test_a_business_the_person_ran_and_work_that_appeals_to_them():
    text = (
        "I recently closed my printing business after joining as an apprentice at 17. The trades have always "
        "appealed to me. Is 38 too old to start from scratch in a trade?"
    )
    assert current_candidates(text)[0] == "printing"
    found = target_candidates(text)
    assert "trades" in found and "trade" in found


def test_teacher_training_named_by_its_british_names_is_a_goal():
    found = target_candidates("I work in the City but I am very close to applying for my PGCE in secondary mathematics.")
    assert "PGCE" in found


def test_work_said_in_the_past():
    from understanding.phrases import said_as_past

    assert said_as_past("I finally left middle school teaching.", "middle school teaching")
    assert said_as_past("I'm a former nurse.", "nurse")
    assert not said_as_past("I'm a nurse and I was thinking about IT.", "nurse")


def test_an_earlier_job_in_a_career_story():
    text = "I have had a career in science, first as an industrial microbiologist, then I did a PhD."
    assert current_candidates(text)[0] == "industrial microbiologist"


@pytest.mark.parametrize(
    ("text", "age"),
    [("Or am I too old (almost 27, sheesh) already?", 27), ("I'm almost 30 and a nurse.", 30),
     ("I work almost 30 hours a week.", None)],
)  # fmt: skip
def test_an_age_said_as_almost(text, age):
    assert read_facts(text, []).age == age


@pytest.mark.parametrize(
    ("text", "current", "not_target"),
    [
        ("I'm desperate to get out of retail. What else can I do?", "retail", "retail"),
        ("After 10 years I want out of retail management. Where do I start?", "retail management", "out of retail management"),
        ("I hate retail and want to leave it.", "retail", "retail"),
    ],
)  # fmt: skip
def test_work_the_person_wants_out_of_is_where_they_are_never_where_they_go(text, current, not_target):
    assert current in current_candidates(text)
    assert not_target not in target_candidates(text)


@pytest.mark.parametrize(
    ("text", "jobs"),
    [
        ("I could work part-time while studying.", ()),
        ("I am looking for a full-time job in IT.", ()),
        ("I work part-time at a bakery.", ("part-time job",)),
        ("I have a full-time job and two kids.", ("children", "full-time job")),
    ],
)  # fmt: skip
def test_a_job_wished_for_is_not_a_job_held(text, jobs):
    assert read_facts(text, []).family_or_job == jobs


@pytest.mark.parametrize(
    ("text", "age"),
    [("At 20 years old I joined the army. Now I want out.", None), ("At 22, I got my degree in biology.", None),
     ("I'm 40. At 20 I joined the army.", 40), ("At 45, am I too old to retrain?", 45)],
)  # fmt: skip
def test_an_age_then_is_not_the_age_now(text, age):
    assert read_facts(text, []).age == age


def test_a_clause_is_not_a_goal():
    from understanding.phrases import clean

    assert clean("take the extra year") is None
    assert target_candidates("I think engineering might suit me.") in ([], ["engineering"])
    assert "engineering might" not in target_candidates("I'm looking at engineering might be good")


def test_a_wish_refused_is_no_goal_and_its_age_is_not_theirs():
    from understanding.roles import role_of

    text = "I don't want to be a bartender for the rest of my life."
    assert role_of(text, text.index("bartender")) is None
    assert read_facts("I don't want to be a 50-year-old waitress.", []).age is None
    assert read_facts("I'm 28 and I don't want to be a 50-year-old waitress.", []).age == 28


def test_leaving_to_teach_makes_teaching_the_goal():
    assert target_candidates("I've been in finance for 10 years and I'm thinking of leaving it to teach maths.") == [
        "teacher"
    ]


@pytest.mark.parametrize(
    "text",
    ["I think I'm in good time to consider starting an IT career.", "I'm in debt and hate my job.",
     "I'm in the middle of a career change."],
)  # fmt: skip
def test_a_state_the_person_is_in_is_not_their_work(text):
    assert current_candidates(text) == []


def test_grown_children_are_not_children_at_home():
    assert "children" not in read_facts("My kids are grown and I want to go back to school.", []).family_or_job
    assert "children" in read_facts("I have two kids and a full-time job.", []).family_or_job


def test_a_licence_in_hand_names_the_job():
    assert current_candidates("I am a new grad with my RN in hand, applying to many locations.") == ["RN"]


def test_i_teach_after_a_degree_subject_is_a_teacher():
    assert current_candidates("I'm 38, I have a bachelor's in English and I teach. Is OT worth it?")[0] == "teacher"


def test_a_first_job_is_said_in_the_past():
    from understanding.phrases import said_as_past

    assert said_as_past("A career in science, first as an industrial microbiologist, then a PhD.", "industrial microbiologist")


@pytest.mark.parametrize(
    ("text", "place"),
    [("Should I do an accelerated RN in Ontario or an LPN in Alberta?", "Canada"),
     ("I did a TAFE course in hospitality.", "Australia"), ("I am an NQT looking to leave.", "UK")],
)  # fmt: skip
def test_where_the_person_is_from_what_only_people_there_write(text, place):
    assert read_facts(text, []).location == place


@pytest.mark.parametrize(
    ("text", "goal"),
    [("I don't want to burden you with career counseling, but what should I do next?", None),
     ("I think I need to talk to a counselor about a better job.", None),
     ("I'd like to be a career counselor.", "counselor")],
)  # fmt: skip
def test_someone_who_helps_is_no_goal_unless_the_person_wants_to_be_one(text, goal):
    from understanding.roles import role_of

    found = target_candidates(text)
    assert (goal in " ".join(found)) if goal else not any("counsel" in f for f in found)
    if goal is None:
        at = text.find("counsel")
        assert role_of(text, at) != "target"


def test_a_career_started_in_a_field_is_where_the_person_is_not_a_goal():
    u = read_message("I started my career in finance about 30 years ago. Now I'd like to run a local charity.", [])
    assert u.current == "finance"
    assert u.target != "finance"


def test_french_and_italian_are_told_apart_without_the_nlu():
    # without the NLU's language entity (a long message) these got an English answer to a question never read
    fr = "Je suis infirmière depuis dix ans et je voudrais changer de métier, mais je ne sais pas si c'est possible avec mon âge."
    it = "Sono un farmacista da molti anni e vorrei cambiare lavoro, ma non so se è possibile alla mia età e cosa fare."
    assert guess_language(fr) == "fr"
    assert guess_language(it) == "it"
    assert guess_language("I have worked in a hospital for ten years and want to move into data, is it possible?") == "en"


def test_returning_to_a_field_is_a_goal_but_returning_to_school_is_not():
    assert read_message("I have a burning desire to return to HR after nine years running a shop.", []).target == "HR"
    assert read_message("I want to return to school, but which course?", []).target is None


def test_staying_what_you_are_is_not_a_goal():
    u = read_message("With no teaching jobs, should I get an MSW? Is it bad to be a bartender for life?", [])
    assert u.target != "bartender"
    assert u.current == "bartender"
    assert read_message("Should I stay a teacher or become a nurse?", []).current == "teacher"


def test_a_programmes_hours_are_not_the_persons_study_time():
    text = "The accelerated programs were eight hours a day and then you need time to study."
    start = text.index("eight hours a day")
    entities = [{"entity": "hours_per_week", "value": "56", "start": start, "end": start + 17}]
    assert read_facts(text, entities).hours_per_week is None
    mine = "I can study 10 hours a week."
    start = mine.index("10 hours")
    assert read_facts(mine, [{"entity": "hours_per_week", "value": "10", "start": start}]).hours_per_week == 10


def test_a_wish_to_leave_names_where_the_person_is():
    assert read_message("I want to leave teaching and do something with my hands.", []).current == "teaching"
    u = read_message("I want to get out of retail and into nursing.", [])
    assert (u.current, u.target) == ("retail", "nursing")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("It is a competency-based degree. Will employers look down their noses at this type of degree?", "employer_recognition"),
        ("I only took a few community college courses. Should I list them on my resume?", "linkedin_badges"),
        ("I'm 28 and work in retail. Does it make sense to go back to school for nursing?", "worth_it"),
    ],
)
def test_questions_named_by_their_own_words(text, kind):
    assert read_message(text, []).question_type == kind


def test_a_choice_between_two_courses_of_action_is_a_decision_not_a_word_inside_an_option():
    text = (
        "I have a day job in a warehouse. Should I return to college yet again and earn more credits in "
        "communications, or should I forget college and build a reputation as an independent reporter?"
    )
    u = read_message(text, [])
    assert u.question_type in ("compare_options", "quit_or_study", "cost_vs_degree")
    assert u.question_type != "quality_assurance"  # "reputation" is inside an option, not the question


def test_a_closing_request_with_an_adjective_is_not_the_question():
    text = "How does one build experience when no jobs hire new grads? Any good advice you can throw my way?"
    assert read_message(text, []).question_type == "get_experience"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("I'm a software developer in Manchester, UK and want to teach maths.", "UK"),
        ("I'm a software developer in Manchester and want to teach maths.", "Manchester"),
        ("I'm a nurse (UK based) thinking about informatics.", "UK"),
        ("I teach in Ontario and want to retrain.", "Canada"),
        ("I believe in us and want to open a bakery.", None),
    ],
)
def test_a_place_said_in_passing_is_where_the_person_is(text, place):
    assert read_facts(text, [], False).location == place


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("I am finishing my PhD in physics and want to work as a quant.", []),
        ("I have an MBA. Should I do a coding bootcamp?", ["bootcamp"]),
        ("Is a PhD worth it for industry?", ["doctorate"]),
    ],
)
def test_a_programme_the_person_holds_is_not_one_they_ask_about(text, named):
    assert [m.canonical for m in read_mentions(text)] == named


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        # real posts (batch 2 dev half): a wish said as "set on working as", and "study" as a noun
        ("I am pretty set on working as an obgyn nurse and am not as interested in much else.", "obgyn", "target"),
        ("I am still ahead of the study planner but I am stuck in a funk.", "planner", None),
        ("I've been thinking about studying nursing.", "nursing", "target"),
    ],
)
def test_the_words_before_a_name_say_whose_and_which_side(text, name, role):
    from understanding.roles import role_of

    assert role_of(text, text.index(name)) == role


def test_work_said_now_is_where_the_person_is_and_a_wish_to_work_is_not():
    text = "I currently work as an assistant at a research library. I am pretty set on working as a librarian."
    assert "assistant" in current_candidates(text)
    assert "assistant" not in target_candidates(text)
    assert "librarian" not in current_candidates(text)
    assert "planner" not in target_candidates("I am still ahead of the study planner, but the module drags.")


def test_hypotheticals_and_negations_are_not_the_persons_situation():
    from understanding.facts import read_facts

    text = (
        "I have worked in the NHS as an information specialist for four years. I never really wanted to be an "
        "information specialist. I am thinking of a career change to work in IT. What if I hate working in IT?"
    )
    assert "information specialist" in current_candidates(text)
    assert "IT" not in current_candidates(text)
    assert "information specialist" not in target_candidates(text)
    facts = read_facts("This would be a no-brainer if I was in my 20s, but I'm not. We have no children.")
    assert facts.age is None and "children" not in facts.family_or_job
    assert target_candidates("My age might be a factor, as managers are younger.") == []
    assert "carpentry" in target_candidates("After years of service he can finally pursue his dream in carpentry.")


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        ("I'm 59. Should I start a nursing degree next year?", ("to", "start a nursing degree next year")),
        ("Been thinking a lot lately if it is worth carrying on with my degree.", ("ing", "carrying on with my degree")),
        ("My main question is: would I be making a mistake to pursue an MLT program rather than MLS.",
         ("to", "pursue an MLT program rather than MLS")),
        ("Should I just go for it and hope for the best?", None),  # no course of action named
        ("What should I be looking at to re-educate myself?", None),  # asks for advice, decides nothing
        ("Should I stay in teaching or do a bootcamp?", None),  # two options: `options`, not `decision`
    ],
)  # fmt: skip
def test_the_one_course_of_action_a_yes_no_question_weighs(text, decision):
    assert read_message(text).decision == decision


def test_a_wish_given_up_is_not_the_goal():
    assert target_candidates("I originally wanted to be a math professor. Now I want to move into quantitative finance.") == [
        "quantitative finance"
    ]


def test_a_country_in_brackets_and_a_uk_access_course_say_where_the_person_is():
    from understanding.facts import read_facts

    assert read_facts("I have a library technician diploma (Canada) and feel limited.").location == "Canada"
    assert read_facts("I am currently doing an access course to study midwifery.").location == "UK"


def test_work_said_in_the_past_anywhere_in_the_story_is_said_as_past():
    from understanding.phrases import said_as_past

    text = "My ideal would be working as an IT guy. I worked in IT in college and loved it."
    assert said_as_past(text, "IT")
    assert "IT guy" not in current_candidates(text)  # "would be working as": a wish


@pytest.mark.parametrize(
    ("text", "current", "target"),
    [
        ("I teach English at a junior college. I wish to teach business at a polytechnic one day.",
         "English professor", "business professor"),
        ("I'm a nurse and I'd like to teach at a community college. What do I need?", "nurse", "college teacher"),
        ("I teach high school and I'm curious about instructional design.", "high school teacher",
         "instructional design"),
    ],
)  # fmt: skip
def test_teaching_at_a_college_is_postsecondary_work(text, current, target):
    u = read_message(text)
    assert (u.current, u.target) == (current, target)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'm in my 40s and thinking about retraining as a solicitor, but is there any point?", "too_old"),
        ("I feel stuck at the bank. Would any firm hire a 40yr old greenhorn?", "too_old"),
        ("I'm also wondering if I'm just crazy to take out loans for an engineering degree.", "worth_it"),
        ("My parents want me to finish business school. Go for my dreams or do what my family wants me to do?",
         "compare_options"),
        ("After 12 years in teaching I can't take it anymore. What do failed teachers do as a new career? How "
         "will I ever find another job?", "related_moves"),
        # the story told in the past is not the question: "I applied for all of them" asks nothing about hiring
        ("I graduated in nuclear medicine in May. The hospital posted 3 PRN jobs and I applied for all of them. "
         "I'm thinking of X-ray school or even vet school instead.", "recommend"),
    ],
)  # fmt: skip
def test_more_ways_people_ask(text, kind):
    assert read_question(text, states_move=True).question_type == kind


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("I'm 40, back in Jamaica and unable to afford the CFA.", "Jamaica"),
        ("I'm in my 40s and thinking about retraining as a solicitor.", "UK"),  # England's word for the job
        ("I'm a nurse in Texas and was made redundant last month.", "Texas"),  # a place said beats the signs
    ],
)
def test_where_the_person_is_from_more_signs(text, place):
    assert read_facts(text).location == place
