"""With REDIS_URL, every server keeps search pages in one Redis: a page one built, another serves; an edit ends it for all."""
import redis

from app import create_app
from core.extensions import db

PAGE = "/search?near=M1+1AE&radius=10&treatment=microneedling"


def test_a_page_kept_by_one_server_is_served_by_another_until_an_edit(app, app_config, redis_url, make_bookable):
    target = make_bookable(name="Dr Shared")
    first, second = create_app(app_config).test_client(), create_app(app_config).test_client()
    built = first.get(PAGE)
    served = second.get(PAGE)
    assert (built.status_code, built.headers["X-Page-Cache"]) == (200, "miss")
    assert (served.status_code, served.headers["X-Page-Cache"]) == (200, "hit")
    assert served.get_data() == built.get_data() and "Dr Shared" in served.get_data(as_text=True)
    assert redis.Redis.from_url(redis_url).keys("verity:page:*")

    target.practitioner.name = "Dr Edited"
    db.session.commit()
    after = second.get(PAGE)
    assert after.headers["X-Page-Cache"] == "miss" and "Dr Edited" in after.get_data(as_text=True)
    assert first.get(PAGE).headers["X-Page-Cache"] == "hit"  # the other server's new page, shared


def test_a_redis_that_is_gone_only_means_pages_are_built(app_config, make_bookable):
    make_bookable(name="Dr Offline")
    client = create_app({**app_config, "REDIS_URL": "redis://127.0.0.1:1/0"}).test_client()
    for _ in range(2):
        response = client.get(PAGE)
        assert response.status_code == 200 and response.headers["X-Page-Cache"] == "miss"
