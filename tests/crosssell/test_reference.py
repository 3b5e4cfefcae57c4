"""UC-1b, UC-3, DQ-1, DQ-2: the seeded reference data matches the spec, RevOps edits it on the
Cross-sell settings page (P-6) with a reason and history, and P-1 shows it on open cards;
the org-owner toggle on P-1 (PAUSE-8 / LOOK-10) is TAM-set and audited."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Contact
from crosssell.models import CrossSellPathway, DiscoveryQuestion, UseCase
from crosssell.pipeline import run_nightly
from tests.factories.accounts import ContactFactory, UserFactory
from tests.factories.crosssell import AS_OF, scenario_account

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 6, 16, 10, tzinfo=dt.UTC)

# UC-3, in seed order per use case.
PATHWAY_CODES = {
    "product_intelligence": ["PI-1", "PI-2", "PI-3", "PI-4", "PI-5", "PI-6", "PI-7"],
    "release_engineering": ["RE-1", "RE-2", "RE-3", "RE-4", "RE-5", "RE-6"],
    "observability": ["OB-1", "OB-2", "OB-3", "OB-4", "OB-5"],
    "growth_marketing": ["GM-1", "GM-2", "GM-3", "GM-4", "GM-5", "GM-6", "GM-7"],
    "ai_llm_observability": ["AI-1", "AI-2", "AI-3", "AI-4", "AI-5", "AI-6"],
    "data_infrastructure": ["DI-1", "DI-2", "DI-3", "DI-4"],
    "customer_experience": ["CX-1", "CX-2", "CX-3", "CX-4", "CX-5", "CX-6", "CX-7"],
}
# UC-3's named products (blank: the target use case's first step) and targets (blank: same UC).
PATHWAY_TARGETS = {
    "PI-1": ("session_replay", ""),
    "PI-2": ("surveys", ""),
    "PI-3": ("experiments", ""),
    "PI-4": ("workflows", ""),
    "PI-5": ("", "growth_marketing"),
    "PI-6": ("group_analytics", ""),
    "PI-7": ("feature_flags", "release_engineering"),
    "RE-1": ("experiments", ""),
    "RE-2": ("session_replay", ""),
    "RE-3": ("", "product_intelligence"),
    "RE-4": ("", "growth_marketing"),
    "RE-5": ("error_tracking", "observability"),
    "RE-6": ("llm_observability", "ai_llm_observability"),
    "OB-1": ("session_replay", ""),
    "OB-2": ("logs", ""),
    "OB-3": ("", "product_intelligence"),
    "OB-4": ("feature_flags", "release_engineering"),
    "OB-5": ("llm_observability", "ai_llm_observability"),
    "GM-1": ("product_analytics", ""),
    "GM-2": ("experiments", ""),
    "GM-3": ("workflows", ""),
    "GM-4": ("", "release_engineering"),
    "GM-5": ("data_pipelines", ""),
    "GM-6": ("session_replay", ""),
    "GM-7": ("", "product_intelligence"),
    "AI-1": ("llm_observability", ""),
    "AI-2": ("product_analytics", ""),
    "AI-3": ("experiments", ""),
    "AI-4": ("feature_flags", "release_engineering"),
    "AI-5": ("", "product_intelligence"),
    "AI-6": ("", "observability"),
    "DI-1": ("data_warehouse", ""),
    "DI-2": ("", "growth_marketing"),
    "DI-3": ("", "product_intelligence"),
    "DI-4": ("", "any"),
    "CX-1": ("error_tracking", ""),
    "CX-2": ("logs", ""),
    "CX-3": ("", "product_intelligence"),
    "CX-4": ("surveys", ""),
    "CX-5": ("llm_observability", ""),
    "CX-6": ("feature_flags", "release_engineering"),
    "CX-7": ("data_warehouse", "data_infrastructure"),
}
# UC-1b, verbatim names.
PERSONAS = {
    "product_intelligence": [
        "Product Manager",
        "Product Engineer",
        "UX Researcher",
        "Designer",
        "Founder (early stage)",
    ],
    "release_engineering": [
        "Engineering Manager",
        "Platform Engineer",
        "Individual Developer",
        "Founding Engineer",
    ],
    "observability": [
        "SRE / Platform Engineer",
        "Backend Engineer",
        "Product Engineer",
        "Engineering Manager",
        "Founder (early stage)",
    ],
    "growth_marketing": [
        "Growth Engineer",
        "Marketing Lead",
        "CRO / Growth PM",
        "Founding Growth",
        "Marketing Analyst",
    ],
    "ai_llm_observability": ["AI Engineer", "AI Product Manager", "AI Founder", "AI Product Engineer"],
    "data_infrastructure": [
        "Data Engineer",
        "Data Team Lead",
        "Product Ops / BizOps",
        "Founder (early stage)",
    ],
    "customer_experience": ["Support Leader", "Engineering Lead", "Product Manager", "AI Lead", "CS Leader"],
}
# DQ-2: PI 8, RE 8, OBS 8, GM 12, AI 8, DI 7, CX 7.
USE_CASE_QUESTION_COUNTS = {
    "product_intelligence": 8,
    "release_engineering": 8,
    "observability": 8,
    "growth_marketing": 12,
    "ai_llm_observability": 8,
    "data_infrastructure": 7,
    "customer_experience": 7,
}


def test_uc3_the_42_pathways_are_seeded_in_seed_order_with_their_products_and_targets():
    assert CrossSellPathway.objects.count() == 42
    for uc, codes in PATHWAY_CODES.items():
        rows = list(CrossSellPathway.objects.filter(from_use_case=uc).order_by("position"))
        assert [r.code for r in rows] == codes
        assert [r.position for r in rows] == list(range(1, len(codes) + 1))
    for row in CrossSellPathway.objects.all():
        assert (row.product, row.target_use_case) == PATHWAY_TARGETS[row.code], row.code
        assert (
            row.condition and row.condition_text and row.target_text and row.why and row.conversation_starter
        )
        assert not row.conversation_starter.startswith('"')
    assert CrossSellPathway.objects.get(code="RE-6").feature == "ai_evals"
    assert CrossSellPathway.objects.get(code="AI-1").feature == "ai_evals"


def test_uc3_pathway_texts_are_verbatim():
    pi1 = CrossSellPathway.objects.get(code="PI-1")
    assert pi1.condition_text == "Product Analytics only" and pi1.target_text == "Session Replay"
    assert pi1.why == "They see the numbers but not the why"
    assert (
        pi1.conversation_starter
        == "You can see 40% drop off at step 3. Want to watch what's actually happening?"
    )
    ai4 = CrossSellPathway.objects.get(code="AI-4")
    assert ai4.conversation_starter == (
        "When you change your prompt, do you ship to everyone at once? Feature flags let you roll out to 5% "
        "first and measure before going wide."
    )
    assert CrossSellPathway.objects.get(code="CX-7").condition_text == "Group Analytics + Person Profiles"


def test_uc1b_personas_per_use_case_verbatim():
    for uc in UseCase.objects.all():
        assert [p["name"] for p in uc.personas] == PERSONAS[uc.key], uc.key
        assert all(p["role_examples"] and p["cares_about"] and p["evaluates"] for p in uc.personas)


def test_dq2_discovery_question_lists_per_use_case_and_the_error_tracking_lists():
    for uc, count in USE_CASE_QUESTION_COUNTS.items():
        rows = list(DiscoveryQuestion.objects.filter(scope="use_case", use_case=uc).order_by("order"))
        assert len(rows) == count, uc
        assert [r.order for r in rows] == list(range(1, count + 1))
    first = DiscoveryQuestion.objects.get(scope="use_case", use_case="ai_llm_observability", order=1)
    assert first.text == "What AI/LLM features are you building? How central are they to your product?"
    assert DiscoveryQuestion.objects.filter(scope="error_tracking_review").count() == 5
    assert DiscoveryQuestion.objects.filter(scope="chat_cue").count() == 8
    assert DiscoveryQuestion.objects.filter(
        scope="chat_cue", text="We only find out about errors when customers report bugs"
    ).exists()


def test_dq1_general_and_product_questions():
    general = list(
        DiscoveryQuestion.objects.filter(scope="general").order_by("order").values_list("text", flat=True)
    )
    assert general[0] == "How does your team decide what to build next?"
    assert general[-2:] == [
        "who else would benefit from this?",
        "are there other teams with similar pain points?",
    ]
    assert len(general) == 8
    product = DiscoveryQuestion.objects.filter(scope="product")
    assert product.count() == 17 and all(q.pain_revealed and q.posthog_advantage for q in product)


# P-6: RevOps edits, with a reason and history.


def test_p6_lists_pathways_personas_and_questions_with_edit_links(client):
    client.force_login(UserFactory(role="revops_admin"))
    html = client.get(reverse("crosssell:settings")).content.decode()
    assert "Cross-sell pathways (UC-3, 42 rows)" in html
    assert reverse("crosssell:settings_pathway", args=["PI-6"]) in html
    assert reverse("crosssell:settings_personas", args=["observability"]) in html
    assert "What AI/LLM features are you building?" in html


def test_p6_a_revops_admin_edits_a_pathway_with_a_reason_and_history_keeps_it(client):
    admin = UserFactory(role="revops_admin")
    client.force_login(admin)
    url = reverse("crosssell:settings_pathway", args=["PI-1"])
    page = client.get(url)
    assert page.status_code == 200
    data = {k: v for k, v in page.context["form"].initial.items()}
    data.update({"conversation_starter": "Want to watch what happens at step 3?", "reason": "Shorter opener"})
    response = client.post(url, data)
    assert response.status_code == 302
    row = CrossSellPathway.objects.get(code="PI-1")
    assert row.conversation_starter == "Want to watch what happens at step 3?"
    latest = row.history.order_by("-history_date").first()
    assert latest.history_user == admin and latest.history_change_reason == "Shorter opener"
    assert "Shorter opener" in client.get(url).content.decode()


def test_p6_a_bad_pathway_edit_names_the_field_and_saves_nothing(client):
    client.force_login(UserFactory(role="revops_admin"))
    url = reverse("crosssell:settings_pathway", args=["PI-1"])
    data = {k: v for k, v in client.get(url).context["form"].initial.items()}
    before = CrossSellPathway.history.count()
    response = client.post(url, {**data, "product": "not_a_product", "reason": "typo"})
    assert response.status_code == 400 and "Not a product key" in response.content.decode()
    response = client.post(url, {**data, "reason": ""})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
    assert CrossSellPathway.history.count() == before
    assert CrossSellPathway.objects.get(code="PI-1").product == "session_replay"


def test_p6_editing_reference_rows_is_for_revops_admins_only(client):
    client.force_login(UserFactory(role="tam"))
    question = DiscoveryQuestion.objects.filter(scope="use_case").first()
    assert client.get(reverse("crosssell:settings_pathway", args=["PI-1"])).status_code == 403
    assert client.post(reverse("crosssell:settings_question", args=[question.pk]), {}).status_code == 403
    assert client.get(reverse("crosssell:settings_personas", args=["observability"])).status_code == 403


def test_p6_a_question_edit_is_audited(client):
    admin = UserFactory(role="revops_admin")
    client.force_login(admin)
    question = DiscoveryQuestion.objects.get(scope="product", product="surveys", order=16)
    url = reverse("crosssell:settings_question", args=[question.pk])
    response = client.post(
        url,
        {
            "text": question.text,
            "pain_revealed": "Siloed responses.",
            "posthog_advantage": question.posthog_advantage,
            "order": question.order,
            "reason": "Tighter wording",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.pain_revealed == "Siloed responses."
    assert question.history.order_by("-history_date").first().history_user == admin
    response = client.post(url, {"text": "", "order": 1, "reason": "x"})
    assert response.status_code == 400
    question.refresh_from_db()
    assert question.text


def test_p6_personas_are_edited_one_a_line(client):
    client.force_login(UserFactory(role="revops_admin"))
    url = reverse("crosssell:settings_personas", args=["data_infrastructure"])
    assert "Data Engineer | " in client.get(url).content.decode()
    response = client.post(
        url, {"personas": "Data Engineer | Analytics Engineer\nHead of Data", "reason": "Trim"}
    )
    assert response.status_code == 302
    uc = UseCase.objects.get(key="data_infrastructure")
    assert [p["name"] for p in uc.personas] == ["Data Engineer", "Head of Data"]
    assert uc.personas[0]["role_examples"] == "Analytics Engineer"
    response = client.post(url, {"personas": " | no name", "reason": "x"})
    assert response.status_code == 400
    assert len(UseCase.objects.get(key="data_infrastructure").personas) == 2


# P-1: the card shows DQ-1 / DQ-2 questions with pain revealed and PostHog advantage.


@pytest.fixture
def evaluated():
    account = scenario_account()
    run_nightly(as_of=AS_OF)
    return account


def test_p1_an_open_card_shows_product_then_use_case_questions_with_pain_and_advantage(client, evaluated):
    """DQ-1 / DQ-2 on the open session_replay card of a Product Intelligence account."""
    client.force_login(evaluated.owner)
    html = client.get(reverse("crosssell:account_panel", args=[evaluated.pk])).content.decode()
    card = html[html.index('aria-label="Session Replay card"') :]
    card = card[: card.index("</article>")]
    assert "How do you identify user friction today?" in card
    assert (
        "<strong>Pain revealed:</strong> Lacks visibility into real interactions without PM background."
        in card
    )
    assert (
        "<strong>PostHog advantage:</strong> Session Replay gives direct user perspective for product calls."
        in card
    )
    pi_question = DiscoveryQuestion.objects.get(scope="use_case", use_case="product_intelligence", order=1)
    assert pi_question.text in card
    assert card.index("How do you identify user friction today?") < card.index(pi_question.text)
    assert "who else would benefit from this?" in card
    # UC-3: the pathway row of the primary use case naming the card's product.
    assert "pathway PI-1" in card
    assert "You can see 40% drop off at step 3. Want to watch what&#x27;s actually happening?" in card


# P-1: the org-owner toggle (Contact.is_org_owner; PAUSE-8, LOOK-10).


@time_machine.travel(NOW)
def test_p1_a_tam_marks_an_org_owner_audited_and_recomputed_on_commit(
    client, evaluated, django_capture_on_commit_callbacks
):
    contact = Contact.objects.filter(account=evaluated, org_member=True).order_by("id").first()
    client.force_login(evaluated.owner)
    url = reverse("crosssell:org_owner", args=[evaluated.pk, contact.pk])
    html = client.get(reverse("crosssell:account_panel", args=[evaluated.pk])).content.decode()
    assert f"Mark {contact.name} as org owner" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"is_org_owner": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.is_org_owner is True
    assert f"Unmark {contact.name} as org owner" in response.content.decode()
    latest = contact.history.order_by("-history_id").first()
    assert latest.is_org_owner is True and latest.history_user == evaluated.owner
    from crosssell.models import AccountCrossSellState

    state = AccountCrossSellState.objects.get(account=evaluated)
    assert state.explanation["org_owner_ids"] == [contact.pk]  # J-2 recomputed the account


def test_p1_the_org_owner_toggle_refuses_bad_input_and_other_accounts(client, evaluated):
    contact = Contact.objects.filter(account=evaluated, org_member=True).first()
    client.force_login(evaluated.owner)
    url = reverse("crosssell:org_owner", args=[evaluated.pk, contact.pk])
    response = client.post(url, {"is_org_owner": "maybe"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    contact.refresh_from_db()
    assert contact.is_org_owner is False
    stranger = ContactFactory(org_member=True)
    other = reverse("crosssell:org_owner", args=[evaluated.pk, stranger.pk])
    assert client.post(other, {"is_org_owner": "1"}).status_code == 404
    client.force_login(UserFactory(role="tam"))  # not this account's TAM
    assert client.post(url, {"is_org_owner": "1"}).status_code == 403
