"""The practitioner's overview and profile: what to finish, and who they are as patients see it."""
from flask import abort, redirect, render_template, send_from_directory, url_for
from flask_login import current_user

from accounts.roles import role_required
from booking.forms import ActionForm
from booking.queries import awaiting_confirmation
from compliance.consistency import refuse_conflicts
from core import clock
from core.forms import carry_out
from credentials.services import current_credentials, registration_since
from directory import photos, profiles, services
from directory.queries import practitioner_of
from directory.listing import is_listed
from directory.services import whole_years
from practice.access import profile_required
from practice.blueprint import bp
from practice.forms import ProfileForm, countries_of
from practice.pages import form_page
from practice.todo import todos


@bp.get("/")
@role_required("practitioner")
def dashboard():
    """The practitioner's overview: what to finish, their clinics and their treatments."""
    practitioner = practitioner_of(current_user)
    if practitioner is None:
        return render_template("practice/welcome.html")
    today, checklist = clock.today(), profiles.completeness(practitioner)
    to_confirm = awaiting_confirmation(practitioner, clock.now())
    return render_template("practice/dashboard.html", practitioner=practitioner, checklist=checklist,
                           years=whole_years(registration_since(practitioner, today), today),
                           listed=is_listed(practitioner, today),
                           credentials=current_credentials(practitioner, today),
                           to_confirm=to_confirm, todos=todos(practitioner, to_confirm, checklist),
                           action_form=ActionForm())


@bp.route("/profile/new", methods=["GET", "POST"])
@role_required("practitioner")
def create_profile():
    """Create the practitioner's profile."""
    if practitioner_of(current_user) is not None:
        return redirect(url_for(".edit_profile"))
    form = ProfileForm(name=current_user.name)
    return form_page("practice/profile_form.html", form,
                     lambda: services.create_profile(current_user, form.details(), form.upload()),
                     "Your profile is created. Next, add the clinic where you see patients.", practitioner=None)


@bp.route("/profile", methods=["GET", "POST"])
@role_required("practitioner")
@profile_required
def edit_profile(practitioner):
    """Change the practitioner's profile and photo; the photo it replaces is deleted once the change is stored."""
    form = ProfileForm(obj=practitioner, countries=countries_of(practitioner))
    unused = []
    if form.validate_on_submit() and carry_out(form, lambda: unused.append(_update(practitioner, form)),
                                               "Your profile is saved."):
        photos.discard(unused[0])
        return redirect(url_for(".dashboard"))
    return render_template("practice/profile_form.html", form=form, practitioner=practitioner)


def _update(practitioner, form) -> str | None:
    """Save the profile unless its bio contradicts the exosome declaration; return the photo it no longer uses."""
    details = form.details()
    refuse_conflicts(practitioner, bio=details.bio)
    return services.update_profile(practitioner, details, form.upload(), form.remove_photo.data, actor=current_user)


@bp.get("/photos/<filename>")
def photo(filename):
    """Serve a practitioner photo; only names this site generated are served."""
    if not photos.is_photo_name(filename):
        abort(404)
    return send_from_directory(photos.folder(), filename, mimetype="image/jpeg", max_age=30 * 24 * 3600)
