"""The discount policy as versioned data (revops.md V-1…V-5) and its editor page."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from revops import policy_services, quote_services, selectors
from revops.engine import QuoteInput
from revops.models import DiscountPolicyVersion, FrozenPolicyVersion, PolicyStatus, QuoteOption, VolumeTier
from tests.factories import AccountFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


@pytest.fixture
def admin():
    return UserFactory(role="revops_admin")


def grid(version):
    return policy_services.PolicyDraftInput(
        tiers=[{"min_credit": str(t.min_credit), "max_credit": "" if t.max_credit is None else str(t.max_credit),
                "discount_pct": "" if t.discount_pct is None else str(t.discount_pct), "label": t.label}
               for t in version.tiers.order_by("position")],
        commitment=[{"years": str(c.years), "discount_pct": str(c.discount_pct)}
                    for c in version.commitment_rules.order_by("position")],
        parameters=dict(version.parameters),
    )  # fmt: skip


def test_the_migration_seeds_the_handbook_policy_in_force_v2():
    version = selectors.policy_version_in_force(TODAY)
    assert version is not None and version.status == PolicyStatus.PUBLISHED
    assert [(t.min_credit, t.discount_pct) for t in version.tiers.order_by("position")] == [
        (D("25000.00"), D("20.00")), (D("60000.00"), D("25.00")), (D("100000.00"), D("30.00")),
        (D("250000.00"), D("35.00")), (D("500000.00"), D("40.00")), (D("1000000.00"), None)]  # fmt: skip
    policy = selectors.pricing_policy(version)
    assert policy.commitment_pct(2) == D("3") and policy.parameters.early_renewal_min_days == 60


def test_a_draft_is_a_copy_of_the_version_in_force_v1(admin):
    draft = policy_services.policy_draft_create(acting_user=admin, today=TODAY)
    in_force = selectors.policy_version_in_force(TODAY)
    assert draft.status == PolicyStatus.DRAFT and draft.supersedes == in_force
    assert draft.tiers.count() == 6 and draft.parameters == in_force.parameters
    assert policy_services.policy_draft_create(acting_user=admin, today=TODAY) == draft  # one draft at a time


def test_saving_a_draft_with_a_gap_is_refused_naming_the_row_and_saves_nothing_v4(admin):
    draft = policy_services.policy_draft_create(acting_user=admin, today=TODAY)
    data = grid(draft)
    data.tiers[2]["min_credit"] = "110000"  # row 2 ends at 100,000
    data.tiers[0]["discount_pct"] = "22"
    with pytest.raises(policy_services.PolicyInvalid) as caught:
        policy_services.policy_draft_update(version=draft, data=data, acting_user=admin)
    assert [(e.section, e.row, e.field) for e in caught.value.errors] == [("tiers", 3, "min_credit")]
    assert draft.tiers.get(position=1).discount_pct == D("20.00")  # nothing half-written


def test_saving_a_draft_with_an_overlap_is_refused_naming_the_row_v4(admin):
    draft = policy_services.policy_draft_create(acting_user=admin, today=TODAY)
    data = grid(draft)
    data.tiers[4]["min_credit"] = "200000"
    with pytest.raises(policy_services.PolicyInvalid) as caught:
        policy_services.policy_draft_update(version=draft, data=data, acting_user=admin)
    assert "tiers row 5, min_credit: Overlap" in str(caught.value)


def test_a_typo_is_named_by_row_and_field(admin):
    draft = policy_services.policy_draft_create(acting_user=admin, today=TODAY)
    data = grid(draft)
    data.commitment[1]["discount_pct"] = "three"
    _, _, errors = policy_services.parse_draft(data)
    assert [(e.section, e.row, e.field) for e in errors] == [("commitment", 2, "discount_pct")]


def test_publishing_freezes_the_version_and_saved_quotes_keep_their_version_v1_v3(admin):
    account = AccountFactory()
    old = selectors.policy_version_in_force(TODAY)
    quote = quote_services.quote_save(
        acting_user=admin, account=account, today=TODAY,
        options=[quote_services.OptionInput("1y", QuoteInput(D("30000.00"), 1, "new"))],
    )
    draft = policy_services.policy_draft_create(acting_user=admin, today=TODAY)
    data = grid(draft)
    data.tiers[0]["discount_pct"] = "22"
    policy_services.policy_draft_update(version=draft, data=data, acting_user=admin)
    published = policy_services.policy_publish(version=draft, effective_from=TODAY, acting_user=admin, today=TODAY)
    assert published.status == PolicyStatus.PUBLISHED and published.supersedes == old
    assert selectors.policy_version_in_force(TODAY) == published

    option = QuoteOption.objects.get(quote=quote)
    assert option.policy_version == old and option.discount_pct == D("20.00") and option.price == D("24000.00")
    # A new quote prices with the new version
    newer = quote_services.quote_save(
        acting_user=admin, account=account, today=TODAY,
        options=[quote_services.OptionInput("1y", QuoteInput(D("30000.00"), 1, "new"))],
    )
    assert newer.options.get().discount_pct == D("22.00")

    with pytest.raises(FrozenPolicyVersion):
        policy_services.policy_draft_update(version=published, data=data, acting_user=admin)
    tier = published.tiers.get(position=1)
    tier.discount_pct = D("50")
    with pytest.raises(FrozenPolicyVersion):
        tier.save()
    assert VolumeTier.objects.get(pk=tier.pk).discount_pct == D("22.00")


def test_publishing_needs_an_effective_date_today_or_later_v2(admin):
    draft = policy_services.policy_draft_create(acting_user=admin, today=TODAY)
    with pytest.raises(policy_services.PolicyInvalid) as caught:
        policy_services.policy_publish(version=draft, effective_from=TODAY - timedelta(days=1),
                                       acting_user=admin, today=TODAY)
    assert caught.value.errors[0].field == "effective_from"
    draft.refresh_from_db()
    assert draft.status == PolicyStatus.DRAFT


def test_a_version_scheduled_for_later_is_not_yet_in_force_v2(admin):
    draft = policy_services.policy_draft_create(acting_user=admin, today=TODAY)
    policy_services.policy_publish(version=draft, effective_from=TODAY + timedelta(days=30),
                                   acting_user=admin, today=TODAY)
    assert selectors.policy_version_in_force(TODAY) != draft
    assert selectors.policy_version_in_force(TODAY + timedelta(days=30)).pk == draft.pk


def test_retiring_ends_a_version_and_its_history_is_recorded_v5(admin):
    draft = policy_services.policy_draft_create(acting_user=admin, today=TODAY)
    version = policy_services.policy_publish(version=draft, effective_from=TODAY, acting_user=admin, today=TODAY)
    policy_services.policy_retire(version=version, acting_user=admin)
    version.refresh_from_db()
    assert version.status == PolicyStatus.RETIRED
    history = list(version.history.order_by("history_date").values_list("status", "history_user_id"))
    assert [status for status, _ in history] == ["draft", "published", "retired"]


def test_the_diff_names_what_changed_against_the_version_in_force(admin):
    draft = policy_services.policy_draft_create(acting_user=admin, today=TODAY)
    data = grid(draft)
    data.tiers[0]["discount_pct"] = "22"
    data.parameters["forecast_new_pct"] = "6"
    draft = policy_services.policy_draft_update(version=draft, data=data, acting_user=admin)
    diff = policy_services.policy_diff(draft, selectors.policy_version_in_force(TODAY))
    assert [d["what"] for d in diff] == ["Volume tier row 1", "Parameter forecast_new_pct"]
    assert "20.00%" in diff[0]["old"] and "22.00%" in diff[0]["new"]


# --- the editor page ------------------------------------------------------------------------


def post_grid(version, **changes):
    data = grid(version)
    body = {"tier-count": str(len(data.tiers)), "commitment-count": str(len(data.commitment)), "notes": ""}
    for n, row in enumerate(data.tiers, start=1):
        body.update({f"tier-{n}-{k}": v for k, v in row.items()})
    for n, row in enumerate(data.commitment, start=1):
        body.update({f"commitment-{n}-{k}": v for k, v in row.items()})
    body.update({f"param-{k}": v for k, v in data.parameters.items()})
    body.update(changes)
    return body


def test_the_editor_is_for_revops_admins_only(client):
    client.force_login(UserFactory(role="tam"))
    assert client.get("/revops/policy/").status_code == 403
    assert client.post("/revops/policy/draft/").status_code == 403


def test_the_editor_shows_an_overlap_inline_keeps_what_was_typed_and_saves_nothing(client, admin):
    client.force_login(admin)
    response = client.post("/revops/policy/draft/")
    draft = DiscountPolicyVersion.objects.get(status=PolicyStatus.DRAFT)
    assert response["Location"] == f"/revops/policy/{draft.pk}/"
    page = client.get(f"/revops/policy/{draft.pk}/")
    assert page.status_code == 200 and b"Volume tiers" in page.content

    response = client.post(f"/revops/policy/{draft.pk}/", post_grid(draft, **{"tier-3-min_credit": "90000"}))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Row 3, min_credit: Overlap" in text
    assert 'value="90000"' in text  # what was typed is kept
    assert draft.tiers.get(position=3).min_credit == D("100000.00")


def test_the_live_validation_names_the_row_without_saving(client, admin):
    client.force_login(admin)
    draft = policy_services.policy_draft_create(acting_user=admin)
    response = client.post(f"/revops/policy/{draft.pk}/validate/", post_grid(draft, **{"tier-2-min_credit": "65000"}))
    assert "tiers row 2, min_credit: Gap" in response.content.decode()


def test_the_editor_saves_and_publishes_a_draft(client, admin):
    client.force_login(admin)
    draft = policy_services.policy_draft_create(acting_user=admin)
    response = client.post(f"/revops/policy/{draft.pk}/", post_grid(draft, **{"tier-1-discount_pct": "21"}))
    assert response.status_code == 302
    assert draft.tiers.get(position=1).discount_pct == D("21.00")
    page = client.get(f"/revops/policy/{draft.pk}/").content.decode()
    assert "Volume tier row 1" in page  # the diff against the version in force
    today = timezone.localdate().isoformat()
    client.post(f"/revops/policy/{draft.pk}/publish/", {"effective_from": today})
    draft.refresh_from_db()
    assert draft.status == PolicyStatus.PUBLISHED
    frozen_page = client.get(f"/revops/policy/{draft.pk}/").content.decode()
    assert "This version is frozen" in frozen_page
    assert client.post(f"/revops/policy/{draft.pk}/", post_grid(draft)).status_code == 403


def test_the_index_lists_every_version_in_a_fixed_number_of_queries(client, admin, django_assert_num_queries):
    client.force_login(admin)
    client.get("/revops/policy/")  # warm the session and the content types
    for _ in range(3):
        draft = policy_services.policy_draft_create(acting_user=admin)
        policy_services.policy_publish(version=draft, effective_from=timezone.localdate(), acting_user=admin)
    with django_assert_num_queries(6) as few:
        client.get("/revops/policy/")
    for _ in range(6):
        draft = policy_services.policy_draft_create(acting_user=admin)
        policy_services.policy_publish(version=draft, effective_from=timezone.localdate(), acting_user=admin)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/revops/policy/")
    assert response.content.decode().count("Published") >= 9
