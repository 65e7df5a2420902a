"""What a form view does with its one service call: commit it, or show the refusal on the form."""
from flask import flash

from core.extensions import db
from core.refusal import Refusal, put_on_form


def carry_out(form, change, success=None, show=put_on_form) -> bool:
    """Run `change()`, commit and flash `success`; on a refusal roll back and show it. True when it was made.

    `success` is a message, or a function of what `change` returned giving the message or a
    (message, category) pair. `show` puts the refusal on the form; a form whose field names the
    refusal cannot find at the top level (a list of sub-forms) passes its own.
    """
    try:
        result = change()
    except Refusal as refusal:
        db.session.rollback()
        show(form, refusal)
        return False
    db.session.commit()
    message = success(result) if callable(success) else success
    if message:
        flash(*((message, "success") if isinstance(message, str) else message))
    return True
