"""A practitioner sends their personal licence with its evidence; an admin verifies it against the evidence with
its expiry; the practitioner's licences page and the public profile say so in plain words (ENG-LICENCE).

Pages run at the pinned instant NOW (Monday 2 March 2026, 08:00 in London), as in tests/booking.
"""
import re

from playwright.sync_api import expect

from tests.booking.conftest import app_config, bookable  # noqa: F401
from tests.browser.conftest import axe_violations, check_page, evidence_pdf, log_in, log_out, \
    serious_violations_report


def test_send_a_licence_an_admin_verifies_it_and_the_profile_says_so(new_page, live_server, bookable, make_user,
                                                                      tmp_path):
    doctor = bookable.practitioner
    admin = make_user(role="admin", email="admin@verity.example", name="Ada Admin")
    evidence = tmp_path / "licence.pdf"
    evidence.write_bytes(evidence_pdf("Personal licence PL-2026-0042"))
    tab = new_page(axe=True)
    log_in(tab, live_server, doctor.user.email)
    tab.goto(live_server + "/practice/licences/")
    expect(tab.get_by_text("No verified personal licence (not required yet in England)")).to_be_visible()
    tab.get_by_label("Which licence?").select_option("personal")
    tab.get_by_label("Issuing council").fill("Manchester City Council")
    tab.get_by_label("Licence number or CQC provider ID").fill("PL-2026-0042")
    tab.get_by_label("Expiry date").fill("2027-03-31")
    tab.get_by_label("Evidence").set_input_files(str(evidence))
    with tab.expect_navigation():
        tab.get_by_role("button", name="Send for review").click()
    expect(tab.get_by_text("Verity's admins will check the licence against its evidence.")).to_be_visible()
    assert not axe_violations(tab), serious_violations_report(axe_violations(tab))
    check_page(tab, "licences-practice")
    log_out(tab)

    log_in(tab, live_server, admin.email)
    tab.goto(live_server + "/admin/licences")
    review = tab.get_by_role("link", name=re.compile(r"^Review .*Personal licence"))
    expect(review).to_be_visible()
    tab.goto(live_server + review.get_attribute("href"))
    tab.get_by_label("Expiry date shown on the evidence").fill("2027-02-28")
    assert not axe_violations(tab), serious_violations_report(axe_violations(tab))
    with tab.expect_navigation():
        tab.get_by_role("button", name="Verify this licence").click()
    expect(tab.get_by_text("No licences are waiting for review.")).to_be_visible()
    log_out(tab)

    tab.goto(f"{live_server}/practitioners/{doctor.slug}")
    licensing = tab.locator("section[aria-labelledby='licensing-heading']")
    expect(licensing).to_contain_text("Personal licence PL-2026-0042 verified until 28 February 2027 "
                                      "(not required yet in England)")
    check_page(tab, "licences-profile")
