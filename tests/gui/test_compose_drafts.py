"""The compose draft and template store behind the page (no widgets needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from console.domain.models import Recipient
from console.services.drafts import DraftService, EmptyTemplateError, TemplateNameError
from console.services.images import prepare_image
from console.store.database import Database


@pytest.fixture
def service(tmp_path: Path) -> Iterator[DraftService]:
    db = Database(tmp_path / "drafts.sqlite3")
    yield DraftService(db)
    db.close()


def test_parts_are_saved_and_loaded_independently(service: DraftService) -> None:
    assert service.load("p1") is None
    people = [Recipient("01012345678", "홍", {"금액": "1,000"}), Recipient("0212345678")]
    service.save_recipients("p1", people)
    service.save_fields("p1", {"content": "안내 #{금액}", "force_lms": True})
    service.save_fields("p1", {"content": "안내 #{금액}원", "force_lms": False})
    draft = service.load("p1")
    assert draft is not None
    assert draft.fields == {"content": "안내 #{금액}원", "force_lms": False}
    assert draft.recipients == people
    assert draft.images == []
    assert service.load("p2") is None
    service.clear("p1")
    assert service.load("p1") is None


def test_images_round_trip(service: DraftService) -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "PNG")
    image = prepare_image(buffer.getvalue(), source_name="빨강.png")
    service.save_images("p", [image])
    draft = service.load("p")
    assert draft is not None
    assert draft.images == [image]


def test_unreadable_parts_are_dropped(service: DraftService) -> None:
    service.save_images("p", [])
    service.store.save_images("p", [{"name": "broken"}])
    service.store.save_recipients("p", [{"phone": "01011112222", "fields": 3}])
    draft = service.load("p")
    assert draft is not None
    assert draft.images == []
    assert draft.recipients == []


def test_templates_overwrite_by_name_and_validate(service: DraftService) -> None:
    first = service.save_template("  점검   안내 ", "내일 점검합니다.", "점검", "COMM")
    assert first.name == "점검 안내"
    again = service.save_template("점검 안내", "모레 점검합니다.", content_type="AD")
    assert again.id == first.id
    assert [t.content for t in service.templates()] == ["모레 점검합니다."]
    assert service.templates()[0].content_type == "AD"
    service.save_template("가입 환영", "가입을 환영합니다.", content_type="weird")
    assert [t.name for t in service.templates()] == ["가입 환영", "점검 안내"]
    assert service.templates()[0].content_type == "COMM"
    with pytest.raises(TemplateNameError):
        service.save_template(" ", "내용")
    with pytest.raises(TemplateNameError):
        service.save_template("가" * 61, "내용")
    with pytest.raises(EmptyTemplateError):
        service.save_template("빈 템플릿", "  \n")
    service.delete_template(first.id)
    assert service.template(first.id) is None
    assert [t.name for t in service.templates()] == ["가입 환영"]
