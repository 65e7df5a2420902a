"""What a search engine and a phone read first on each patient page: a description, a language, a viewport."""
import re
from html import unescape

import pytest

META_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')


def head_of(client, url: str) -> str:
    """The page's <head>, after checking it answered 200."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    assert '<html lang="en' in html
    return html.split("</head>", 1)[0]


@pytest.mark.parametrize("page", ["home", "results", "profile", "booking"])
def test_every_patient_page_has_a_description_and_a_phone_viewport(client, bookable, page):
    slug = bookable.practitioner.slug
    url = {"home": "/", "results": "/search?near=M1+1AE&radius=10", "profile": f"/practitioners/{slug}",
           "booking": f"/practitioners/{slug}/book"}[page]
    head = head_of(client, url)
    descriptions = META_DESCRIPTION.findall(head)
    assert len(descriptions) == 1 and len(unescape(descriptions[0]).strip()) >= 50, descriptions
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in head
    if page == "profile":
        assert "Dr Bookable" in unescape(descriptions[0])
