"""Dashboard lists, contacts, suppression and erasure."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from leadsmith.contacts import service as contacts
from leadsmith.contacts.models import Contact, ContactList, ErasedPerson, ListMember, Suppression
from leadsmith.db.engine import session_scope
from tests.web.conftest import DashboardUserFactory

XSS = "<script>alert(1)</script>"


async def _list_with(workspace_id: str, name: str, people: list[dict[str, Any]]) -> str:
    async with session_scope() as session:
        made = await contacts.create_list(session, workspace_id, name)
        await contacts.import_people(session, workspace_id, people, list_id=made.id)
        return made.id


async def _count(model: Any, *conds: Any) -> int:
    async with session_scope() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*conds)) or 0)


async def test_empty_pages_say_what_to_do_next(web_client: Any) -> None:
    assert "No lists yet" in (await web_client.get("/lists")).text
    assert "No contacts yet" in (await web_client.get("/contacts")).text
    assert "Nothing suppressed" in (await web_client.get("/suppression")).text


async def test_create_rename_and_export_a_list(web_client: Any) -> None:
    r = await web_client.post("/lists", data={"csrf_token": web_client.csrf, "name": "Q3 leads"})
    assert r.status_code == 303
    list_id = r.headers["location"].removeprefix("/lists/")
    page = await web_client.get(r.headers["location"])
    assert "Q3 leads" in page.text and "This list is empty" in page.text
    await _list_with(
        web_client.user.workspace_id,
        "other",
        [{"email": "ann@acme.example", "name": "Ann Lee", "company": "=cmd()"}],
    )
    async with session_scope() as session:
        await contacts.import_people(
            session,
            web_client.user.workspace_id,
            [{"email": "ann@acme.example"}, {"email": "bob@acme.example", "name": "Bob"}],
            list_id=list_id,
        )
    r = await web_client.post(
        f"/lists/{list_id}/rename", data={"csrf_token": web_client.csrf, "name": "Q4 leads"}
    )
    page = await web_client.get(r.headers["location"])
    assert "Renamed to “Q4 leads”" in page.text and "2 contacts" in page.text
    listing = await web_client.get("/lists")
    assert "Q4 leads" in listing.text and "Q3 leads" not in listing.text
    exported = await web_client.get(f"/lists/{list_id}/export.csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [r["email"] for r in rows] == ["ann@acme.example", "bob@acme.example"]
    assert rows[0]["company"] == "'=cmd()"  # formula neutralised


async def test_a_long_list_is_shown_page_by_page(web_client: Any) -> None:
    people = [{"email": f"p{i:02d}@many.example"} for i in range(55)]
    list_id = await _list_with(web_client.user.workspace_id, "Many", people)
    first = await web_client.get(f"/lists/{list_id}")
    assert "55 contacts" in first.text and "Page 1 of 2" in first.text
    assert first.text.count("@many.example</td>") == 50
    second = await web_client.get(f"/lists/{list_id}?page=2")
    assert second.text.count("@many.example</td>") == 5 and "p54@many.example" in second.text
    beyond = await web_client.get(f"/lists/{list_id}?page=9")
    assert "Page 2 of 2" in beyond.text


async def test_bad_list_names_are_refused(web_client: Any) -> None:
    r = await web_client.post("/lists", data={"csrf_token": web_client.csrf, "name": "  "})
    assert r.status_code == 400 and "Give the list a name" in r.text
    r = await web_client.post("/lists", data={"csrf_token": web_client.csrf, "name": "x" * 121})
    assert r.status_code == 400 and "at most 120" in r.text
    assert await _count(ContactList, ContactList.workspace_id == web_client.user.workspace_id) == 0


async def test_remove_from_a_list_keeps_the_contact(web_client: Any) -> None:
    ws = web_client.user.workspace_id
    list_id = await _list_with(ws, "L", [{"email": "a@x.example"}, {"email": "b@x.example"}])
    async with session_scope() as session:
        contact_id = await session.scalar(
            select(Contact.id).where(Contact.workspace_id == ws, Contact.email == "a@x.example")
        )
    r = await web_client.post(
        f"/lists/{list_id}/remove", data={"csrf_token": web_client.csrf, "contact_id": contact_id}
    )
    page = await web_client.get(r.headers["location"])
    assert "Removed from the list" in page.text and "a@x.example" not in page.text
    assert await _count(ListMember, ListMember.list_id == list_id) == 1
    assert await _count(Contact, Contact.workspace_id == ws) == 2


async def test_contacts_search_and_remove(web_client: Any) -> None:
    ws = web_client.user.workspace_id
    list_id = await _list_with(
        ws,
        "L",
        [
            {"email": "ann@acme.example", "name": "Ann Lee", "company": "Acme"},
            {"email": "bob@globex.example", "name": "Bob Ray", "company": "Globex"},
        ],
    )
    page = await web_client.get("/contacts", params={"q": "glob"})
    assert "bob@globex.example" in page.text and "ann@acme.example" not in page.text
    page = await web_client.get("/contacts", params={"q": "ANN"})
    assert "ann@acme.example" in page.text and "bob@globex.example" not in page.text
    assert "No contacts match" in (await web_client.get("/contacts?q=zzz%25")).text
    async with session_scope() as session:
        bob = await session.scalar(select(Contact.id).where(Contact.email == "bob@globex.example"))
    r = await web_client.post(
        f"/contacts/{bob}/remove", data={"csrf_token": web_client.csrf, "q": "glob"}
    )
    assert r.headers["location"] == "/contacts?q=glob"
    assert "Removed bob@globex.example" in (await web_client.get(r.headers["location"])).text
    assert await _count(Contact, Contact.workspace_id == ws) == 1
    assert await _count(ListMember, ListMember.list_id == list_id) == 1


async def test_suppress_emails_and_domains_then_remove(web_client: Any) -> None:
    ws = web_client.user.workspace_id
    list_id = await _list_with(
        ws, "L", [{"email": "ann@acme.example"}, {"email": "bob@globex.example"}]
    )
    r = await web_client.post(
        "/suppression",
        data={"csrf_token": web_client.csrf, "values": "ann@acme.example\nglobex.example\n"},
    )
    assert r.status_code == 303
    page = await web_client.get("/suppression")
    assert "Suppressed 2 new entries" in page.text
    assert "globex.example" in page.text and "Whole domain" in page.text
    # Suppressed people disappear from list pages and exports.
    listing = await web_client.get(f"/lists/{list_id}")
    assert "ann@acme.example" not in listing.text and "bob@globex.example" not in listing.text
    assert "acme" not in (await web_client.get(f"/lists/{list_id}/export.csv")).text
    r = await web_client.post(
        "/suppression/remove", data={"csrf_token": web_client.csrf, "value": "globex.example"}
    )
    assert "no longer suppressed" in (await web_client.get(r.headers["location"])).text
    assert await _count(Suppression, Suppression.workspace_id == ws) == 1


async def test_suppressing_nonsense_adds_nothing(web_client: Any) -> None:
    r = await web_client.post(
        "/suppression",
        data={"csrf_token": web_client.csrf, "values": "ok@fine.example\nnot a domain"},
    )
    assert r.status_code == 400 and "neither an email address nor a domain" in r.text
    assert await _count(Suppression, Suppression.workspace_id == web_client.user.workspace_id) == 0


async def test_erase_asks_first_then_erases(web_client: Any) -> None:
    ws = web_client.user.workspace_id
    await _list_with(ws, "L", [{"email": "gone@acme.example", "name": "Gone Person"}])
    r = await web_client.post(
        "/suppression/erase", data={"csrf_token": web_client.csrf, "email": "Gone@Acme.example"}
    )
    assert r.status_code == 200 and "This cannot be undone" in r.text
    assert "removes 1 contact" in r.text
    assert await _count(Contact, Contact.workspace_id == ws) == 1  # nothing yet
    r = await web_client.post(
        "/suppression/erase",
        data={"csrf_token": web_client.csrf, "email": "gone@acme.example", "confirm": "yes"},
    )
    assert r.status_code == 303
    assert "Erased gone@acme.example" in (await web_client.get(r.headers["location"])).text
    assert await _count(Contact, Contact.workspace_id == ws) == 0
    assert await _count(ErasedPerson, ErasedPerson.workspace_id == ws) == 1
    r = await web_client.post(
        "/suppression/erase", data={"csrf_token": web_client.csrf, "email": "nope"}
    )
    assert r.status_code == 400 and "is not an email address" in r.text


async def test_names_from_outside_are_escaped(web_client: Any) -> None:
    list_id = await _list_with(
        web_client.user.workspace_id,
        XSS,
        [{"email": "x@evil.example", "name": XSS, "company": XSS, "linkedin_url": "javascript:x"}],
    )
    for url in (f"/lists/{list_id}", "/lists", "/contacts"):
        page = await web_client.get(url)
        assert XSS not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "javascript:" not in page.text


async def test_another_workspaces_list_and_contact_are_not_found(
    web_client: Any, dashboard_user: DashboardUserFactory
) -> None:
    other = await dashboard_user()
    list_id = await _list_with(other.workspace_id, "Secret list", [{"email": "s@secret.example"}])
    async with session_scope() as session:
        contact_id = await session.scalar(
            select(Contact.id).where(Contact.workspace_id == other.workspace_id)
        )
    for url in (f"/lists/{list_id}", f"/lists/{list_id}/export.csv", f"/lists/{uuid.uuid4()}"):
        r = await web_client.get(url)
        assert r.status_code == 404 and "Secret list" not in r.text, url
    for url, data in (
        (f"/lists/{list_id}/rename", {"name": "mine now"}),
        (f"/lists/{list_id}/remove", {"contact_id": contact_id}),
        (f"/contacts/{contact_id}/remove", {}),
    ):
        r = await web_client.post(url, data={"csrf_token": web_client.csrf, **data})
        assert r.status_code == 404, url
    assert await _count(ListMember, ListMember.list_id == list_id) == 1
    async with session_scope() as session:
        found = await session.get(ContactList, list_id)
        assert found is not None and found.name == "Secret list"
    assert "s@secret.example" not in (await web_client.get("/contacts")).text


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/lists", {"name": "x"}),
        ("/lists/{list}/rename", {"name": "x"}),
        ("/lists/{list}/remove", {"contact_id": "{contact}"}),
        ("/contacts/{contact}/remove", {}),
        ("/suppression", {"values": "a@b.example"}),
        ("/suppression/remove", {"value": "keep.example"}),
        ("/suppression/erase", {"email": "a@keep.example", "confirm": "yes"}),
    ],
)
async def test_posts_without_the_csrf_token_are_refused(
    web_client: Any, path: str, data: dict[str, str]
) -> None:
    ws = web_client.user.workspace_id
    list_id = await _list_with(ws, "Keep", [{"email": "a@keep.example"}])
    async with session_scope() as session:
        await contacts.suppress(session, ws, ["keep.example"])
        contact_id = await session.scalar(select(Contact.id).where(Contact.workspace_id == ws))
    fill = {"list": list_id, "contact": str(contact_id)}
    r = await web_client.post(
        path.format(**fill), data={k: v.format(**fill) for k, v in data.items()}
    )
    assert r.status_code == 403
    assert await _count(ContactList, ContactList.workspace_id == ws) == 1
    assert await _count(ListMember, ListMember.list_id == list_id) == 1
    assert await _count(Contact, Contact.workspace_id == ws) == 1
    assert await _count(Suppression, Suppression.workspace_id == ws) == 1
    async with session_scope() as session:
        found = await session.get(ContactList, list_id)
        assert found is not None and found.name == "Keep"
