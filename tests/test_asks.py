"""Asks on a case: stages of change with a dated history, next-step prompts
the coalition can edit, ties to responses, and the process measure."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from caseboard.clock import today
from caseboard.extensions import db
from caseboard.models import Ask, AskStage
from caseboard.queries import asks as queries
from caseboard.queries.assessment_process import process
from caseboard.services import asks as service
from caseboard.services.cases import add_response
from caseboard.services.errors import ServiceError
from tests.conftest import sign_in


@pytest.fixture
def bar(db, make_organization, make_user, make_case):
    police = make_organization(name="Harbor Police", kind="police")
    coordinator = make_user(role="coordinator", organization=police)
    owner = make_organization(name="Anchor Bar", kind="business")
    case = make_case(lead=police, coordinator=coordinator, title="Water Street")
    response = add_response(
        coordinator, case, description="Closing-time policy", partner_organization=owner
    )
    ask = service.create_ask(
        coordinator,
        case,
        what="Adopt the closing-time policy",
        organization=owner,
        stage="preparation",
        note="Owner asked for the model policy",
        on=today() - timedelta(days=10),
    )
    db.session.commit()
    return {
        "coordinator": coordinator,
        "owner": owner,
        "case": case,
        "response": response,
        "ask": ask,
        "police": police,
    }


def test_every_stage_has_default_next_steps():
    prompts = queries.default_prompts()
    assert set(prompts) == set(AskStage)
    assert all(prompts[stage] for stage in AskStage)


def test_moving_to_action_shows_on_the_case_with_its_history(client, bar):
    sign_in(client, bar["coordinator"])
    ask = bar["ask"]
    response = client.post(
        f"/asks/{ask.id}/stage",
        data={"to_stage": "action", "note": "Policy posted", "version": ask.version},
    )
    assert response.status_code == 302
    page = client.get(f"/cases/{bar['case'].id}").text
    section = page[page.index('id="asks"') :]
    assert section.index("Action") < section.index("Adopt the closing-time policy")
    history = client.get(f"/asks/{ask.id}").text
    assert "Preparation → Action" in history
    assert "Policy posted" in history


def test_a_stale_move_is_a_conflict_not_an_overwrite(client, bar):
    sign_in(client, bar["coordinator"])
    ask = bar["ask"]
    old = ask.version
    client.post(f"/asks/{ask.id}/stage", data={"to_stage": "action", "version": old})
    client.post(f"/asks/{ask.id}/stage", data={"to_stage": "relapse", "version": old})
    db.session.expire_all()
    assert db.session.get(Ask, ask.id).stage == AskStage.ACTION


def test_a_response_is_tied_only_in_action_or_maintenance(bar):
    ask, response = bar["ask"], bar["response"]
    with pytest.raises(ServiceError):
        service.tie_response(None, ask, response)
    service.move_stage(None, ask, expected_version=ask.version, to_stage="action")
    service.tie_response(None, ask, response)
    assert ask.response is response
    service.move_stage(None, ask, expected_version=ask.version, to_stage="relapse")
    assert ask.response is None


def test_a_move_cannot_be_dated_before_the_last(bar):
    ask = bar["ask"]
    with pytest.raises(ServiceError):
        service.move_stage(
            None,
            ask,
            expected_version=ask.version,
            to_stage="action",
            on=today() - timedelta(days=11),
        )


def test_the_process_measure_counts_asks_in_action_or_maintenance(bar):
    case = bar["case"]
    service.create_ask(None, case, what="Lighting", organization=bar["police"])
    ask = bar["ask"]
    service.move_stage(None, ask, expected_version=ask.version, to_stage="maintenance")
    db.session.commit()
    measured = process(case, today())
    assert (measured.asks_acting, measured.asks) == (1, 2)
    assert measured.as_json()["asks_in_action_or_maintenance"] == 1


def test_the_stakeholder_page_shows_every_ask_on_them(client, bar):
    sign_in(client, bar["coordinator"])
    page = client.get(f"/organizations/{bar['owner'].id}").text
    assert "Adopt the closing-time policy" in page


def test_a_coalition_edits_its_prompts_and_blank_restores_defaults(
    client, bar, make_user
):
    admin = make_user(role="admin")
    sign_in(client, admin)
    coalition_id = bar["case"].coalition_id
    data = {stage.value: "" for stage in AskStage}
    data["preparation"] = "Bring the model policy\nOffer staff training"
    data["version"] = queries.prompt_set(coalition_id).version
    client.post(f"/coalitions/{coalition_id}/ask-prompts", data=data)
    prompts = queries.prompts_for(coalition_id)
    assert prompts[AskStage.PREPARATION] == [
        "Bring the model policy",
        "Offer staff training",
    ]
    assert prompts[AskStage.ACTION] == list(queries.default_prompts()[AskStage.ACTION])
    assert "Bring the model policy" in client.get(f"/asks/{bar['ask'].id}").text
    sign_in(client, bar["coordinator"])  # not the coalition's coordinator
    refused = client.post(f"/coalitions/{coalition_id}/ask-prompts", data=data)
    assert refused.status_code == 403


def test_a_stale_prompts_save_gives_a_conflict_and_overwrites_nothing(
    client, bar, make_user
):
    admin = make_user(role="admin")
    sign_in(client, admin)
    url = f"/coalitions/{bar['case'].coalition_id}/ask-prompts"
    page = client.get(url).text
    opened = re.search(r'name="version"[^>]*value="(\d+)"', page)
    assert opened is not None  # both forms loaded before either saves
    blank = {stage.value: "" for stage in AskStage}
    first = {**blank, "action": "Check the door staff", "version": opened[1]}
    assert client.post(url, data=first).status_code == 302
    second = {**blank, "action": "Ring the owner", "version": opened[1]}
    answer = client.post(url, data=second)
    assert answer.status_code == 200
    assert "Someone saved this record after you opened it" in answer.text
    assert "Check the door staff" in answer.text  # what was saved, side by side
    db.session.expire_all()
    coalition_id = bar["case"].coalition_id
    assert queries.prompts_for(coalition_id)[AskStage.ACTION] == [
        "Check the door staff"
    ]
    # Saving again from the conflict page is a deliberate choice: it goes.
    fresh = re.search(r'name="version"[^>]*value="(\d+)"', answer.text)
    assert fresh is not None and fresh[1] != opened[1]
    assert client.post(url, data={**second, "version": fresh[1]}).status_code == 302
    db.session.expire_all()
    assert queries.prompts_for(coalition_id)[AskStage.ACTION] == ["Ring the owner"]


def test_another_coalition_gets_404(client, bar, make_outsider):
    sign_in(client, make_outsider("Eastgate partnership"))
    ask = bar["ask"]
    assert client.get(f"/asks/{ask.id}").status_code == 404
    assert client.post(f"/asks/{ask.id}/stage", data={}).status_code == 404
    assert "closing-time" not in client.get(f"/organizations/{bar['owner'].id}").text
    coalition_id = bar["case"].coalition_id
    assert client.get(f"/coalitions/{coalition_id}/ask-prompts").status_code == 404


def test_naming_nobody_is_refused_on_the_form(client, bar):
    sign_in(client, bar["coordinator"])
    before = db.session.scalar(select(db.func.count()).select_from(Ask))
    page = client.post(
        f"/cases/{bar['case'].id}/asks/new",
        data={"what": "Install lighting", "stage": "contemplation"},
    )
    assert page.status_code == 200
    assert "Name the person or the organization asked." in page.text
    assert db.session.scalar(select(db.func.count()).select_from(Ask)) == before
